package dev.kefu.gateway.delivery;

import dev.kefu.platform.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which answers are delivered, retried or refused for good, and the shop circuit that only timeouts open. */
class DeliveryClassificationTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    @Test
    void everyTwoHundredIsDelivered() {
        assertThat(Attempt.ofStatus(200, null, NOW)).isEqualTo(new Attempt.Delivered(200));
        assertThat(Attempt.ofStatus(202, null, NOW)).isEqualTo(new Attempt.Delivered(202));
        assertThat(Attempt.ofStatus(204, null, NOW)).isEqualTo(new Attempt.Delivered(204));
    }

    @Test
    void aClientErrorIsPermanentAndSaysWhichOne() {
        assertThat(Attempt.ofStatus(410, null, NOW)).isEqualTo(new Attempt.Rejected("HTTP 410 Gone from the delivery URL"));
        assertThat(Attempt.ofStatus(400, "5", NOW)).isEqualTo(new Attempt.Rejected("HTTP 400 Bad Request from the delivery URL"));
        assertThat(Attempt.ofStatus(401, null, NOW)).isInstanceOf(Attempt.Rejected.class);
        assertThat(Attempt.ofStatus(404, null, NOW)).isInstanceOf(Attempt.Rejected.class);
        assertThat(Attempt.ofStatus(422, null, NOW)).isInstanceOf(Attempt.Rejected.class);
        assertThat(Attempt.ofStatus(499, null, NOW)).isEqualTo(new Attempt.Rejected("HTTP 499 from the delivery URL"));
    }

    @Test
    void serverErrorsTooManyRequestsAndRequestTimeoutAreRetriedHonouringRetryAfter() {
        assertThat(Attempt.ofStatus(500, null, NOW))
                .isEqualTo(new Attempt.Retry("HTTP 500 Internal Server Error from the delivery URL", Duration.ZERO, false));
        assertThat(Attempt.ofStatus(503, "Mon, 23 Nov 2026 08:01:00 GMT", NOW))
                .isEqualTo(new Attempt.Retry("HTTP 503 Service Unavailable from the delivery URL", Duration.ofMinutes(1), false));
        assertThat(Attempt.ofStatus(429, "2", NOW))
                .isEqualTo(new Attempt.Retry("HTTP 429 Too Many Requests from the delivery URL", Duration.ofSeconds(2), false));
        assertThat(Attempt.ofStatus(429, "whenever", NOW)).isInstanceOfSatisfying(Attempt.Retry.class,
                r -> assertThat(r.notBefore()).isZero());
        assertThat(Attempt.ofStatus(408, null, NOW)).isInstanceOf(Attempt.Retry.class);
        // redirects are not followed: a moved URL is fixed in the shop's settings, which the next attempt reads
        assertThat(Attempt.ofStatus(301, null, NOW)).isInstanceOf(Attempt.Retry.class);
    }

    @Test
    void noAnswerIsRetriedAndOnlyATimeoutCountsAsOne() {
        assertThat(Attempt.ofError(new TimeoutException("Did not observe any item"), Duration.ofSeconds(10)))
                .isEqualTo(new Attempt.Retry("no answer within 10 s from the delivery URL", Duration.ZERO, true));
        WebClientRequestException refused = new WebClientRequestException(new ConnectException("Connection refused"),
                HttpMethod.POST, URI.create("http://127.0.0.1:1/hook"), new org.springframework.http.HttpHeaders());
        assertThat(Attempt.ofError(refused, Duration.ofSeconds(10)))
                .isEqualTo(new Attempt.Retry("could not reach the delivery URL: Connection refused", Duration.ZERO, false));
    }

    @Test
    void aShopThatKeepsTimingOutIsNotTriedDuringTheCooldownAndAnyAnswerClosesIt() {
        MutableClock clock = new MutableClock(NOW);
        ShopCircuits circuits = new ShopCircuits(3, Duration.ofSeconds(30), clock);
        Attempt timeout = new Attempt.Retry("no answer", Duration.ZERO, true);

        circuits.record("slow", timeout);
        circuits.record("slow", timeout);
        circuits.record("slow", new Attempt.Retry("HTTP 503", Duration.ZERO, false)); // an answer: starts over
        circuits.record("slow", timeout);
        circuits.record("slow", timeout);
        assertThat(circuits.openUntil("slow")).isNull();
        circuits.record("slow", timeout);
        assertThat(circuits.openUntil("slow")).isEqualTo(NOW.plusSeconds(30));
        assertThat(circuits.openUntil("other")).isNull();

        clock.advance(Duration.ofSeconds(30));
        assertThat(circuits.openUntil("slow")).isNull();               // tried again...
        circuits.record("slow", timeout);
        assertThat(circuits.openUntil("slow")).isEqualTo(NOW.plusSeconds(60)); // ...and open again at the first timeout
        circuits.record("slow", new Attempt.Delivered(200));
        assertThat(circuits.openUntil("slow")).isNull();
    }

    @Test
    void aThresholdOfZeroNeverOpens() {
        ShopCircuits circuits = new ShopCircuits(0, Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC));
        for (int i = 0; i < 10; i++) {
            circuits.record("slow", new Attempt.Retry("no answer", Duration.ZERO, true));
        }
        assertThat(circuits.openUntil("slow")).isNull();
    }
}
