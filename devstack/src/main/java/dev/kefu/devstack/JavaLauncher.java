package dev.kefu.devstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Command lines for child JVMs. Classes of the devstack's own class path (Kafka's {@code kafka.Kafka} and
 * {@code StorageTool}) are started from the same place the devstack runs from: from the repackaged
 * {@code kefu-devstack.jar} through Spring Boot's {@code PropertiesLauncher} with {@code loader.main} (a nested jar
 * cannot be a plain {@code -cp} entry), or, when the devstack runs from an IDE or {@code exec:java}, from its class path.
 */
final class JavaLauncher {

    static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private final Path java;
    private final String classPath;
    private final Path bootJar;

    JavaLauncher(Path java, String classPath) {
        this.java = java;
        this.classPath = classPath;
        this.bootJar = bootJar(classPath);
    }

    static JavaLauncher current() {
        Path java = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
        return new JavaLauncher(java, System.getProperty("java.class.path"));
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    }

    /** The repackaged jar the devstack runs from, or null when it runs from a plain class path. */
    static Path bootJar(String classPath) {
        if (classPath == null || classPath.isBlank() || classPath.contains(File.pathSeparator)
                || !classPath.endsWith(".jar")) {
            return null;
        }
        Path jar = Path.of(classPath).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            return null;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue(new Attributes.Name("Start-Class")) != null
                    ? jar : null;
        } catch (IOException e) {
            return null;
        }
    }

    Path java() {
        return java;
    }

    /** The jar the devstack runs from (null when it runs from a class path). */
    Path ownJar() {
        return bootJar;
    }

    /** {@code java <jvmOptions> <main from our class path> <args>}. */
    List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmOptions);
        if (bootJar != null) {
            cmd.add("-Dloader.main=" + mainClass);
            cmd.add("-cp");
            cmd.add(bootJar.toString());
            cmd.add(PROPERTIES_LAUNCHER);
        } else {
            cmd.add("-cp");
            cmd.add(absoluteClassPath(classPath));
            cmd.add(mainClass);
        }
        cmd.addAll(args);
        return cmd;
    }

    /** {@code java <jvmOptions> -jar <jar> <args>}. */
    List<String> jarCommand(List<String> jvmOptions, Path jar, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        cmd.addAll(args);
        return cmd;
    }

    /** Children run in the data dir, so relative class path entries are made absolute. */
    private static String absoluteClassPath(String classPath) {
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(entry.endsWith("*")
                        ? Path.of(entry.substring(0, entry.length() - 1)).toAbsolutePath().normalize() + File.separator + "*"
                        : Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
