package dev.kefu.order.messaging;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventType;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** 改价 from the desk through the service's HTTP API, the outbox and a real broker, confirmed by the marketplace. */
@KefuServiceIT
class FeeChangeIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String AGENT = TestTokens.agentOf("shop-demo");

    /**
     * This context's own broker. Not {@code ${spring.kafka.bootstrap-servers}}: every embedded broker writes its
     * address to that system property, so once another test context started one, the property names that broker.
     */
    String kafka;

    @Autowired
    void broker(EmbeddedKafkaBroker broker) {
        kafka = broker.getBrokersAsString();
    }

    @Autowired
    WebTestClient http;

    @Test
    void anAcceptedChangeIsPublishedAndTheMarketplacesConfirmationUpdatesTheOrder() {
        String orderId = unpaidOrder();

        JsonNode accepted = post(orderId, AGENT, null, Map.of("newTotal", "189.00", "shippingFee", "0.00",
                "reason", "包邮：买家拍了两件"))
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String requestId = accepted.get("requestId").asString();
        assertThat(accepted.get("status").asString()).isEqualTo("REQUESTED");

        ConsumerRecord<String, byte[]> published = TopicProbe.await(kafka, Topics.ORDER_FEE_CHANGE_REQUESTED, WAIT,
                r -> orderId.equals(r.key()));
        assertThat(TopicProbe.header(published, CloudEvent.TYPE)).isEqualTo("order-fee-change-requested");
        JsonNode event = EventJson.mapper().readTree(published.value());
        assertThat(event.get("requestId").asString()).isEqualTo(requestId);
        assertThat(event.get("previousTotal").asString()).isEqualTo("199.00");
        assertThat(event.get("newTotal").asString()).isEqualTo("189.00");
        assertThat(event.get("shippingFee").asString()).isEqualTo("0.00");
        assertThat(event.get("agentId").asString()).isEqualTo("agent-8");
        assertThat(event.get("approvedBy").isNull()).isTrue();
        assertThat(event.get("reason").asString()).isEqualTo("包邮：买家拍了两件");

        ObjectNode modified = Fixtures.json(EventTypes.MARKETPLACE_ORDER_FEE_MODIFIED);
        modified.put("orderId", orderId);
        modified.put("totalAmount", "189.00");
        send(orderId, EventTypes.MARKETPLACE_ORDER_FEE_MODIFIED, modified);
        await().atMost(WAIT).untilAsserted(() -> get(orderId).expectBody()
                .jsonPath("$.amount").isEqualTo("189.00")
                .jsonPath("$.amountAtCreation").isEqualTo("199.00")
                .jsonPath("$.feeChanges[0].requestId").isEqualTo(requestId)
                .jsonPath("$.feeChanges[0].status").isEqualTo("CONFIRMED"));
    }

    @Test
    void aRefusedChangeAnswers422NamingTheRuleAndPublishesNothing() {
        String orderId = unpaidOrder();

        post(orderId, AGENT, null, Map.of("newTotal", "170.00", "reason", "买家砍价"))
                .expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title").isEqualTo("Fee change refused")
                .jsonPath("$.detail").isEqualTo("lowering the total from 199.00 to 170.00 is a discount of 29.00")
                .jsonPath("$.errors[0].field").isEqualTo("newTotal")
                .jsonPath("$.errors[0].reason").isEqualTo("agent-max-discount: an agent may lower the total by at "
                        + "most 20.00; a supervisor may approve up to 100.00");

        assertThat(TopicProbe.all(kafka, Topics.ORDER_FEE_CHANGE_REQUESTED, Duration.ofSeconds(3)))
                .noneMatch(r -> orderId.equals(r.key()));
        get(orderId).expectBody().jsonPath("$.feeChanges").isEmpty();
    }

    @Test
    void aSupervisorApprovesByMakingTheRequest() {
        String orderId = unpaidOrder();
        String supervisor = TestTokens.issue("shop-demo", "lead-3", List.of("supervisor"));

        post(orderId, supervisor, null, Map.of("newTotal", "150.00", "reason", "老客户回购"))
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.approvedBy").isEqualTo("lead-3");
        ConsumerRecord<String, byte[]> published = TopicProbe.await(kafka, Topics.ORDER_FEE_CHANGE_REQUESTED, WAIT,
                r -> orderId.equals(r.key()));
        assertThat(EventJson.mapper().readTree(published.value()).get("approvedBy").asString()).isEqualTo("lead-3");
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheSameAnswerAndPublishesOnce() {
        String orderId = unpaidOrder();
        String key = UUID.randomUUID().toString();
        Map<String, String> body = Map.of("newTotal", "185.00", "reason", "运费优惠");

        String first = post(orderId, AGENT, key, body).expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("requestId").asString();
        post(orderId, AGENT, key, body).expectStatus().isAccepted()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody().jsonPath("$.requestId").isEqualTo(first);
        post(orderId, AGENT, key, Map.of("newTotal", "184.00", "reason", "运费优惠"))
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key")
                .jsonPath("$.errors[0].reason").value(r -> assertThat((String) r).startsWith("idempotency-key-reused:"));

        TopicProbe.await(kafka, Topics.ORDER_FEE_CHANGE_REQUESTED, WAIT, r -> orderId.equals(r.key()));
        assertThat(TopicProbe.all(kafka, Topics.ORDER_FEE_CHANGE_REQUESTED, Duration.ofSeconds(2)).stream()
                .filter(r -> orderId.equals(r.key()))
                .map(r -> EventJson.mapper().readTree(r.value()).get("requestId").asString()).distinct())
                .containsExactly(first);
        get(orderId).expectBody().jsonPath("$.feeChanges.length()").isEqualTo(1);
    }

    @Test
    void onlyAnUnpaidOrderOfTheCallersShopCanChange() {
        String orderId = unpaidOrder();
        ObjectNode paid = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        paid.put("orderId", orderId);
        send(orderId, EventTypes.MARKETPLACE_ORDER_PAID, paid);
        await().atMost(WAIT).untilAsserted(() -> get(orderId).expectBody().jsonPath("$.status").isEqualTo("PAID"));
        Map<String, String> body = Map.of("newTotal", "189.00", "reason", "包邮");

        post(orderId, AGENT, null, body).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.orderStatus").isEqualTo("PAID")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("is PAID"));
        post(orderId, TestTokens.agentOf("shop-rival"), null, body).expectStatus().isNotFound();
        post("TB-nothing-" + UUID.randomUUID(), AGENT, null, body).expectStatus().isNotFound();
    }

    @Test
    void malformedRequestsAre400WithEveryFieldNamed() {
        String orderId = unpaidOrder();

        post(orderId, AGENT, null, Map.of("newTotal", "一百", "shippingFee", "1e3"))
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'newTotal')]").exists()
                .jsonPath("$.errors[?(@.field == 'shippingFee')]").exists()
                .jsonPath("$.errors[?(@.field == 'reason')].reason").isEqualTo("is required");
        post(orderId, AGENT, null, Map.of("newTotal", "189.00", "reason", "x".repeat(2001)))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        post(orderId, AGENT, "has spaces", Map.of("newTotal", "189.00", "reason", "包邮"))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
        post(orderId, AGENT, null, Map.of("newTotal", "0.00", "reason", "包邮"))
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.errors[0].reason").value(r -> assertThat((String) r).startsWith("positive-total:"));
    }

    @Test
    void theApiDescriptionListsTheRoute() {
        http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/orders/{orderId}/fee-changes'].post.responses['202']").exists()
                .jsonPath("$.paths['/api/orders/{orderId}/fee-changes'].post.responses['422']").exists()
                .jsonPath("$.paths['/api/orders/{orderId}/fee-changes'].post.parameters[?(@.name == 'Idempotency-Key')]")
                .exists();
    }

    private String unpaidOrder() {
        String orderId = "TB-" + UUID.randomUUID();
        ObjectNode created = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED);
        created.put("orderId", orderId);
        send(orderId, EventTypes.MARKETPLACE_ORDER_CREATED, created);
        await().atMost(WAIT).untilAsserted(() -> get(orderId).expectStatus().isOk());
        return orderId;
    }

    private WebTestClient.ResponseSpec get(String orderId) {
        return http.get().uri("/api/orders/" + orderId).headers(h -> h.setBearerAuth(AGENT)).exchange();
    }

    private WebTestClient.ResponseSpec post(String orderId, String token, String idempotencyKey, Map<String, String> body) {
        return http.post().uri("/api/orders/" + orderId + "/fee-changes")
                .headers(h -> {
                    h.setBearerAuth(token);
                    if (idempotencyKey != null) {
                        h.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private void send(String orderId, EventType<?> type, ObjectNode event) {
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(event), Fixtures.headers(type, "shop-demo"));
    }
}
