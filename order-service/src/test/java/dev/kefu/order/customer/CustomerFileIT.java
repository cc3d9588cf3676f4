package dev.kefu.order.customer;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Customer files through a real broker and the Mongo wire server: paid orders counted once each from order-service's
 * own order-paid (a redelivered input and a re-sent order-paid count nothing twice), agents' edits recorded, limits
 * answered with 400s naming the field, another shop's buyer not found.
 */
@KefuServiceIT
class CustomerFileIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    String kafka;

    @Autowired
    void broker(EmbeddedKafkaBroker broker) {
        kafka = broker.getBrokersAsString();
    }

    @Autowired
    WebTestClient http;

    @Test
    void paidOrdersAreCountedOnceEachAndAgentsEditsAreRecorded() {
        String buyer = "buyer-" + UUID.randomUUID();
        String token = TestTokens.agentOf("shop-demo");
        for (int i = 1; i <= 3; i++) {
            ObjectNode paid = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
            String orderId = "TB-" + buyer + "-" + i;
            paid.put("orderId", orderId).put("buyerId", buyer).put("amount", "100.50")
                    .put("paidAt", "2026-11-2" + i + "T08:15:30Z");
            Map<String, String> headers = Fixtures.headers(EventTypes.MARKETPLACE_ORDER_PAID, "shop-demo");
            TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(paid), headers);
            TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(paid), headers); // redelivered
        }
        await().atMost(WAIT).untilAsserted(() -> file(buyer, token).expectStatus().isOk().expectBody()
                .jsonPath("$.paidOrders").isEqualTo(3));
        // the outbox relayed one of them again (same ce_id): still three
        ConsumerRecord<String, byte[]> again = TopicProbe.await(kafka, Topics.ORDER_PAID, WAIT,
                r -> ("TB-" + buyer + "-2").equals(r.key()));
        TopicProbe.send(kafka, Topics.ORDER_PAID, again.key(), again.value(), headersOf(again));
        TopicProbe.await(kafka, Topics.ORDER_PAID, WAIT, r -> ("TB-" + buyer + "-2").equals(r.key())
                && r.offset() > again.offset());
        try {
            Thread.sleep(1_500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        file(buyer, token).expectStatus().isOk().expectBody()
                .jsonPath("$.paidOrders").isEqualTo(3)
                .jsonPath("$.totalSpent.CNY").isEqualTo("301.50")
                .jsonPath("$.firstOrder.orderId").isEqualTo("TB-" + buyer + "-1")
                .jsonPath("$.lastOrder.orderId").isEqualTo("TB-" + buyer + "-3");

        http.patch().uri("/api/customers/{b}/file", buyer).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("addTags", java.util.List.of("VIP"), "addSpecialRequests",
                        java.util.List.of("包裹里不要放发票")))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.tags[0]").isEqualTo("VIP")
                .jsonPath("$.specialRequests[0].text").isEqualTo("包裹里不要放发票")
                .jsonPath("$.changes.length()").isEqualTo(2)
                .jsonPath("$.changes[1].field").isEqualTo("specialRequests")
                .jsonPath("$.changes[1].by").isEqualTo("agent-8")
                .jsonPath("$.paidOrders").isEqualTo(3);

        http.patch().uri("/api/customers/{b}/file", buyer).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("addTags", java.util.List.of("x".repeat(21)), "addNotes", java.util.List.of(" ")))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("addTags[0]")
                .jsonPath("$.errors[1].field").isEqualTo("addNotes[0]");

        file(buyer, TestTokens.agentOf("shop-rival")).expectStatus().isNotFound();
    }

    private static Map<String, String> headersOf(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new java.util.HashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
        return headers;
    }

    private WebTestClient.ResponseSpec file(String buyer, String token) {
        return http.get().uri("/api/customers/{b}/file", buyer).headers(h -> h.setBearerAuth(token)).exchange();
    }
}
