package dev.kefu.aftersales.messaging;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventType;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.messaging.KafkaMessagingAutoConfiguration;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The marketplace's refund moving its case through a real broker and the Mongo wire server — requested, agreed,
 * the return parcel shipped (delivered twice), paid out — announced once as case-resolved; steps out of order or for
 * no known refund dead-lettered with their reason; and the authority rules through the API.
 */
@KefuServiceIT
// a context of its own: a cached one reused after another class started its broker would be handed that broker's address
@TestPropertySource(properties = "kefu.test.context=refund-lifecycle")
class RefundLifecycleIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SHOP = "shop-demo";
    private static final String AGENT = TestTokens.agentOf(SHOP);
    private static final String LEAD = TestTokens.issue(SHOP, "lead-1", List.of("supervisor"));

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Autowired
    WebTestClient http;

    @Test
    void aReturnTravelsFromRequestToPayoutAndIsResolvedByTheMarketplaceOnce() {
        String refundId = UUID.randomUUID().toString();
        String caseId = "RF-" + refundId;
        send(refundId, EventTypes.MARKETPLACE_REFUND_REQUESTED);
        await().atMost(WAIT).untilAsserted(() -> caseOf(caseId).expectStatus().isOk());

        send(refundId, EventTypes.MARKETPLACE_REFUND_AGREED);
        await().atMost(WAIT).untilAsserted(() -> caseOf(caseId).expectBody()
                .jsonPath("$.status").isEqualTo("WAITING_FOR_BUYER")
                .jsonPath("$.refund.stage").isEqualTo("AWAITING_RETURN"));

        byte[] shipped = Fixtures.bytes(step(refundId, EventTypes.MARKETPLACE_RETURN_SHIPPED));
        Map<String, String> once = Fixtures.headers(EventTypes.MARKETPLACE_RETURN_SHIPPED, SHOP);
        TopicProbe.send(kafka, Topics.MARKETPLACE_REFUNDS, refundId, shipped, once);
        TopicProbe.send(kafka, Topics.MARKETPLACE_REFUNDS, refundId, shipped, once); // redelivered
        await().atMost(WAIT).untilAsserted(() -> caseOf(caseId).expectBody()
                .jsonPath("$.status").isEqualTo("IN_PROGRESS")
                .jsonPath("$.refund.stage").isEqualTo("RETURN_SHIPPED")
                .jsonPath("$.refund.trackingNo").isEqualTo("ZT7788990011"));

        send(refundId, EventTypes.MARKETPLACE_REFUND_COMPLETED);
        ConsumerRecord<String, byte[]> resolved = TopicProbe.await(kafka, Topics.CASE_RESOLVED, WAIT,
                r -> caseId.equals(r.key()));
        JsonNode announced = EventJson.mapper().readTree(resolved.value());
        assertThat(announced.get("resolvedBy").asString()).isEqualTo("marketplace");
        assertThat(announced.get("refundId").asString()).isEqualTo(refundId);
        assertThat(announced.get("outcome").asString()).isEqualTo("RETURNED");
        assertThat(announced.get("compensation").asString()).isEqualTo("199.00");

        byte[] body = caseOf(caseId).expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("RESOLVED")
                .jsonPath("$.refund.stage").isEqualTo("REFUNDED")
                .jsonPath("$.followUp.status").isEqualTo("DUE")
                .returnResult().getResponseBody();
        JsonNode history = EventJson.mapper().readTree(body).get("history");
        assertThat(history.findValuesAsString("action")).containsExactly("WAIT_FOR_BUYER", "RESUME", "RESOLVE");
        assertThat(history.findValuesAsString("by")).containsOnly("marketplace");
        assertThat(TopicProbe.all(kafka, Topics.CASE_RESOLVED, Duration.ofSeconds(2)).stream()
                .filter(r -> caseId.equals(r.key())).map(r -> TopicProbe.header(r, CloudEvent.ID)).distinct())
                .as("resolved once").hasSize(1);
    }

    @Test
    void aStepOutOfOrderOrForNoKnownRefundIsDeadLetteredWithItsReasonAndChangesNothing() {
        String refundId = UUID.randomUUID().toString();
        String caseId = "RF-" + refundId;
        send(refundId, EventTypes.MARKETPLACE_REFUND_REQUESTED);
        await().atMost(WAIT).untilAsserted(() -> caseOf(caseId).expectStatus().isOk());

        send(refundId, EventTypes.MARKETPLACE_RETURN_SHIPPED); // before refund.agreed
        ConsumerRecord<String, byte[]> early = TopicProbe.await(kafka, Topics.deadLetter(Topics.MARKETPLACE_REFUNDS),
                WAIT, r -> refundId.equals(r.key()));
        assertThat(TopicProbe.header(early, KafkaMessagingAutoConfiguration.DEAD_LETTER_REASON))
                .contains("return.shipped", "REQUESTED", "out of order");

        String unknown = UUID.randomUUID().toString();
        send(unknown, EventTypes.MARKETPLACE_REFUND_COMPLETED);
        ConsumerRecord<String, byte[]> orphan = TopicProbe.await(kafka, Topics.deadLetter(Topics.MARKETPLACE_REFUNDS),
                WAIT, r -> unknown.equals(r.key()));
        assertThat(TopicProbe.header(orphan, KafkaMessagingAutoConfiguration.DEAD_LETTER_REASON))
                .contains("refund.completed", unknown, "refund.requested was never received");

        caseOf(caseId).expectBody().jsonPath("$.status").isEqualTo("OPEN")
                .jsonPath("$.refund.stage").isEqualTo("REQUESTED");
    }

    @Test
    void moneyAboveTheAgentsLimitWaitsForASupervisorAndIllegalMovesNameTheStatus() {
        String caseId = openByAgent("buyer-" + UUID.randomUUID());
        Map<String, String> eighty = Map.of("outcome", "COMPENSATED", "resolution", "补偿80元", "compensation", "80");

        post(caseId, "resolve", AGENT, eighty).expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("WAITING_FOR_APPROVAL")
                .jsonPath("$.approval.amount").isEqualTo("80")
                .jsonPath("$.approval.limit").isEqualTo("50")
                .jsonPath("$.approval.requestedBy").isEqualTo("agent-8");
        post(caseId, "approval", AGENT, Map.of("decision", "APPROVE")).expectStatus().isForbidden();
        post(caseId, "escalate", AGENT, Map.of("reason", "x")).expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.currentStatus").isEqualTo("WAITING_FOR_APPROVAL")
                .jsonPath("$.action").isEqualTo("ESCALATE")
                .jsonPath("$.possible").value(possible -> assertThat(possible.toString()).contains("APPROVE"));
        post(caseId, "approval", LEAD, Map.of("decision", "MAYBE")).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("decision");

        post(caseId, "approval", LEAD, Map.of("decision", "APPROVE")).expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("RESOLVED")
                .jsonPath("$.resolvedBy").isEqualTo("agent-8")
                .jsonPath("$.approvedBy").isEqualTo("lead-1")
                .jsonPath("$.compensation").isEqualTo("80");
        JsonNode announced = EventJson.mapper().readTree(TopicProbe.await(kafka, Topics.CASE_RESOLVED, WAIT,
                r -> caseId.equals(r.key())).value());
        assertThat(announced.get("approvedBy").asString()).isEqualTo("lead-1");

        post(caseId, "reopen", AGENT, Map.of("reason", "买家说赔偿没到账")).expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("IN_PROGRESS").jsonPath("$.outcome").doesNotExist();
        post(caseId, "resolve", AGENT, Map.of("outcome", "COMPENSATED", "resolution", "补偿10元红包，麻烦改个好评",
                "compensation", "10")).expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.field").isEqualTo("resolution");
        post(caseId, "close", AGENT, Map.of()).expectStatus().isEqualTo(409); // unresolved: needs a reason
        post(caseId, "close", AGENT, Map.of("reason", "买家撤回投诉")).expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("CLOSED");
        post(caseId, "reopen", AGENT, Map.of("reason", "again")).expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.currentStatus").isEqualTo("CLOSED");
    }

    private void send(String refundId, EventType<?> type) {
        TopicProbe.send(kafka, Topics.MARKETPLACE_REFUNDS, refundId, Fixtures.bytes(step(refundId, type)),
                Fixtures.headers(type, SHOP));
    }

    private static ObjectNode step(String refundId, EventType<?> type) {
        ObjectNode step = Fixtures.json(type);
        step.put("refundId", refundId);
        return step;
    }

    private String openByAgent(String buyerId) {
        String location = http.post().uri("/api/cases").headers(h -> h.setBearerAuth(AGENT))
                .bodyValue(Map.of("buyerId", buyerId, "orderId", "TB1", "platform", "taobao", "kind", "COMPLAINT",
                        "reason", "少发一件"))
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseHeaders().getLocation().toString();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private WebTestClient.ResponseSpec caseOf(String caseId) {
        return http.get().uri("/api/cases/" + caseId).headers(h -> h.setBearerAuth(AGENT)).exchange();
    }

    private WebTestClient.ResponseSpec post(String caseId, String action, String token, Map<String, String> body) {
        return http.post().uri("/api/cases/" + caseId + "/" + action).headers(h -> h.setBearerAuth(token))
                .bodyValue(body).exchange();
    }
}
