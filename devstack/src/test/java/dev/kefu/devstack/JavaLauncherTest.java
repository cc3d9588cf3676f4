package dev.kefu.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

class JavaLauncherTest {

    @Test
    void fromAClassPathTheChildGetsTheSameClassPath(@TempDir Path dir) {
        String cp = dir.resolve("classes") + File.pathSeparator + dir.resolve("lib.jar");
        JavaLauncher launcher = new JavaLauncher(Path.of("/jdk/bin/java"), cp);
        assertThat(launcher.ownJar()).isNull();
        assertThat(launcher.command(List.of("-Xmx512m"), "kafka.Kafka", List.of("server.properties")))
                .containsExactly("/jdk/bin/java", "-Xmx512m", "-cp", cp, "kafka.Kafka", "server.properties");
    }

    @Test
    void fromTheRepackagedJarTheChildGoesThroughPropertiesLauncher(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("kefu-devstack.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Start-Class"), "dev.kefu.devstack.DevStack");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // manifest only
        }
        JavaLauncher launcher = new JavaLauncher(Path.of("/jdk/bin/java"), jar.toString());
        assertThat(launcher.ownJar()).isEqualTo(jar);
        assertThat(launcher.command(List.of("-Xmx512m"), "kafka.Kafka", List.of("server.properties")))
                .containsExactly("/jdk/bin/java", "-Xmx512m", "-Dloader.main=kafka.Kafka", "-cp", jar.toString(),
                        JavaLauncher.PROPERTIES_LAUNCHER, "server.properties");
    }

    @Test
    void aPlainJarIsNotTheBootJar(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("plain.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // manifest only
        }
        assertThat(JavaLauncher.bootJar(jar.toString())).isNull();
    }
}
