package dev.kefu.review.review;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The agent's side: the bad-review work list and the follow-up of a bad review, with its refusals. */
@KefuServiceIT
@SuppressWarnings("unchecked") // JSONPath results arrive as untyped lists
class ReviewApiIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Autowired
    WebTestClient http;

    @Test
    void aBadReviewIsOnTheWorkListUntilTheBuyerIsContactedAndThenResolved() {
        String shop = "shop-" + UUID.randomUUID();
        String reviewId = posted(shop, 1, "质量太差了，和描述不符，差评！");

        get("/api/reviews?sentiment=NEGATIVE&followUp=NONE", shop).expectStatus().isOk()
                .expectBody().jsonPath("$[*].reviewId").value(ids -> assertThat((List<Object>) ids).contains(reviewId));

        followUp(shop, reviewId, "CONTACTED", "刚看到您给我们的评价，真的很抱歉；已安排换货").expectStatus().isOk()
                .expectBody()
                .jsonPath("$.followUp").isEqualTo("CONTACTED")
                .jsonPath("$.followUps[0].note").isEqualTo("刚看到您给我们的评价，真的很抱歉；已安排换货")
                .jsonPath("$.followUps[0].agentId").isEqualTo("agent-8");
        get("/api/reviews?sentiment=NEGATIVE&followUp=NONE", shop).expectStatus().isOk().expectBody().json("[]");

        followUp(shop, reviewId, "resolved", "换货已签收").expectStatus().isOk()
                .expectBody().jsonPath("$.followUp").isEqualTo("RESOLVED");
        followUp(shop, reviewId, "CONTACTED", "再次回访").expectStatus().isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void moneyForARevisionIsRefused() {
        String shop = "shop-" + UUID.randomUUID();
        String reviewId = posted(shop, 2, "物流太慢");

        followUp(shop, reviewId, "CONTACTED", "亲，改好评返现10元").expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody()
                .jsonPath("$.detail").isEqualTo("never pay for a review revision")
                .jsonPath("$.errors[0].field").isEqualTo("note");
        get("/api/reviews/" + reviewId, shop).expectBody().jsonPath("$.followUp").isEqualTo("NONE");
    }

    @Test
    void onlyBadReviewsAreFollowedUp() {
        String shop = "shop-" + UUID.randomUUID();
        String reviewId = posted(shop, 5, "非常满意，物流也快");

        followUp(shop, reviewId, "CONTACTED", "谢谢亲").expectStatus().isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void anInvalidFollowUpNamesEachBadField() {
        http.post().uri("/api/reviews/rv-any/follow-ups").headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo")))
                .bodyValue(Map.of("status", "NONE", "note", " "))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("status")
                .jsonPath("$.errors[1].field").isEqualTo("note");
    }

    @Test
    void listingNeedsAFilterAndValidValues() {
        get("/api/reviews", "shop-demo").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[*].field")
                .value(fields -> assertThat((List<Object>) fields).containsExactly("buyerId", "sentiment", "followUp", "followable"));
        get("/api/reviews?sentiment=ANGRY", "shop-demo").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("sentiment");
        get("/api/reviews?followUp=LATER", "shop-demo").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("followUp");
        get("/api/reviews?followUp=NONE&limit=0", "shop-demo").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
    }

    @Test
    void aListIsCappedAtItsLimitNewestFirst() {
        String shop = "shop-cap-" + UUID.randomUUID();
        String older = posted(shop, 1, "太差了", java.time.Instant.parse("2026-11-20T08:00:00Z"));
        String newer = posted(shop, 2, "质量很差", java.time.Instant.parse("2026-11-21T08:00:00Z"));
        await().atMost(WAIT).untilAsserted(() -> get("/api/reviews?sentiment=NEGATIVE&followUp=NONE&limit=2", shop)
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(2));
        get("/api/reviews?sentiment=NEGATIVE&followUp=NONE&limit=1", shop).expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].reviewId").isEqualTo(newer);
        assertThat(older).isNotEqualTo(newer);
    }

    @Test
    void kpisCountThePeriodsBadReviewsFollowedUpAndRecoveredForTheShopAndEachAgent() {
        String shop = "shop-kpi-" + UUID.randomUUID();
        java.time.Instant day = java.time.Instant.parse("2026-11-20T00:00:00Z");
        String recovered = posted(shop, 1, "太差了", day.plusSeconds(8 * 3600));
        String contacted = posted(shop, 2, "质量很差", day.plusSeconds(9 * 3600));
        posted(shop, 1, "差评", day.plusSeconds(10 * 3600));
        posted(shop, 1, "很差，第二天", day.plusSeconds(30 * 3600)); // after the period
        posted(shop, 5, "非常满意", day.plusSeconds(11 * 3600)); // not a bad review
        followUp(shop, recovered, "CONTACTED", "真的很抱歉，已安排换货").expectStatus().isOk();
        followUp(shop, contacted, "CONTACTED", "亲，给您补发").expectStatus().isOk();
        ObjectNode revised = Fixtures.json(EventTypes.MARKETPLACE_REVIEW_REVISED);
        revised.put("shopId", shop);
        revised.put("reviewId", recovered);
        TopicProbe.send(kafka, Topics.MARKETPLACE_REVIEWS, recovered, Fixtures.bytes(revised),
                Fixtures.headers(EventTypes.MARKETPLACE_REVIEW_REVISED, shop));
        await().atMost(WAIT).untilAsserted(() -> get("/api/reviews/" + recovered, shop).expectBody()
                .jsonPath("$.improved").isEqualTo(true));
        String period = "/api/reviews/kpis?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z";
        String supervisor = TestTokens.issue(shop, "lead-1", List.of("supervisor"));

        http.get().uri(period).headers(h -> h.setBearerAuth(supervisor)).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.shop.badReviews").isEqualTo(3)
                .jsonPath("$.shop.badReviewFollowUpRate.count").isEqualTo(2)
                .jsonPath("$.shop.badReviewFollowUpRate.value").isEqualTo(0.6667)
                .jsonPath("$.shop.badReviewRecoveryRate.value").isEqualTo(0.3333)
                .jsonPath("$.agents['agent-8'].badReviewsFollowedUp").isEqualTo(2)
                .jsonPath("$.agents['agent-8'].badReviewRecoveryRate.value").isEqualTo(0.5);
        // an agent sees their own figures only, never the shop's or a colleague's
        get(period, shop).expectStatus().isOk().expectBody()
                .jsonPath("$.shop").doesNotExist()
                .jsonPath("$.agents['agent-8'].badReviewsFollowedUp").isEqualTo(2);
        get(period + "&agentId=lead-1", shop).expectStatus().isForbidden();
        get("/api/reviews/kpis?to=2026-11-21T00:00:00Z", shop).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("from");
    }

    private String posted(String shop, int rating, String content) {
        return posted(shop, rating, content, null);
    }

    private String posted(String shop, int rating, String content, java.time.Instant postedAt) {
        String reviewId = "rv-" + UUID.randomUUID();
        ObjectNode posted = Fixtures.json(EventTypes.MARKETPLACE_REVIEW_POSTED);
        if (postedAt != null) {
            posted.put("postedAt", postedAt.toString());
        }
        posted.put("shopId", shop);
        posted.put("reviewId", reviewId);
        posted.put("rating", rating);
        posted.put("content", content);
        TopicProbe.send(kafka, Topics.MARKETPLACE_REVIEWS, reviewId, Fixtures.bytes(posted),
                Fixtures.headers(EventTypes.MARKETPLACE_REVIEW_POSTED, shop));
        await().atMost(WAIT).untilAsserted(() -> get("/api/reviews/" + reviewId, shop).expectStatus().isOk());
        return reviewId;
    }

    private WebTestClient.ResponseSpec followUp(String shop, String reviewId, String status, String note) {
        return http.post().uri("/api/reviews/" + reviewId + "/follow-ups")
                .headers(h -> h.setBearerAuth(TestTokens.agentOf(shop)))
                .bodyValue(Map.of("status", status, "note", note))
                .exchange();
    }

    private WebTestClient.ResponseSpec get(String uri, String shopId) {
        return http.get().uri(uri).headers(h -> h.setBearerAuth(TestTokens.agentOf(shopId))).exchange();
    }
}
