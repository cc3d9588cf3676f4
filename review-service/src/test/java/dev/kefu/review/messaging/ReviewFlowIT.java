package dev.kefu.review.messaging;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventSchemas;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Marketplace reviews through a real broker and the Mongo wire server, out as review-posted; bad input to the DLT. */
@KefuServiceIT
@SuppressWarnings("unchecked") // JSONPath results arrive as untyped lists
class ReviewFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Autowired
    WebTestClient http;

    @Test
    void aOneStarReviewIsStoredAsNegativeAndPublishedOnceHoweverOftenItArrives() {
        String reviewId = "rv-" + UUID.randomUUID();
        ObjectNode posted = reviewPosted(reviewId);
        Map<String, String> headers = Fixtures.headers(EventTypes.MARKETPLACE_REVIEW_POSTED, "shop-demo");

        send(reviewId, posted, headers);
        send(reviewId, posted, headers); // redelivered
        send(reviewId, posted, Fixtures.headers(EventTypes.MARKETPLACE_REVIEW_POSTED, "shop-demo")); // resent anew

        ConsumerRecord<String, byte[]> published = TopicProbe.await(kafka, Topics.REVIEW_POSTED, WAIT,
                r -> reviewId.equals(r.key()));
        assertThat(TopicProbe.header(published, CloudEvent.TYPE)).isEqualTo("review-posted");
        assertThat(TopicProbe.header(published, CloudEvent.SHOP_ID)).isEqualTo("shop-demo");
        assertThat(TopicProbe.header(published, CloudEvent.SOURCE)).isEqualTo("/review-service");
        JsonNode value = EventJson.mapper().readTree(published.value());
        assertThat(value.get("sentiment").asString()).isEqualTo("NEGATIVE");
        assertThat(value.get("rating").asInt()).isEqualTo(1);
        assertThat(EventSchemas.validate(EventTypes.REVIEW_POSTED, value)).isEmpty();

        List<ConsumerRecord<String, byte[]>> all = TopicProbe.all(kafka, Topics.REVIEW_POSTED, Duration.ofSeconds(3));
        // at-least-once: the outbox may send an entry twice, but it is one event (one ce_id) for consumers
        assertThat(all.stream().filter(r -> reviewId.equals(r.key())).map(r -> TopicProbe.header(r, CloudEvent.ID)).distinct())
                .hasSize(1);

        get("/api/reviews/" + reviewId, "shop-demo").expectStatus().isOk()
                .expectBody()
                .jsonPath("$.reviewId").isEqualTo(reviewId)
                .jsonPath("$.sentiment").isEqualTo("NEGATIVE")
                .jsonPath("$.followUp").isEqualTo("NONE")
                .jsonPath("$.revised").isEqualTo(false);
    }

    @Test
    void aRevisionToFiveStarsShowsAsRevisedAndImproved() {
        String reviewId = "rv-" + UUID.randomUUID();
        send(reviewId, reviewPosted(reviewId), Fixtures.headers(EventTypes.MARKETPLACE_REVIEW_POSTED, "shop-demo"));
        send(reviewId, reviewRevised(reviewId), Fixtures.headers(EventTypes.MARKETPLACE_REVIEW_REVISED, "shop-demo"));

        await().atMost(WAIT).untilAsserted(() -> get("/api/reviews/" + reviewId, "shop-demo")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.revised").isEqualTo(true)
                .jsonPath("$.improved").isEqualTo(true)
                .jsonPath("$.rating").isEqualTo(1)
                .jsonPath("$.revisions[0].rating").isEqualTo(5)
                .jsonPath("$.revisions[0].sentiment").isEqualTo("POSITIVE"));
    }

    @Test
    void revisionsRightBehindTheirReviewsAreAppliedInOrder() {
        String buyerId = "buyer-" + UUID.randomUUID();
        List<String> reviewIds = IntStream.range(0, 20).mapToObj(i -> "rv-" + UUID.randomUUID()).toList();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.LINGER_MS_CONFIG, 50),
                new StringSerializer(), new ByteArraySerializer())) { // one batch: the consumer gets them in one poll
            for (String reviewId : reviewIds) {
                ObjectNode posted = reviewPosted(reviewId);
                posted.put("buyerId", buyerId);
                producer.send(record(reviewId, posted, EventTypes.MARKETPLACE_REVIEW_POSTED));
                producer.send(record(reviewId, reviewRevised(reviewId), EventTypes.MARKETPLACE_REVIEW_REVISED));
            }
        }

        await().atMost(WAIT).untilAsserted(() -> get("/api/reviews?buyerId=" + buyerId, "shop-demo")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(reviewIds.size())
                .jsonPath("$[?(@.improved == true)].reviewId").value(ids -> assertThat((List<Object>) ids)
                        .containsExactlyInAnyOrderElementsOf(reviewIds)));
        assertThat(TopicProbe.all(kafka, Topics.deadLetter(Topics.MARKETPLACE_REVIEWS), Duration.ofSeconds(1)))
                .noneMatch(r -> reviewIds.contains(r.key()));
    }

    @Test
    void anotherShopSeesNoneOfIt() {
        String reviewId = "rv-" + UUID.randomUUID();
        String buyerId = "buyer-" + UUID.randomUUID();
        ObjectNode posted = reviewPosted(reviewId);
        posted.put("buyerId", buyerId);
        send(reviewId, posted, Fixtures.headers(EventTypes.MARKETPLACE_REVIEW_POSTED, "shop-demo"));
        await().atMost(WAIT).untilAsserted(() -> get("/api/reviews/" + reviewId, "shop-demo").expectStatus().isOk());

        get("/api/reviews/" + reviewId, "shop-rival").expectStatus().isNotFound();
        get("/api/reviews?buyerId=" + buyerId, "shop-rival").expectStatus().isOk().expectBody().json("[]");
        http.post().uri("/api/reviews/" + reviewId + "/follow-ups")
                .headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-rival")))
                .bodyValue(Map.of("status", "CONTACTED", "note", "您好，刚看到您的评价"))
                .exchange().expectStatus().isNotFound();
        http.get().uri("/api/reviews/" + reviewId).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aRevisionOfAnUnknownReviewIsDeadLetteredWithItsReasonAndTheConsumerMovesOn() {
        String unknown = "rv-unknown-" + UUID.randomUUID();
        send(unknown, reviewRevised(unknown), Fixtures.headers(EventTypes.MARKETPLACE_REVIEW_REVISED, "shop-demo"));
        String reviewId = "rv-" + UUID.randomUUID();
        send(reviewId, reviewPosted(reviewId), Fixtures.headers(EventTypes.MARKETPLACE_REVIEW_POSTED, "shop-demo"));

        ConsumerRecord<String, byte[]> dead = TopicProbe.await(kafka, Topics.deadLetter(Topics.MARKETPLACE_REVIEWS),
                WAIT, r -> unknown.equals(r.key()));
        assertThat(TopicProbe.header(dead, CloudEvent.TYPE)).isEqualTo("review.revised");
        assertThat(TopicProbe.header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.MARKETPLACE_REVIEWS);
        assertThat(TopicProbe.header(dead, KafkaMessagingAutoConfiguration.DEAD_LETTER_REASON))
                .contains("review " + unknown + " of shop shop-demo is unknown");
        TopicProbe.await(kafka, Topics.REVIEW_POSTED, WAIT, r -> reviewId.equals(r.key()));
    }

    private static ProducerRecord<String, byte[]> record(String key, ObjectNode event, EventType<?> type) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MARKETPLACE_REVIEWS, key, Fixtures.bytes(event));
        Fixtures.headers(type, "shop-demo").forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private WebTestClient.ResponseSpec get(String uri, String shopId) {
        return http.get().uri(uri).headers(h -> h.setBearerAuth(TestTokens.agentOf(shopId))).exchange();
    }

    /** Keyed by review id here so each test finds its own records; the gateway keys by order id. */
    private void send(String key, ObjectNode event, Map<String, String> headers) {
        TopicProbe.send(kafka, Topics.MARKETPLACE_REVIEWS, key, Fixtures.bytes(event), headers);
    }

    static ObjectNode reviewPosted(String reviewId) {
        ObjectNode posted = Fixtures.json(EventTypes.MARKETPLACE_REVIEW_POSTED); // 1 star, "质量太差了…差评！"
        posted.put("reviewId", reviewId);
        return posted;
    }

    static ObjectNode reviewRevised(String reviewId) {
        ObjectNode revised = Fixtures.json(EventTypes.MARKETPLACE_REVIEW_REVISED); // 5 stars
        revised.put("reviewId", reviewId);
        return revised;
    }
}
