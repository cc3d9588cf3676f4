package dev.kefu.gateway.delivery;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.events.webhook.WebhookSignature;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The POST an integration receives: the ingest's envelope and signature, around the event exactly as published. */
class DeliveryRequestTest {

    static final String SECRET = "whsec_" + "c2VjcmV0LWZvci10aGUtZGVtby1zaG9wLTEyMzQ1Njc4";
    static final String NEXT_SECRET = "whsec_" + "bmV4dC1zZWNyZXQtb2YtdGhlLWRlbW8tc2hvcA==";
    private static final Instant NOW = Instant.parse("2026-11-23T08:15:40Z");

    @Test
    void theBodyWrapsThePublishedEventAndTheFirstSecretSignsIt() {
        ObjectNode data = Fixtures.json(EventTypes.MESSAGE_OUTBOUND);
        data.put("mood", "cheerful"); // a field newer than this gateway: still delivered
        Outbound outbound = Outbound.read(record(data, "evt-1"), NOW);

        WebhookRequest request = WebhookRequest.of(outbound, SECRET + " " + NEXT_SECRET, NOW);

        assertThat(request.id()).isEqualTo("evt-1");
        assertThat(request.timestamp()).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(WebhookSignature.problem(SECRET, request.id(), request.timestamp(), request.signature(),
                request.body(), NOW.plusSeconds(3), Duration.ofMinutes(5))).isNull();
        assertThat(WebhookSignature.problem(NEXT_SECRET, request.id(), request.timestamp(), request.signature(),
                request.body(), NOW, Duration.ofMinutes(5))).isEqualTo("no valid signature");
        JsonNode body = EventJson.mapper().readTree(request.body());
        assertThat(body.get("type").asString()).isEqualTo("message-outbound");
        assertThat(body.get("timestamp").asString()).isEqualTo("2026-11-23T08:15:31Z");
        assertThat(body.get("data")).isEqualTo(data);
    }

    @Test
    void aRecordThatIsNotADeliverableEventSaysWhy() {
        ObjectNode data = Fixtures.json(EventTypes.MESSAGE_OUTBOUND);
        data.remove("messageId");
        assertThatThrownBy(() -> Outbound.read(record(data, "evt-2"), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("messageId");
        ConsumerRecord<String, byte[]> paid = new ConsumerRecord<>("message-outbound", 0, 0, "k",
                EventJson.mapper().writeValueAsBytes(Fixtures.json(EventTypes.ORDER_PAID)));
        new CloudEvent("evt-3", "order-paid", "/order-service", NOW, "shop-demo").writeTo(paid.headers());
        assertThatThrownBy(() -> Outbound.read(paid, NOW)).hasMessageContaining("'order-paid' is not delivered");
    }

    static ConsumerRecord<String, byte[]> record(ObjectNode data, String id) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("message-outbound", 0, 0,
                data.path("buyerId").asString(), EventJson.mapper().writeValueAsBytes(data));
        new CloudEvent(id, "message-outbound", "/conversation-service", Instant.parse("2026-11-23T08:15:31Z"),
                data.path("shopId").asString()).writeTo(record.headers());
        return record;
    }
}
