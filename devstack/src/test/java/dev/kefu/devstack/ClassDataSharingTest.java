package dev.kefu.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClassDataSharingTest {

    private static final List<String> FLAGS = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC");

    @TempDir
    Path tmp;

    private final JavaLauncher launcher = JavaLauncher.current();

    private ClassDataSharing cds(boolean enabled) {
        return new ClassDataSharing(enabled, tmp.resolve("data").resolve(ClassDataSharing.DIR), "jvm-17", launcher);
    }

    private Path jar(String name) throws IOException {
        Path jar = tmp.resolve("repo").resolve(name + ".jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not really a jar");
        return jar;
    }

    /** What the extraction leaves, without running it: {@code <cache dir>/<name>.jar}. */
    private Path extractedBy(ClassDataSharing cds, Path jar) throws IOException {
        Path thin = cds.cacheDir(jar).resolve(jar.getFileName());
        Files.createDirectories(thin.getParent());
        Files.writeString(thin, "thin jar");
        return thin;
    }

    /** A file that starts like a JDK 17 dynamic archive, named as a training run names a complete one. */
    private static Path archiveIn(Path dir, int bytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.nativeOrder());
        b.putInt(ClassDataSharing.DYNAMIC_MAGIC);
        Path recording = dir.resolve(ClassDataSharing.RECORDING + "1-1");
        Files.write(recording, b.array());
        Path archive = ClassDataSharing.archiveFor(recording);
        Files.move(recording, archive);
        return archive;
    }

    @Test
    void offRunsTheJarAsBefore() throws IOException {
        Path jar = jar("order-service");
        ClassDataSharing.Launch launch = cds(false).launch(jar, FLAGS);
        assertThat(launch.jar()).isEqualTo(jar.toAbsolutePath());
        assertThat(launch.jvmOptions()).isEqualTo(FLAGS);
        assertThat(tmp.resolve("data").resolve(ClassDataSharing.DIR)).doesNotExist();
    }

    @Test
    void theCacheIsKeyedByTheJarsSizeAndTimeAndTheJvm() throws IOException {
        Path jar = jar("gateway");
        ClassDataSharing cds = cds(true);
        Path dir = cds.cacheDir(jar);
        assertThat(dir.getFileName().toString()).matches("gateway-[0-9a-f]{12}");
        assertThat(cds.cacheDir(jar)).isEqualTo(dir);

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
        Path rebuilt = cds.cacheDir(jar);
        assertThat(rebuilt).isNotEqualTo(dir);
        Files.writeString(jar, "a longer jar than before");
        assertThat(cds.cacheDir(jar)).isNotEqualTo(rebuilt);
        assertThat(new ClassDataSharing(true, tmp.resolve("data").resolve(ClassDataSharing.DIR), "jvm-21", launcher)
                .cacheDir(jar)).isNotEqualTo(cds.cacheDir(jar));
    }

    @Test
    void withoutAnArchiveTheExtractedJarRunsAndIsTrainedAfterReady() throws IOException {
        Path jar = jar("order-service");
        ClassDataSharing cds = cds(true);
        Path thin = extractedBy(cds, jar);
        ClassDataSharing.Launch launch = cds.launch(jar, FLAGS);
        assertThat(launch.jar()).isEqualTo(thin);
        assertThat(launch.jvmOptions()).isEqualTo(FLAGS);
        assertThat(cds.summary()).contains("extracted, archive made after ready: order-service");
    }

    @Test
    void withAnArchiveItIsMappedAndAnArchiveTheJvmRejectsIsNoFailure() throws IOException {
        Path jar = jar("order-service");
        ClassDataSharing cds = cds(true);
        Path thin = extractedBy(cds, jar);
        Path archive = archiveIn(thin.getParent(), 4096);
        ClassDataSharing.Launch launch = cds.launch(jar, FLAGS);
        assertThat(launch.jar()).isEqualTo(thin);
        List<String> expected = new ArrayList<>(FLAGS);
        expected.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-XX:+VerifySharedSpaces"));
        assertThat(launch.jvmOptions()).isEqualTo(expected);
        assertThat(cds.summary()).contains("classes mapped from their archive: order-service");
    }

    @Test
    void aTruncatedOrHeaderlessArchiveAndLeftoverRecordingsAreDeleted() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cache"));
        Path archive = archiveIn(dir, 4096);
        Files.write(dir.resolve(ClassDataSharing.RECORDING + "77-1"), new byte[4096]); // its JVM was killed
        assertThat(ClassDataSharing.archive(dir)).isEqualTo(archive);
        assertThat(dir.resolve(ClassDataSharing.RECORDING + "77-1")).doesNotExist();

        // truncated (a JDK 17 JVM mapping it dies of SIGBUS, -Xshare:auto or not): gone, trained again
        Files.write(archive, new byte[] {1, 2, 3, 4});
        assertThat(ClassDataSharing.archive(dir)).isNull();
        assertThat(archive).doesNotExist();

        // the right size but no dynamic archive's header
        Path zeros = dir.resolve("app-4096.jsa");
        Files.write(zeros, new byte[4096]);
        assertThat(ClassDataSharing.archive(dir)).isNull();
        assertThat(zeros).doesNotExist();
    }

    @Test
    void aJarThatCannotBeExtractedRunsAsBefore() throws Exception {
        Path jar = jar("review-service"); // not a Boot jar: java -Djarmode=tools fails
        ClassDataSharing cds = cds(true);
        List<String> logged = new ArrayList<>();
        cds.prepare(List.of(jar), logged::add);
        ClassDataSharing.Launch launch = cds.launch(jar, FLAGS);
        assertThat(launch.jar()).isEqualTo(jar.toAbsolutePath());
        assertThat(launch.jvmOptions()).isEqualTo(FLAGS);
        // launched before its extraction ended or after it failed: either way from the jar, and the failure is said
        for (int i = 0; i < 300 && logged.isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(logged).singleElement().asString().contains("not extracted");
        assertThat(cds.launch(jar, FLAGS).jar()).isEqualTo(jar.toAbsolutePath());
    }

    @Test
    void theTrainingRunDisturbsNothingOfTheRunningStack() {
        List<String> cmd = ClassDataSharing.trainingCommand(Path.of("/jdk/bin/java"), FLAGS, Path.of("/c/g/gateway.jar"),
                Path.of("/c/g/app.jsa.rec-1-1"));
        assertThat(cmd).startsWith("/jdk/bin/java", "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:ArchiveClassesAtExit=/c/g/app.jsa.rec-1-1");
        assertThat(cmd).contains("-Dspring.context.exit=onRefresh", "--server.port=0", "--management.server.port=0",
                "--spring.kafka.bootstrap-servers=127.0.0.1:1", "--kefu.security.mode=local")
                .noneMatch(arg -> arg.contains("instance-id"));
        assertThat(cmd.get(cmd.indexOf("-jar") + 1)).isEqualTo("/c/g/gateway.jar");
    }

    @Test
    void theJvmSurvivesAnArchiveItRejects() throws Exception {
        // what -Xshare:auto promises for an archive of another JVM build or a damaged one: a warning, no failure
        Path junk = tmp.resolve("app-8.jsa");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Process p = new ProcessBuilder(launcher.java().toString(), "-XX:SharedArchiveFile=" + junk, "-Xshare:auto",
                "-XX:+VerifySharedSpaces", "-version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
    }
}
