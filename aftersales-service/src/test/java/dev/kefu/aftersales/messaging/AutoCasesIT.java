package dev.kefu.aftersales.messaging;

import dev.kefu.events.CloudEvent;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cases Kefu opens by itself, through a real broker and the Mongo wire server: a delayed parcel's LOGISTICS case
 * and a bad review's REVIEW_RECOVERY case, each announced once as complaint-opened however often its cause comes;
 * none for a shop that turned them off.
 */
@KefuServiceIT
class AutoCasesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SHOP = "shop-demo";
    private static final String QUIET = "shop-quiet";
    private static final String AGENT = TestTokens.agentOf(SHOP);

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Autowired
    WebTestClient http;

    @DynamicPropertySource
    static void shops(DynamicPropertyRegistry registry) {
        registry.add("kefu.shops." + QUIET + ".auto-cases.logistics", () -> "false");
        registry.add("kefu.shops." + QUIET + ".auto-cases.review-recovery", () -> "false");
    }

    @Test
    void aDelayedParcelOpensOneLogisticsCaseAnnouncedOnceHoweverOftenItIsLate() {
        String orderId = "TB-" + UUID.randomUUID();
        String caseId = "LG-" + orderId;
        Instant detectedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ObjectNode failed = delay(SHOP, orderId, "CARRIER_FAILED", detectedAt);
        Map<String, String> headers = Fixtures.headers(EventTypes.SHIPMENT_DELAYED, SHOP);

        TopicProbe.send(kafka, Topics.SHIPMENT_DELAYED, orderId, Fixtures.bytes(failed), headers);
        ConsumerRecord<String, byte[]> published = TopicProbe.await(kafka, Topics.COMPLAINT_OPENED, WAIT,
                r -> caseId.equals(r.key()));

        assertThat(TopicProbe.header(published, CloudEvent.TYPE)).isEqualTo("complaint-opened");
        assertThat(TopicProbe.header(published, CloudEvent.SHOP_ID)).isEqualTo(SHOP);
        JsonNode value = EventJson.mapper().readTree(published.value());
        assertThat(value.get("kind").asString()).isEqualTo("LOGISTICS");
        assertThat(value.get("openedBy").asString()).isEqualTo("AUTOMATION");
        assertThat(value.get("orderId").asString()).isEqualTo(orderId);
        assertThat(value.get("reason").asString()).startsWith("CARRIER_FAILED · ZTO ZT7730012345");

        // the same record redelivered, then the parcel lost a day later: a new event, the same cause
        TopicProbe.send(kafka, Topics.SHIPMENT_DELAYED, orderId, Fixtures.bytes(failed), headers);
        TopicProbe.send(kafka, Topics.SHIPMENT_DELAYED, orderId,
                Fixtures.bytes(delay(SHOP, orderId, "PARCEL_LOST", detectedAt.plus(Duration.ofDays(1)))),
                Fixtures.headers(EventTypes.SHIPMENT_DELAYED, SHOP));
        awaitHandled(Topics.SHIPMENT_DELAYED, "TB-marker-" + UUID.randomUUID());

        assertThat(complaintsOpened(caseId)).containsExactly(TopicProbe.header(published, CloudEvent.ID));
        get("/api/cases/" + caseId, AGENT).expectStatus().isOk().expectBody()
                .jsonPath("$.kind").isEqualTo("LOGISTICS")
                .jsonPath("$.openedBy").isEqualTo("AUTOMATION")
                .jsonPath("$.status").isEqualTo("OPEN")
                .jsonPath("$.reason").value(String.class, r -> assertThat(r).startsWith("CARRIER_FAILED"))
                .jsonPath("$.resolutionDue").value(String.class,
                        due -> assertThat(Instant.parse(due)).isEqualTo(detectedAt.plus(Duration.ofHours(48))));
        get("/api/cases?buyerId=tb_buyer_8c1f&status=OPEN", AGENT).expectStatus().isOk().expectBody()
                .jsonPath("$.items[?(@.caseId == '" + caseId + "')]").isNotEmpty();
    }

    @Test
    void aOneStarReviewAboutTheParcelOpensAReviewRecoveryCaseWithItsReason() {
        String reviewId = "rv-" + UUID.randomUUID();
        String caseId = "RR-" + reviewId;
        ObjectNode review = review(SHOP, reviewId, 1, "NEGATIVE", "배송이 너무 늦어요. 별로예요", "LOGISTICS");
        Map<String, String> headers = Fixtures.headers(EventTypes.REVIEW_POSTED, SHOP);

        TopicProbe.send(kafka, Topics.REVIEW_POSTED, reviewId, Fixtures.bytes(review), headers);
        ConsumerRecord<String, byte[]> published = TopicProbe.await(kafka, Topics.COMPLAINT_OPENED, WAIT,
                r -> caseId.equals(r.key()));
        JsonNode value = EventJson.mapper().readTree(published.value());
        assertThat(value.get("kind").asString()).isEqualTo("REVIEW_RECOVERY");
        assertThat(value.get("openedBy").asString()).isEqualTo("AUTOMATION");
        assertThat(value.get("reason").asString()).isEqualTo("LOGISTICS · 1★ · 배송이 너무 늦어요. 별로예요");

        TopicProbe.send(kafka, Topics.REVIEW_POSTED, reviewId, Fixtures.bytes(review), headers); // redelivered
        awaitHandled(Topics.REVIEW_POSTED, "rv-marker-" + UUID.randomUUID());
        assertThat(complaintsOpened(caseId)).hasSize(1);
        get("/api/cases/" + caseId, AGENT).expectStatus().isOk().expectBody()
                .jsonPath("$.kind").isEqualTo("REVIEW_RECOVERY")
                .jsonPath("$.orderId").isEqualTo("TB20261123001")
                .jsonPath("$.reason").value(String.class, r -> assertThat(r).startsWith("LOGISTICS"));
    }

    @Test
    void nothingOpensWhatTheShopTurnedOffOrWhatNeedsNoFollowUp() {
        String orderId = "TB-" + UUID.randomUUID();
        String lateDispatch = "TB-" + UUID.randomUUID();
        String quietReview = "rv-" + UUID.randomUUID();
        String goodReview = "rv-" + UUID.randomUUID();
        Instant now = Instant.now();
        TopicProbe.send(kafka, Topics.SHIPMENT_DELAYED, orderId, Fixtures.bytes(delay(QUIET, orderId, "PARCEL_LOST",
                now)), Fixtures.headers(EventTypes.SHIPMENT_DELAYED, QUIET));
        TopicProbe.send(kafka, Topics.SHIPMENT_DELAYED, lateDispatch, Fixtures.bytes(delay(SHOP, lateDispatch,
                "SHIP_BY_MISSED", now)), Fixtures.headers(EventTypes.SHIPMENT_DELAYED, SHOP));
        TopicProbe.send(kafka, Topics.REVIEW_POSTED, quietReview, Fixtures.bytes(review(QUIET, quietReview, 1,
                "NEGATIVE", "배송이 너무 늦어요. 별로예요", "LOGISTICS")), Fixtures.headers(EventTypes.REVIEW_POSTED, QUIET));
        TopicProbe.send(kafka, Topics.REVIEW_POSTED, goodReview, Fixtures.bytes(review(SHOP, goodReview, 5,
                "POSITIVE", "很好，物流很快")), Fixtures.headers(EventTypes.REVIEW_POSTED, SHOP));

        // each topic's later record was handled, so the ones before it were too (one partition)
        awaitHandled(Topics.SHIPMENT_DELAYED, "TB-marker-" + UUID.randomUUID());
        awaitHandled(Topics.REVIEW_POSTED, "rv-marker-" + UUID.randomUUID());

        String quietAgent = TestTokens.agentOf(QUIET);
        get("/api/cases/LG-" + orderId, quietAgent).expectStatus().isNotFound();
        get("/api/cases/RR-" + quietReview, quietAgent).expectStatus().isNotFound();
        get("/api/cases/LG-" + lateDispatch, AGENT).expectStatus().isNotFound();
        get("/api/cases/RR-" + goodReview, AGENT).expectStatus().isNotFound();
        Set<String> keys = TopicProbe.all(kafka, Topics.COMPLAINT_OPENED, Duration.ofSeconds(2)).stream()
                .map(ConsumerRecord::key).collect(Collectors.toSet());
        assertThat(keys).doesNotContain("LG-" + orderId, "LG-" + lateDispatch, "RR-" + quietReview, "RR-" + goodReview);
    }

    /** Sends a record that opens a case on {@code topic} and waits for the case: everything before it was handled. */
    private void awaitHandled(String topic, String ref) {
        String caseId;
        if (Topics.SHIPMENT_DELAYED.equals(topic)) {
            TopicProbe.send(kafka, topic, ref, Fixtures.bytes(delay(SHOP, ref, "TRACKING_STALLED", Instant.now())),
                    Fixtures.headers(EventTypes.SHIPMENT_DELAYED, SHOP));
            caseId = "LG-" + ref;
        } else {
            TopicProbe.send(kafka, topic, ref, Fixtures.bytes(review(SHOP, ref, 2, "NEGATIVE", "别买")),
                    Fixtures.headers(EventTypes.REVIEW_POSTED, SHOP));
            caseId = "RR-" + ref;
        }
        await().atMost(WAIT).untilAsserted(() -> get("/api/cases/" + caseId, AGENT).expectStatus().isOk());
    }

    /** The distinct complaint-opened events about a case (the relay may send one entry twice, under one ce_id). */
    private Set<String> complaintsOpened(String caseId) {
        return TopicProbe.all(kafka, Topics.COMPLAINT_OPENED, Duration.ofSeconds(3)).stream()
                .filter(r -> caseId.equals(r.key()))
                .map(r -> TopicProbe.header(r, CloudEvent.ID))
                .collect(Collectors.toSet());
    }

    private WebTestClient.ResponseSpec get(String uri, String token) {
        return http.get().uri(uri).headers(h -> h.setBearerAuth(token)).exchange();
    }

    private static ObjectNode delay(String shopId, String orderId, String reason, Instant detectedAt) {
        ObjectNode delay = Fixtures.json(EventTypes.SHIPMENT_DELAYED);
        delay.put("shopId", shopId);
        delay.put("orderId", orderId);
        delay.put("reason", reason);
        delay.put("detectedAt", detectedAt.toString());
        return delay;
    }

    private static ObjectNode review(String shopId, String reviewId, int rating, String sentiment, String content,
                                     String... reasons) {
        ObjectNode review = Fixtures.json(EventTypes.REVIEW_POSTED);
        review.put("shopId", shopId);
        review.put("reviewId", reviewId);
        review.put("rating", rating);
        review.put("sentiment", sentiment);
        review.put("content", content);
        review.put("postedAt", Instant.now().toString());
        ArrayNode given = review.putArray("reasons");
        for (String reason : reasons) {
            given.add(reason);
        }
        return review;
    }
}
