package dev.kefu.aftersales.messaging;

import dev.kefu.aftersales.cases.CaseService;
import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.events.inbound.MarketplaceRefundRequested;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.messaging.KafkaMessagingAutoConfiguration;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Refund requests through a real broker and the Mongo wire server, out as complaint-opened; agents work the cases. */
@KefuServiceIT
class AftersalesFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String AGENT = TestTokens.agentOf("shop-demo");
    private static final String SUPERVISOR = TestTokens.issue("shop-demo", "lead-1", List.of("supervisor"));

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Autowired
    WebTestClient http;

    @Autowired
    CaseService cases;

    @Test
    void aRefundRequestOpensACaseAnnouncedOnceEvenWhenDeliveredTwice() {
        String refundId = UUID.randomUUID().toString();
        String caseId = "RF-" + refundId;
        ObjectNode refund = refundRequested(refundId, "buyer-refund");
        Map<String, String> headers = Fixtures.headers(EventTypes.MARKETPLACE_REFUND_REQUESTED, "shop-demo");

        TopicProbe.send(kafka, Topics.MARKETPLACE_REFUNDS, refundId, Fixtures.bytes(refund), headers);
        TopicProbe.send(kafka, Topics.MARKETPLACE_REFUNDS, refundId, Fixtures.bytes(refund), headers); // redelivered
        TopicProbe.send(kafka, Topics.MARKETPLACE_REFUNDS, refundId, Fixtures.bytes(refund), // re-sent, new event id
                Fixtures.headers(EventTypes.MARKETPLACE_REFUND_REQUESTED, "shop-demo"));

        ConsumerRecord<String, byte[]> published = TopicProbe.await(kafka, Topics.COMPLAINT_OPENED, WAIT,
                r -> caseId.equals(r.key()));
        assertThat(TopicProbe.header(published, CloudEvent.TYPE)).isEqualTo("complaint-opened");
        assertThat(TopicProbe.header(published, CloudEvent.SHOP_ID)).isEqualTo("shop-demo");
        assertThat(TopicProbe.header(published, CloudEvent.SOURCE)).isEqualTo("/aftersales-service");
        JsonNode value = EventJson.mapper().readTree(published.value());
        assertThat(value.get("kind").asString()).isEqualTo("RETURN");
        assertThat(value.get("openedBy").asString()).isEqualTo("BUYER");
        assertThat(value.get("amount").asString()).isEqualTo("199.00");

        assertThat(complaintsOpened(caseId)).containsExactly(TopicProbe.header(published, CloudEvent.ID));

        get("/api/cases/" + caseId, AGENT).expectStatus().isOk().expectBody()
                .jsonPath("$.caseId").isEqualTo(caseId)
                .jsonPath("$.status").isEqualTo("OPEN")
                .jsonPath("$.kind").isEqualTo("RETURN")
                .jsonPath("$.amount").isEqualTo("199.00");
        get("/api/cases?buyerId=buyer-refund&status=OPEN", AGENT).expectStatus().isOk().expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].caseId").isEqualTo(caseId)
                .jsonPath("$.next").isEmpty();
    }

    @Test
    void concurrentDeliveriesOfOneRefundOpenOneCase() {
        String refundId = UUID.randomUUID().toString();
        MarketplaceRefundRequested refund = EventJson.mapper().treeToValue(refundRequested(refundId, "buyer-race"),
                MarketplaceRefundRequested.class);

        // both look before either writes; the loser of the insert must find the winner's case
        Mono.when(cases.handle(delivery("evt-a"), refund), cases.handle(delivery("evt-b"), refund)).block(WAIT);

        TopicProbe.await(kafka, Topics.COMPLAINT_OPENED, WAIT, r -> ("RF-" + refundId).equals(r.key()));
        assertThat(complaintsOpened("RF-" + refundId)).hasSize(1);
    }

    @Test
    void anAgentOpensACaseAndItIsAnnouncedAsOpenedByTheAgent() {
        String buyerId = "buyer-" + UUID.randomUUID();
        String location = http.post().uri("/api/cases").headers(h -> h.setBearerAuth(AGENT))
                .bodyValue(Map.of("buyerId", buyerId, "platform", "jd", "kind", "COMPLAINT",
                        "reason", "快递员态度差", "amount", "20.00"))
                .exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.openedBy").isEqualTo("AGENT")
                .jsonPath("$.status").isEqualTo("OPEN")
                .returnResult().getResponseHeaders().getLocation().toString();
        String caseId = location.substring(location.lastIndexOf('/') + 1);
        assertThat(location).isEqualTo("/api/cases/" + caseId);

        ConsumerRecord<String, byte[]> published = TopicProbe.await(kafka, Topics.COMPLAINT_OPENED, WAIT,
                r -> caseId.equals(r.key()));
        assertThat(TopicProbe.header(published, CloudEvent.TYPE)).isEqualTo("complaint-opened");
        JsonNode value = EventJson.mapper().readTree(published.value());
        assertThat(value.get("openedBy").asString()).isEqualTo("AGENT");
        assertThat(value.get("buyerId").asString()).isEqualTo(buyerId);
        assertThat(value.get("kind").asString()).isEqualTo("COMPLAINT");
    }

    @Test
    void anInvalidCaseIsRefusedNamingEveryField() {
        http.post().uri("/api/cases").headers(h -> h.setBearerAuth(AGENT))
                .bodyValue(Map.of("platform", " ", "kind", "BOGUS"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.title").isEqualTo("Invalid request")
                .jsonPath("$.errors[0].field").isEqualTo("buyerId")
                .jsonPath("$.errors[0].reason").isEqualTo("is required")
                .jsonPath("$.errors[1].field").isEqualTo("platform")
                .jsonPath("$.errors[2].field").isEqualTo("kind")
                .jsonPath("$.errors[3].field").isEqualTo("reason");
        get("/api/cases?kind=BOGUS", AGENT).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("kind");
    }

    @Test
    void aBodyThatNamesAnotherShopOrSetsWhatTheServerSetsIsRefusedNamingTheField() {
        String buyerId = "buyer-" + UUID.randomUUID();
        for (String field : List.of("shopId", "status", "openedBy")) {
            http.post().uri("/api/cases").headers(h -> h.setBearerAuth(AGENT))
                    .bodyValue(Map.of("buyerId", buyerId, "platform", "jd", "kind", "COMPLAINT",
                            "reason", "快递员态度差", field, "shop-rival"))
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].field").isEqualTo(field)
                    .jsonPath("$.errors[0].reason").value(String.class, r -> assertThat(r).contains("not a field"));
        }
        http.post().uri("/api/cases").headers(h -> h.setBearerAuth(AGENT))
                .bodyValue(Map.of("buyerId", buyerId, "platform", "jd", "kind", "COMPLAINT",
                        "reason", List.of("a list")))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        // nothing of it was kept
        get("/api/cases?buyerId=" + buyerId, AGENT).expectStatus().isOk().expectBody()
                .json("{\"items\": [], \"next\": null}");
    }

    @Test
    void anotherShopSeesNoneOfIt() {
        String refundId = UUID.randomUUID().toString();
        TopicProbe.send(kafka, Topics.MARKETPLACE_REFUNDS, refundId,
                Fixtures.bytes(refundRequested(refundId, "buyer-private")),
                Fixtures.headers(EventTypes.MARKETPLACE_REFUND_REQUESTED, "shop-demo"));
        String caseId = "RF-" + refundId;
        await().atMost(WAIT).untilAsserted(() -> get("/api/cases/" + caseId, AGENT).expectStatus().isOk());

        String rival = TestTokens.issue("shop-rival", "agent-1", List.of("supervisor"));
        get("/api/cases/" + caseId, rival).expectStatus().isNotFound();
        get("/api/cases?buyerId=buyer-private", rival).expectStatus().isOk().expectBody()
                .json("{\"items\": [], \"next\": null}");
        post("/api/cases/" + caseId + "/assign", rival, Map.of()).expectStatus().isNotFound();
        http.get().uri("/api/cases/" + caseId).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aRecordThatCannotBeReadGoesToTheDeadLetterTopicAndTheConsumerMovesOn() {
        String poisonKey = "poison-" + UUID.randomUUID();
        TopicProbe.send(kafka, Topics.MARKETPLACE_REFUNDS, poisonKey, "{not json".getBytes(),
                Fixtures.headers(EventTypes.MARKETPLACE_REFUND_REQUESTED, "shop-demo"));
        String refundId = UUID.randomUUID().toString();
        TopicProbe.send(kafka, Topics.MARKETPLACE_REFUNDS, refundId,
                Fixtures.bytes(refundRequested(refundId, "buyer-after")),
                Fixtures.headers(EventTypes.MARKETPLACE_REFUND_REQUESTED, "shop-demo"));

        ConsumerRecord<String, byte[]> dead = TopicProbe.await(kafka, Topics.deadLetter(Topics.MARKETPLACE_REFUNDS),
                WAIT, r -> poisonKey.equals(r.key()));
        assertThat(new String(dead.value())).isEqualTo("{not json");
        assertThat(TopicProbe.header(dead, KafkaMessagingAutoConfiguration.DEAD_LETTER_REASON))
                .contains("unreadable refund.requested");
        assertThat(TopicProbe.header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.MARKETPLACE_REFUNDS);
        TopicProbe.await(kafka, Topics.COMPLAINT_OPENED, WAIT, r -> ("RF-" + refundId).equals(r.key()));
    }

    @Test
    void aRefundThatContradictsItsCaseIsDeadLetteredWithItsReason() {
        String refundId = UUID.randomUUID().toString();
        TopicProbe.send(kafka, Topics.MARKETPLACE_REFUNDS, refundId,
                Fixtures.bytes(refundRequested(refundId, "buyer-x")),
                Fixtures.headers(EventTypes.MARKETPLACE_REFUND_REQUESTED, "shop-demo"));
        ObjectNode otherOrder = refundRequested(refundId, "buyer-x");
        otherOrder.put("orderId", "TB-OTHER");
        TopicProbe.send(kafka, Topics.MARKETPLACE_REFUNDS, refundId, Fixtures.bytes(otherOrder),
                Fixtures.headers(EventTypes.MARKETPLACE_REFUND_REQUESTED, "shop-demo"));

        ConsumerRecord<String, byte[]> dead = TopicProbe.await(kafka, Topics.deadLetter(Topics.MARKETPLACE_REFUNDS),
                WAIT, r -> refundId.equals(r.key()));
        assertThat(TopicProbe.header(dead, KafkaMessagingAutoConfiguration.DEAD_LETTER_REASON))
                .contains("UnprocessableEventException", "TB-OTHER");
        get("/api/cases/RF-" + refundId, AGENT).expectStatus().isOk().expectBody()
                .jsonPath("$.orderId").isEqualTo("TB20261123001");
    }

    @Test
    void anEscalatedCaseIsResolvedOnlyByASupervisor() {
        String caseId = openByAgent("buyer-" + UUID.randomUUID());

        post("/api/cases/" + caseId + "/assign", AGENT, Map.of()).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("IN_PROGRESS").jsonPath("$.assignee").isEqualTo("agent-8");
        post("/api/cases/" + caseId + "/notes", AGENT, Map.of("text", "买家要求三倍赔偿，聊天记录已保存"))
                .expectStatus().isOk().expectBody().jsonPath("$.notes[0].author").isEqualTo("agent-8");
        post("/api/cases/" + caseId + "/escalate", AGENT, Map.of("reason", "超出权限")).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ESCALATED");
        Map<String, String> resolution = Map.of("outcome", "COMPENSATED", "resolution", "赔偿20元优惠券");

        post("/api/cases/" + caseId + "/resolve", AGENT, resolution).expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("supervisor"));
        post("/api/cases/" + caseId + "/resolve", SUPERVISOR, resolution).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("RESOLVED")
                .jsonPath("$.outcome").isEqualTo("COMPENSATED")
                .jsonPath("$.closedBy").isEqualTo("lead-1");

        post("/api/cases/" + caseId + "/escalate", AGENT, Map.of("reason", "again")).expectStatus()
                .isEqualTo(409).expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("RESOLVED"));
        post("/api/cases/" + caseId + "/resolve", SUPERVISOR, Map.of("outcome", "MONEY")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("outcome")
                .jsonPath("$.errors[1].field").isEqualTo("resolution");
    }

    private String openByAgent(String buyerId) {
        String location = http.post().uri("/api/cases").headers(h -> h.setBearerAuth(AGENT))
                .bodyValue(Map.of("buyerId", buyerId, "orderId", "TB1", "platform", "taobao", "kind", "RETURN",
                        "reason", "尺码不合适"))
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseHeaders().getLocation().toString();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /**
     * The distinct complaint-opened events about a case. The outbox relay is at-least-once: its sweep may re-send an
     * entry a slow first flush is still sending, under the same ce_id, which every consumer drops.
     */
    private Set<String> complaintsOpened(String caseId) {
        return TopicProbe.all(kafka, Topics.COMPLAINT_OPENED, Duration.ofSeconds(3)).stream()
                .filter(r -> caseId.equals(r.key()))
                .map(r -> TopicProbe.header(r, CloudEvent.ID))
                .collect(Collectors.toSet());
    }

    private static CloudEvent delivery(String eventId) {
        return new CloudEvent(eventId, EventTypes.MARKETPLACE_REFUND_REQUESTED.name(), "/tests", Instant.now(),
                "shop-demo");
    }

    private WebTestClient.ResponseSpec get(String uri, String token) {
        return http.get().uri(uri).headers(h -> h.setBearerAuth(token)).exchange();
    }

    private WebTestClient.ResponseSpec post(String uri, String token, Map<String, String> body) {
        return http.post().uri(uri).headers(h -> h.setBearerAuth(token)).bodyValue(body).exchange();
    }

    private static ObjectNode refundRequested(String refundId, String buyerId) {
        ObjectNode refund = Fixtures.json(EventTypes.MARKETPLACE_REFUND_REQUESTED);
        refund.put("refundId", refundId);
        refund.put("buyerId", buyerId);
        return refund;
    }
}
