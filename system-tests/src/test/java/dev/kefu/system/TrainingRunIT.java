package dev.kefu.system;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class-data sharing training run of every service, exactly as the Dockerfile's {@code RUN java ...} line makes
 * it (the devstack's is the same, ClassDataSharing.trainingCommand): the context must refresh with no broker and no
 * database, and the JVM must write its archive. A bean that reads the database when it is made broke this in every
 * service with a database: the images could not be built and the devstack started them without archives, saying so
 * only in its log.
 */
class TrainingRunIT {

    private static final Pattern RUN_JAVA = Pattern.compile("RUN java (-XX:ArchiveClassesAtExit=.*?)-jar app\\.jar", Pattern.DOTALL);

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "order-service", "conversation-service", "aftersales-service", "review-service"})
    void theImagesTrainingRunRefreshesTheContextAndWritesTheArchive(String service, @TempDir Path dir)
            throws IOException, InterruptedException {
        Path jar = LocalStack.REPO.resolve(service).resolve("target").resolve(service + ".jar");
        assertThat(jar).as("packaged before the system tests").exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC"));
        cmd.addAll(dockerfileTrainingFlags(dir.resolve("app.jsa")));
        cmd.addAll(List.of("-jar", jar.toString()));
        Path log = dir.resolve("training.log");
        Process run = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            boolean ended = run.waitFor(180, TimeUnit.SECONDS);
            String output = Files.readString(log);
            assertThat(ended).as("the training run ended within 180 s:\n%s", tail(output)).isTrue();
            assertThat(run.exitValue()).as("the training run's exit code:\n%s", tail(output)).isZero();
            assertThat(dir.resolve("app.jsa")).as("its archive").exists();
            assertThat(Files.size(dir.resolve("app.jsa"))).isPositive();
        } finally {
            if (run.isAlive()) {
                run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The flags of the Dockerfile's training run, with its archive written to {@code archive}. */
    static List<String> dockerfileTrainingFlags(Path archive) throws IOException {
        String dockerfile = Files.readString(LocalStack.REPO.resolve("Dockerfile"));
        Matcher m = RUN_JAVA.matcher(dockerfile);
        assertThat(m.find()).as("the Dockerfile's training run").isTrue();
        List<String> flags = new ArrayList<>();
        for (String token : m.group(1).replace("\\\n", " ").trim().split("\\s+")) {
            String flag = token.replace("'", "");
            flags.add(flag.startsWith("-XX:ArchiveClassesAtExit=") ? "-XX:ArchiveClassesAtExit=" + archive : flag);
        }
        assertThat(flags).contains("-Dspring.context.exit=onRefresh");
        return flags;
    }

    private static String tail(String output) {
        return output.length() <= 4000 ? output : output.substring(output.length() - 4000);
    }
}
