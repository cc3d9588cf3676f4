package dev.kefu.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ChildProcessTest {

    @Test
    void secretsAreMaskedInTheLoggedCommand() {
        assertThat(ChildProcess.masked(List.of("java", "--kefu.security.jwt-secret=abc",
                "--kefu.shops.shop-demo.webhook-secret=whsec_x", "--server.port=8080")))
                .isEqualTo("java --kefu.security.jwt-secret=**** --kefu.shops.shop-demo.webhook-secret=**** "
                        + "--server.port=8080");
    }

    @Test
    void theTailIsOnlyTheLastRun(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("x.log");
        String older = ChildProcess.RUN_MARKER + "x started earlier =====\nold 1\nold 2\n";
        String current = ChildProcess.RUN_MARKER + "x started now =====\n"
                + IntStream.rangeClosed(1, 40).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")) + "\n";
        Files.writeString(log, older + current);
        List<String> tail = ChildProcess.tail(log, 30);
        assertThat(tail).hasSize(30).startsWith("line 11").endsWith("line 40");

        Files.writeString(log, older + ChildProcess.RUN_MARKER + "x started now =====\nonly\n");
        assertThat(ChildProcess.tail(log, 30)).containsExactly("only");
        assertThat(ChildProcess.tail(dir.resolve("absent.log"), 30)).isEmpty();
    }
}
