package dev.kefu.gateway.ingest;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.webhook.WebhookSignature;
import dev.kefu.platform.messaging.EventPublisher;
import dev.kefu.platform.shop.ShopSettings;
import dev.kefu.platform.testing.MutableClock;
import dev.kefu.platform.web.InvalidRequestException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaProducerException;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The controller around a stand-in publisher: what each Kafka outcome and each limit answers. */
class WebhookControllerTest {

    private static final String SECRET = "whsec_" + "c2VjcmV0LWZvci10aGUtZGVtby1zaG9wLTEyMzQ1Njc4";

    private final List<CloudEvent> published = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.now());
    private Supplier<Mono<Void>> kafka = Mono::empty;

    @Test
    void aRecordKafkaRefusesIsA4xxNamingWhyNeverARetryable503() {
        WebhookController controller = controller(1000, 1000, 1000, 1000);
        kafka = () -> Mono.error(sendFailed(new RecordTooLargeException("The message is 1900107 bytes when serialized"
                + " which is larger than 1048576, which is the value of the max.request.size configuration.")));
        assertRefused(controller, HttpStatus.CONTENT_TOO_LARGE, "max.request.size");

        kafka = () -> Mono.error(sendFailed(new RecordTooLargeException(
                "The request included a message larger than the max message size the server will accept.")));
        assertRefused(controller, HttpStatus.CONTENT_TOO_LARGE, "too large");

        kafka = () -> Mono.error(sendFailed(new InvalidRecordException("One or more records have been rejected")));
        assertRefused(controller, HttpStatus.BAD_REQUEST, "rejected");
    }

    @Test
    void onlyABrokerThatIsUnavailableOrSlowAsksForARetry() {
        WebhookController controller = controller(1000, 1000, 1000, 1000);
        kafka = () -> Mono.error(sendFailed(new NotEnoughReplicasException("not enough in-sync replicas")));
        assertRefused(controller, HttpStatus.SERVICE_UNAVAILABLE, "retry with the same webhook-id");

        kafka = () -> Mono.error(new TimeoutException("no ack within 10 s"));
        assertRefused(controller, HttpStatus.SERVICE_UNAVAILABLE, "retry with the same webhook-id");

        kafka = () -> Mono.error(sendFailed(new org.apache.kafka.common.errors.TimeoutException("metadata")));
        assertRefused(controller, HttpStatus.SERVICE_UNAVAILABLE, "retry with the same webhook-id");

        kafka = () -> Mono.error(new IllegalStateException("a bug"));
        assertRefused(controller, HttpStatus.INTERNAL_SERVER_ERROR, "could not be stored");
    }

    @Test
    void aRetryIsTheSameEventAndAnotherBodyUnderTheSameIdIsAnother() {
        WebhookController controller = controller(1000, 1000, 1000, 1000);
        String id = "msg_" + UUID.randomUUID();
        byte[] created = WebhookPayloadTest.body("order.created", Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED));
        byte[] paid = WebhookPayloadTest.body("order.paid", Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID));

        ResponseEntity<WebhookController.Accepted> first = send(controller, "shop-demo", id, created).block();
        ResponseEntity<WebhookController.Accepted> retry = send(controller, "shop-demo", id, created.clone()).block();
        ResponseEntity<WebhookController.Accepted> other = send(controller, "shop-demo", id, paid).block();

        assertThat(published).hasSize(3);
        assertThat(first.getBody().eventId()).startsWith(id + ":").isEqualTo(retry.getBody().eventId())
                .isNotEqualTo(other.getBody().eventId());
        assertThat(first.getBody().id()).isEqualTo(id);
        assertThat(published).extracting(CloudEvent::id)
                .containsExactly(first.getBody().eventId(), first.getBody().eventId(), other.getBody().eventId());
    }

    @Test
    void aWebhookIdThatCannotBeAKeyIsRefusedNamingTheHeader() {
        WebhookController controller = controller(1000, 1000, 1000, 1000);
        byte[] body = WebhookPayloadTest.body("order.paid", Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID));

        assertThatThrownBy(() -> send(controller, "shop-demo", "m".repeat(300), body).block())
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("webhook-id"));
        assertThat(published).isEmpty();
    }

    @Test
    void overTheGlobalRateEveryShopIsAskedToComeBackLater() {
        // Each shop well within its own rate; together over the gateway's: 2 at once, then one every 2 s.
        WebhookController controller = controller(1000, 1000, 0.5, 2);
        byte[] body = WebhookPayloadTest.body("order.paid", Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID));

        assertThat(send(controller, "shop-demo", "a1", body).block().getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(send(controller, "shop-other", "b1", body).block().getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThatThrownBy(() -> send(controller, "shop-third", "c1", body).block())
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
                    assertThat(e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
                    assertThat(e.getBody().getDetail()).contains("all shops");
                });
        clock.advance(Duration.ofMillis(1500)); // 1.5 s later: 0.75 of a token, 0.5 s to go
        assertThatThrownBy(() -> send(controller, "shop-third", "c2", body).block())
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1"));
        clock.advance(Duration.ofMillis(500));
        assertThat(send(controller, "shop-third", "c3", body).block().getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(published).hasSize(3);
    }

    @Test
    void overItsOwnRateAShopIsToldWhenToComeBackAndOthersGoOn() {
        WebhookController controller = controller(0.25, 1, 1000, 1000);
        byte[] body = WebhookPayloadTest.body("order.paid", Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID));

        send(controller, "shop-demo", "a1", body).block();
        assertThatThrownBy(() -> send(controller, "shop-demo", "a2", body).block())
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
                    assertThat(e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("4");
                    assertThat(e.getBody().getDetail()).contains("shop");
                });
        assertThat(send(controller, "shop-other", "b1", body).block().getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        clock.advance(Duration.ofSeconds(4));
        assertThat(send(controller, "shop-demo", "a3", body).block().getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    }

    private void assertRefused(WebhookController controller, HttpStatus status, String reason) {
        byte[] body = WebhookPayloadTest.body("order.paid", Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID));
        assertThatThrownBy(() -> send(controller, "shop-demo", "msg_" + UUID.randomUUID(), body).block())
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(status);
                    assertThat(e.getBody().getDetail()).contains(reason);
                    // a 503 says when to come back, like a 429; nothing else asks for a retry
                    assertThat(e.getHeaders().getFirst("Retry-After"))
                            .isEqualTo(status == HttpStatus.SERVICE_UNAVAILABLE ? "5" : null);
                });
    }

    private static KafkaProducerException sendFailed(Throwable cause) {
        return new KafkaProducerException(new ProducerRecord<>("marketplace.orders", "k", "v"), "Failed to send", cause);
    }

    private Mono<ResponseEntity<WebhookController.Accepted>> send(WebhookController controller, String shop, String id,
                                                                   byte[] body) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        MockServerHttpRequest request = MockServerHttpRequest.post("/webhooks/" + shop)
                .header(WebhookController.ID, id)
                .header(WebhookController.TIMESTAMP, timestamp)
                .header(WebhookController.SIGNATURE, WebhookSignature.signature(SECRET, id, timestamp, body))
                .body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
        return controller.receive(shop, request);
    }

    private WebhookController controller(double shopRate, double shopBurst, double globalRate, double globalBurst) {
        ShopSettings.Shop shop = new ShopSettings.Shop(null, null, null, null, null, null, null, null, null, null,
                null, null, null, SECRET, null, null, null, null, null);
        ShopSettings shops = new ShopSettings(null, Map.of("shop-demo", shop, "shop-other", shop, "shop-third", shop));
        EventPublisher publisher = new EventPublisher(null, null) {
            @Override
            public Mono<Void> publishJson(String topic, String key, CloudEvent attributes, byte[] json) {
                return Mono.defer(() -> {
                    published.add(attributes);
                    return kafka.get();
                });
            }
        };
        return new WebhookController(shops, publisher, new SimpleMeterRegistry(), clock,
                Duration.ofMinutes(5), Duration.ofSeconds(10), shopRate, shopBurst, globalRate, globalBurst);
    }
}
