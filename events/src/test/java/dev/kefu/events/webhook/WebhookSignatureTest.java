package dev.kefu.events.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignatureTest {

    // The reference example of the Standard Webhooks specification.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TIMESTAMP = "1614265330";
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant NOW = Instant.ofEpochSecond(1614265330 + 10);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    @Test
    void signsExactlyAsTheSpecificationsExample() {
        assertThat(WebhookSignature.signature(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
        assertThat(WebhookSignature.problem(SECRET, ID, TIMESTAMP, SIGNATURE, BODY, NOW, TOLERANCE)).isNull();
    }

    @Test
    void anyOfSeveralSignaturesOrSecretsMayMatchWhileKeysRotate() {
        String other = "whsec_" + java.util.Base64.getEncoder().encodeToString("another key of 24 bytes!".getBytes());
        assertThat(WebhookSignature.problem(SECRET, ID, TIMESTAMP, "v1,AAAA " + SIGNATURE, BODY, NOW, TOLERANCE)).isNull();
        assertThat(WebhookSignature.problem(other + " " + SECRET, ID, TIMESTAMP, SIGNATURE, BODY, NOW, TOLERANCE)).isNull();
    }

    @Test
    void aChangedBodyIdOrTimestampBreaksTheSignature() {
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.problem(SECRET, ID, TIMESTAMP, SIGNATURE, tampered, NOW, TOLERANCE))
                .isEqualTo("no valid signature");
        assertThat(WebhookSignature.problem(SECRET, "msg_other", TIMESTAMP, SIGNATURE, BODY, NOW, TOLERANCE))
                .isEqualTo("no valid signature");
        assertThat(WebhookSignature.problem(SECRET, ID, "1614265331", SIGNATURE, BODY, NOW, TOLERANCE))
                .isEqualTo("no valid signature");
    }

    @Test
    void anOldOrFutureRequestIsRefusedEvenWithAValidSignature() {
        assertThat(WebhookSignature.problem(SECRET, ID, TIMESTAMP, SIGNATURE, BODY, NOW.plusSeconds(301), TOLERANCE))
                .contains("tolerance");
        assertThat(WebhookSignature.problem(SECRET, ID, TIMESTAMP, SIGNATURE, BODY, NOW.minusSeconds(400), TOLERANCE))
                .contains("tolerance");
    }

    @Test
    void missingHeadersOrAnUnknownSchemeAreRefused() {
        assertThat(WebhookSignature.problem(SECRET, null, TIMESTAMP, SIGNATURE, BODY, NOW, TOLERANCE)).contains("required");
        assertThat(WebhookSignature.problem(SECRET, ID, "yesterday", SIGNATURE, BODY, NOW, TOLERANCE)).contains("unix seconds");
        assertThat(WebhookSignature.problem(SECRET, ID, TIMESTAMP, SIGNATURE.replace("v1,", "v2,"), BODY, NOW, TOLERANCE))
                .isEqualTo("no valid signature");
    }

    @Test
    void theReusedMacIsKeyedAfreshForEverySecretAndThread() throws Exception {
        // A malformed secret fails without spoiling the thread's Mac for the next request.
        assertThatThrownBy(() -> WebhookSignature.signature("whsec_not base64!", ID, TIMESTAMP, BODY))
                .isInstanceOf(IllegalStateException.class);
        assertThat(WebhookSignature.signature(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);

        String other = "whsec_" + Base64.getEncoder().encodeToString("another key of 24 bytes!".getBytes());
        String otherSignature = WebhookSignature.signature(other, ID, TIMESTAMP, BODY);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                boolean even = i % 2 == 0;
                checks.add(pool.submit(() -> WebhookSignature.problem(even ? SECRET : other, ID, TIMESTAMP,
                        even ? SIGNATURE : otherSignature, BODY, NOW, TOLERANCE) == null
                        && WebhookSignature.problem(even ? other : SECRET, ID, TIMESTAMP,
                        even ? SIGNATURE : otherSignature, BODY, NOW, TOLERANCE) != null));
            }
            for (Future<Boolean> check : checks) {
                assertThat(check.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
