package dev.kefu.review.review;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventSchemas;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reasons, 中评 follow-up, the seller's explanation, paging, analytics and gauges, through the real broker and the
 * Mongo wire server.
 */
@KefuServiceIT
@TestPropertySource(properties = {
        "kefu.shops.shop-gauge.name=Gauge shop",
        "kefu.shops.shop-shoes.review-reasons.quality=开胶",
        "kefu.review.analytics.refresh=PT0.5S"})
@SuppressWarnings("unchecked")
class ReviewInsightsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Autowired
    WebTestClient http;

    @Autowired
    MeterRegistry registry;

    @Test
    void reviewPostedCarriesTheReasonsAndANeutralReviewWithOneIsOnTheFollowUpList() {
        String shop = "shop-" + UUID.randomUUID();
        String neutral = posted(shop, 3, "东西还行，就是发货太慢", Instant.now());
        String plain = posted(shop, 3, "还可以，没什么特别的", Instant.now());

        ConsumerRecord<String, byte[]> published = TopicProbe.await(kafka, Topics.REVIEW_POSTED, WAIT,
                r -> neutral.equals(r.key()));
        JsonNode value = EventJson.mapper().readTree(published.value());
        assertThat(value.get("reasons").toString()).isEqualTo("[\"LOGISTICS\"]");
        assertThat(EventSchemas.validate(EventTypes.REVIEW_POSTED, value)).isEmpty();

        get("/api/reviews?followable=true&followUp=NONE", shop).expectStatus().isOk().expectBody()
                .jsonPath("$[*].reviewId").value(ids -> assertThat((List<Object>) ids).containsExactly(neutral));
        get("/api/reviews/" + neutral, shop).expectBody()
                .jsonPath("$.reasons[0]").isEqualTo("LOGISTICS").jsonPath("$.followable").isEqualTo(true);
        followUp(shop, neutral).expectStatus().isOk();
        followUp(shop, plain).expectStatus().isEqualTo(HttpStatus.CONFLICT);
        get("/api/reviews?followable=maybe", shop).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("followable");
    }

    @Test
    void aShopsOwnPhraseGivesAReason() {
        String reviewId = posted("shop-shoes", 2, "穿了三天鞋底开胶", Instant.now());
        get("/api/reviews/" + reviewId, "shop-shoes").expectBody().jsonPath("$.reasons[0]").isEqualTo("QUALITY");
    }

    @Test
    void theSellersExplanationIsDraftedEditedAndPublishedOnceAsAnOutboundRequest() {
        String shop = "shop-" + UUID.randomUUID();
        String reviewId = posted(shop, 1, "质量太差了", Instant.now().minus(Duration.ofDays(3)));

        explain(shop, reviewId, "亲，抱歉").expectStatus().isOk()
                .expectBody().jsonPath("$.explanation.text").isEqualTo("亲，抱歉")
                .jsonPath("$.explanation.publishedAt").doesNotExist();
        explain(shop, reviewId, "亲，非常抱歉，已为您补发新品。").expectStatus().isOk();
        explain(shop, reviewId, "谢".repeat(501)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("text");
        explain(shop, reviewId, " ").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("text");

        publish(shop, reviewId).expectStatus().isOk().expectBody()
                .jsonPath("$.explanation.text").isEqualTo("亲，非常抱歉，已为您补发新品。")
                .jsonPath("$.explanation.publishedAt").exists();
        ConsumerRecord<String, byte[]> out = TopicProbe.await(kafka, Topics.REVIEW_REPLY_OUTBOUND, WAIT,
                r -> reviewId.equals(r.key()));
        assertThat(TopicProbe.header(out, CloudEvent.TYPE)).isEqualTo("review-reply-outbound");
        assertThat(TopicProbe.header(out, CloudEvent.SHOP_ID)).isEqualTo(shop);
        JsonNode reply = EventJson.mapper().readTree(out.value());
        assertThat(reply.get("text").asString()).isEqualTo("亲，非常抱歉，已为您补发新品。");
        assertThat(reply.get("agentId").asString()).isEqualTo("agent-8");
        assertThat(EventSchemas.validate(EventTypes.REVIEW_REPLY_OUTBOUND, reply)).isEmpty();

        publish(shop, reviewId).expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("one explanation"));
        explain(shop, reviewId, "更正").expectStatus().isEqualTo(HttpStatus.CONFLICT);
        publish(shop, "rv-unknown").expectStatus().isNotFound();
        explain("shop-other", reviewId, "亲").expectStatus().isNotFound(); // another shop's review
    }

    @Test
    void aReviewOlderThanThirtyDaysCannotBeExplained() {
        String shop = "shop-" + UUID.randomUUID();
        String reviewId = posted(shop, 2, "物流太慢", Instant.now().minus(Duration.ofDays(31)));

        explain(shop, reviewId, "亲，抱歉").expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("within 30 days"));
        publish(shop, reviewId).expectStatus().isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void aListIsPagedByAnOpaqueCursorAndStaysAnArray() {
        String shop = "shop-page-" + UUID.randomUUID();
        Instant day = Instant.parse("2026-11-20T00:00:00Z");
        String first = posted(shop, 1, "太差了", day.plusSeconds(3600));
        String second = posted(shop, 1, "很差", day.plusSeconds(7200));
        String third = posted(shop, 2, "不好", day.plusSeconds(7200)); // same time as second: ordered by id

        var page1 = get("/api/reviews?sentiment=NEGATIVE&limit=2", shop).expectStatus().isOk()
                .expectBody(List.class).returnResult();
        String next = page1.getResponseHeaders().getFirst(ReviewController.NEXT_CURSOR);
        assertThat(next).isNotBlank();
        List<Map<String, Object>> items = page1.getResponseBody();
        assertThat(items).extracting(m -> m.get("reviewId")).containsExactlyInAnyOrder(second, third);

        var page2 = get("/api/reviews?sentiment=NEGATIVE&limit=2&cursor=" + next, shop).expectStatus().isOk()
                .expectBody(List.class).returnResult();
        assertThat(page2.getResponseHeaders().getFirst(ReviewController.NEXT_CURSOR)).isNull();
        assertThat((List<Map<String, Object>>) page2.getResponseBody()).extracting(m -> m.get("reviewId"))
                .containsExactly(first);

        get("/api/reviews?sentiment=NEGATIVE&cursor=not-a-cursor", shop).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("cursor");
    }

    @Test
    void analyticsCountThePeriodsRatingsReasonsFollowUpAndRecovery() {
        String shop = "shop-stats-" + UUID.randomUUID();
        Instant day = Instant.parse("2026-11-20T00:00:00Z");
        String recovered = posted(shop, 1, "物流太慢，质量也差", day.plusSeconds(3600));
        posted(shop, 2, "物流慢", day.plusSeconds(7200));
        String neutral = posted(shop, 3, "尺码偏小", day.plusSeconds(9000));
        posted(shop, 5, "非常满意", day.plusSeconds(10_000));
        posted(shop, 1, "太差", day.plusSeconds(2 * 86_400)); // after the period
        followUp(shop, recovered).expectStatus().isOk();
        followUp(shop, neutral).expectStatus().isOk();
        ObjectNode revised = Fixtures.json(EventTypes.MARKETPLACE_REVIEW_REVISED);
        revised.put("shopId", shop);
        revised.put("reviewId", recovered);
        TopicProbe.send(kafka, Topics.MARKETPLACE_REVIEWS, recovered, Fixtures.bytes(revised),
                Fixtures.headers(EventTypes.MARKETPLACE_REVIEW_REVISED, shop));
        await().atMost(WAIT).untilAsserted(() -> get("/api/reviews/" + recovered, shop).expectBody()
                .jsonPath("$.improved").isEqualTo(true));

        get("/api/reviews/analytics?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z", shop).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.reviews").isEqualTo(4)
                .jsonPath("$.ratingDistribution['1']").isEqualTo(1)
                .jsonPath("$.ratingDistribution['2']").isEqualTo(1)
                .jsonPath("$.ratingDistribution['3']").isEqualTo(1)
                .jsonPath("$.ratingDistribution['4']").isEqualTo(0)
                .jsonPath("$.ratingDistribution['5']").isEqualTo(1)
                .jsonPath("$.negativeRate.count").isEqualTo(2)
                .jsonPath("$.negativeRate.value").isEqualTo(0.5)
                .jsonPath("$.followable").isEqualTo(3)
                .jsonPath("$.topReasons[0].reason").isEqualTo("LOGISTICS")
                .jsonPath("$.topReasons[0].count").isEqualTo(2)
                .jsonPath("$.topReasons.length()").isEqualTo(3)
                .jsonPath("$.followUpRate.value").isEqualTo(0.6667)
                .jsonPath("$.recoveryRate.count").isEqualTo(1)
                .jsonPath("$.recoveryRate.value").isEqualTo(0.3333);
        // the review KPIs count the 中评 with a reason as a bad review too
        http.get().uri("/api/reviews/kpis?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z")
                .headers(h -> h.setBearerAuth(TestTokens.issue(shop, "lead-1", List.of("supervisor")))).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.shop.badReviews").isEqualTo(3)
                .jsonPath("$.shop.badReviewFollowUpRate.value").isEqualTo(0.6667)
                // by reason, most given first: 物流 twice, then the others once
                .jsonPath("$.shop.badReviewsByReason.LOGISTICS").isEqualTo(2)
                .jsonPath("$.shop.badReviewsByReason.length()").isEqualTo(3);
        get("/api/reviews/analytics?to=2026-11-21T00:00:00Z", shop).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("from");
        get("/api/reviews/analytics?from=2026-01-01T00:00:00Z&to=2026-11-21T00:00:00Z", shop).expectStatus()
                .isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("to");
    }

    @Test
    void eachConfiguredShopsTrailingFiguresAreGauges() {
        posted("shop-gauge", 1, "物流太慢", Instant.now().minus(Duration.ofDays(1)));
        posted("shop-gauge", 5, "很好", Instant.now().minus(Duration.ofDays(2)));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(registry.get("kefu.review.window.reviews").tag("shop", "shop-gauge").gauge().value())
                    .isEqualTo(2.0);
            assertThat(registry.get("kefu.review.negative.rate").tag("shop", "shop-gauge").gauge().value())
                    .isEqualTo(0.5);
            assertThat(registry.get("kefu.review.reasons").tag("shop", "shop-gauge").tag("reason", "LOGISTICS")
                    .gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("kefu.review.ratings").tag("shop", "shop-gauge").tag("rating", "5")
                    .gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("kefu.review.follow.up.rate").tag("shop", "shop-gauge").gauge().value())
                    .isEqualTo(0.0);
        });
    }

    private String posted(String shop, int rating, String content, Instant postedAt) {
        String reviewId = "rv-" + UUID.randomUUID();
        ObjectNode posted = Fixtures.json(EventTypes.MARKETPLACE_REVIEW_POSTED);
        posted.put("postedAt", postedAt.toString());
        posted.put("shopId", shop);
        posted.put("reviewId", reviewId);
        posted.put("rating", rating);
        posted.put("content", content);
        TopicProbe.send(kafka, Topics.MARKETPLACE_REVIEWS, reviewId, Fixtures.bytes(posted),
                Fixtures.headers(EventTypes.MARKETPLACE_REVIEW_POSTED, shop));
        await().atMost(WAIT).untilAsserted(() -> get("/api/reviews/" + reviewId, shop).expectStatus().isOk());
        return reviewId;
    }

    private WebTestClient.ResponseSpec followUp(String shop, String reviewId) {
        return http.post().uri("/api/reviews/" + reviewId + "/follow-ups")
                .headers(h -> h.setBearerAuth(TestTokens.agentOf(shop)))
                .bodyValue(Map.of("status", "CONTACTED", "note", "亲，真的很抱歉，已为您处理"))
                .exchange();
    }

    private WebTestClient.ResponseSpec explain(String shop, String reviewId, String text) {
        return http.put().uri("/api/reviews/" + reviewId + "/explanation")
                .headers(h -> h.setBearerAuth(TestTokens.agentOf(shop)))
                .bodyValue(Map.of("text", text))
                .exchange();
    }

    private WebTestClient.ResponseSpec publish(String shop, String reviewId) {
        return http.post().uri("/api/reviews/" + reviewId + "/explanation/publish")
                .headers(h -> h.setBearerAuth(TestTokens.agentOf(shop)))
                .exchange();
    }

    private WebTestClient.ResponseSpec get(String uri, String shopId) {
        return http.get().uri(uri).headers(h -> h.setBearerAuth(TestTokens.agentOf(shopId))).exchange();
    }
}
