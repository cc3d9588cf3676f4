package dev.kefu.platform.replay;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The command's refusals that need no broker; what it does is RebuildIT's (order-service), on a real one. */
class RebuildTest {

    @Test
    void withoutTheBrokerTheDatabaseOrAKnownServiceItSaysHowToCallItAndExitsWithTwo() {
        assertThat(refusal()).startsWith("usage: rebuild --kafka");
        assertThat(refusal("--kafka", "127.0.0.1:9092", "--mongo", "mongodb://127.0.0.1:27017"))
                .contains("--service <order-service>");
        assertThat(refusal("--kafka", "127.0.0.1:9092", "--mongo", "mongodb://127.0.0.1:27017", "--service",
                "review-service")).startsWith("usage:");
        assertThat(refusal("--kafka")).startsWith("usage:");
    }

    private static String refusal(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(Rebuild.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(out.size()).as("nothing done").isZero();
        return err.toString(StandardCharsets.UTF_8);
    }
}
