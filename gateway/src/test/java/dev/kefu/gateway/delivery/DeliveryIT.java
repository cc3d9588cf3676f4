package dev.kefu.gateway.delivery;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.events.webhook.WebhookSignature;
import dev.kefu.platform.messaging.KafkaMessagingAutoConfiguration;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import dev.kefu.platform.tracing.Traceparent;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery worker against a real (embedded) broker and a stub integration: one HTTP server on 127.0.0.1 whose
 * paths behave like integrations that are flaky, rate-limited, refusing, down, hanging or healthy, one shop each.
 * Short waits between attempts (0.3 s, 0.3 s, 2 s: four attempts) and a 6 s attempt timeout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kefu.security.mode=local", "kefu.security.jwt-secret=" + TestTokens.SECRET,
        "kefu.kafka.partitions=1",
        "kefu.gateway.delivery.timeout=PT6S",
        "kefu.gateway.delivery.backoff=PT0.3S,PT0.3S,PT2S",
        // rotating: the first secret signs
        "kefu.shops.shop-flaky.webhook-secret=" + DeliveryIT.SECRET + " " + DeliveryIT.OTHER_SECRET,
        "kefu.shops.shop-flaky.reports-delivery=false",
        "kefu.shops.shop-limited.webhook-secret=" + DeliveryIT.SECRET,
        "kefu.shops.shop-refusing.webhook-secret=" + DeliveryIT.SECRET,
        "kefu.shops.shop-down.webhook-secret=" + DeliveryIT.SECRET,
        "kefu.shops.shop-hanging.webhook-secret=" + DeliveryIT.SECRET,
        "kefu.shops.shop-healthy.webhook-secret=" + DeliveryIT.SECRET,
        "kefu.shops.shop-healthy.reports-delivery=true",
        "kefu.shops.shop-quiet.webhook-secret=" + DeliveryIT.SECRET})
@EmbeddedKafka(partitions = 1)
class DeliveryIT {

    static final String SECRET = "whsec_" + "c2VjcmV0LWZvci10aGUtZGVtby1zaG9wLTEyMzQ1Njc4";
    static final String OTHER_SECRET = "whsec_" + "bmV4dC1zZWNyZXQtb2YtdGhlLWRlbW8tc2hvcA==";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(6);

    /** One POST as the stub integration received it. */
    record Received(String path, String id, String timestamp, String signature, byte[] body, long atNanos,
                    String traceparent) {
        JsonNode json() {
            return EventJson.mapper().readTree(body);
        }
    }

    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger> TRIES = new ConcurrentHashMap<>();
    /** The trace id each published record's traceparent started, by event id. */
    private static final Map<String, String> TRACES = new ConcurrentHashMap<>();
    private static final DisposableServer INTEGRATION = integration();

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Autowired
    MeterRegistry metrics;

    @DynamicPropertySource
    static void deliveryUrls(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + INTEGRATION.port();
        Map.of("shop-flaky", "/flaky", "shop-limited", "/limited", "shop-refusing", "/refusing", "shop-down", "/down",
                        "shop-hanging", "/hanging", "shop-healthy", "/healthy")
                .forEach((shop, path) -> registry.add("kefu.shops." + shop + ".delivery-url", () -> base + path));
    }

    @AfterAll
    static void stopIntegration() {
        INTEGRATION.disposeNow(Duration.ofSeconds(2));
    }

    @Test
    void aMessageAnsweredWithTwoServerErrorsIsDeliveredOnTheThirdAttemptSignedAndReportedOnce() {
        String messageId = "msg-" + UUID.randomUUID();
        String eventId = message("shop-flaky", messageId, "tb_buyer_flaky");

        await().atMost(WAIT).until(() -> posts(eventId).size() >= 3);
        var report = TopicProbe.await(kafka, Topics.MARKETPLACE_MESSAGES, WAIT, r -> about(r, messageId));

        List<Received> posts = posts(eventId);
        assertThat(posts).hasSize(3).allSatisfy(post -> {
            assertThat(post.path()).isEqualTo("/flaky");
            assertThat(post.id()).isEqualTo(eventId); // the idempotency key, the same on every attempt
            assertThat(WebhookSignature.problem(SECRET, post.id(), post.timestamp(), post.signature(), post.body(),
                    Instant.now(), Duration.ofMinutes(5))).isNull();
            assertThat(post.json().get("type").asString()).isEqualTo("message-outbound");
            assertThat(post.json().get("timestamp").asString()).isEqualTo("2026-11-23T08:05:08Z");
            assertThat(post.json().at("/data/messageId").asString()).isEqualTo(messageId);
            assertThat(post.json().at("/data/text").asString()).startsWith("亲，");
            // every attempt, also those from the retry topics, continues the trace of the outbound record
            assertThat(Traceparent.traceId(post.traceparent())).isEqualTo(TRACES.get(eventId));
        });
        assertThat(Traceparent.traceId(TopicProbe.header(report, Traceparent.HEADER))).isEqualTo(TRACES.get(eventId));
        assertThat(TopicProbe.header(report, CloudEvent.TYPE)).isEqualTo("message.delivered");
        assertThat(TopicProbe.header(report, CloudEvent.SOURCE)).isEqualTo("/gateway/delivery");
        assertThat(TopicProbe.header(report, CloudEvent.SHOP_ID)).isEqualTo("shop-flaky");
        assertThat(TopicProbe.header(report, CloudEvent.ID))
                .isEqualTo(Settlement.reportId("shop-flaky", messageId, "message.delivered"));
        assertThat(report.key()).isEqualTo("tb_buyer_flaky");
        assertThat(json(report).get("at").asString()).isNotBlank();

        // delivered once: no fourth attempt, one report
        assertThat(TopicProbe.all(kafka, Topics.MARKETPLACE_MESSAGES, Duration.ofSeconds(2)))
                .filteredOn(r -> about(r, messageId)).hasSize(1);
        assertThat(posts(eventId)).hasSize(3);
    }

    @Test
    void tooManyRequestsWaitsAtLeastItsRetryAfter() {
        String eventId = message("shop-limited", "msg-" + UUID.randomUUID(), "tb_buyer_limited");

        await().atMost(WAIT).until(() -> posts(eventId).size() >= 2);

        List<Received> posts = posts(eventId);
        long waitedMillis = (posts.get(1).atNanos() - posts.get(0).atNanos()) / 1_000_000;
        // Retry-After: 2 outranks the scheduled 0.3 s: the record waits in the 2 s tier
        assertThat(waitedMillis).isGreaterThanOrEqualTo(2_000).isLessThan(10_000);
    }

    @Test
    void aClientErrorIsNotRetriedAndTheMessageIsReportedFailedWithTheReason() {
        String messageId = "msg-" + UUID.randomUUID();
        String eventId = message("shop-refusing", messageId, "tb_buyer_refused");

        var failed = TopicProbe.await(kafka, Topics.MARKETPLACE_MESSAGES, WAIT, r -> about(r, messageId));
        assertThat(TopicProbe.header(failed, CloudEvent.TYPE)).isEqualTo("message.failed");
        assertThat(json(failed).get("reason").asString()).isEqualTo("HTTP 400 Bad Request from the delivery URL");
        var dead = TopicProbe.await(kafka, Topics.deadLetter(Topics.MESSAGE_OUTBOUND), WAIT,
                r -> eventId.equals(TopicProbe.header(r, CloudEvent.ID)));
        assertThat(TopicProbe.header(dead, KafkaMessagingAutoConfiguration.DEAD_LETTER_REASON))
                .isEqualTo("HTTP 400 Bad Request from the delivery URL");
        assertThat(TopicProbe.header(dead, Outbound.ATTEMPTS)).isEqualTo("1");

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> posts(eventId).size() == 1);
    }

    @Test
    void afterTheLastAttemptTheRecordIsDeadLetteredAndTheMessageReportedFailed() {
        String messageId = "msg-" + UUID.randomUUID();
        String eventId = message("shop-down", messageId, "tb_buyer_down");

        var dead = TopicProbe.await(kafka, Topics.deadLetter(Topics.MESSAGE_OUTBOUND), WAIT,
                r -> eventId.equals(TopicProbe.header(r, CloudEvent.ID)));
        var failed = TopicProbe.await(kafka, Topics.MARKETPLACE_MESSAGES, WAIT, r -> about(r, messageId));

        assertThat(posts(eventId)).hasSize(4);
        String reason = TopicProbe.header(dead, KafkaMessagingAutoConfiguration.DEAD_LETTER_REASON);
        assertThat(reason).startsWith("no successful answer after 4 attempts over ")
                .endsWith("(last: HTTP 503 Service Unavailable from the delivery URL)");
        assertThat(TopicProbe.header(dead, Outbound.ATTEMPTS)).isEqualTo("4");
        assertThat(TopicProbe.header(dead, Outbound.ORIGIN)).isEqualTo(Topics.MESSAGE_OUTBOUND);
        assertThat(dead.key()).isEqualTo("tb_buyer_down");
        assertThat(json(dead).get("messageId").asString()).isEqualTo(messageId);
        assertThat(TopicProbe.header(failed, CloudEvent.TYPE)).isEqualTo("message.failed");
        assertThat(TopicProbe.header(failed, CloudEvent.ID))
                .isEqualTo(Settlement.reportId("shop-down", messageId, "message.failed"));
        assertThat(json(failed).get("reason").asString()).isEqualTo(reason);
    }

    @Test
    void aShopWhoseUrlHangsDoesNotHoldBackAnotherShop() {
        String hanging = message("shop-hanging", "msg-" + UUID.randomUUID(), "tb_buyer_waiting");
        await().atMost(WAIT).until(() -> posts(hanging).size() == 1); // its attempt is now in flight, unanswered

        long sent = System.nanoTime();
        String healthyMessage = "msg-" + UUID.randomUUID();
        String healthy = message("shop-healthy", healthyMessage, "tb_buyer_served");
        await().atMost(TIMEOUT).until(() -> posts(healthy).size() == 1);

        long tookMillis = (posts(healthy).get(0).atNanos() - sent) / 1_000_000;
        assertThat(tookMillis).as("the healthy shop's delivery, while the other's attempt hangs (timeout %s)", TIMEOUT)
                .isLessThan(TIMEOUT.toMillis() / 2);
        assertThat(posts(hanging)).hasSize(1);
        // shop-healthy's integration reports deliveries itself: the gateway does not
        assertThat(TopicProbe.all(kafka, Topics.MARKETPLACE_MESSAGES, Duration.ofSeconds(2)))
                .noneMatch(r -> about(r, healthyMessage));

        // the hanging attempt times out and is tried again
        await().atMost(WAIT).until(() -> posts(hanging).size() == 2);
        long retriedAfterMillis = (posts(hanging).get(1).atNanos() - posts(hanging).get(0).atNanos()) / 1_000_000;
        assertThat(retriedAfterMillis).isGreaterThanOrEqualTo(TIMEOUT.toMillis());
    }

    @Test
    void aFeeChangeRequestIsDeliveredAndOnlyDeadLetteredWhenRefused() {
        ObjectNode request = Fixtures.json(EventTypes.ORDER_FEE_CHANGE_REQUESTED);
        request.put("shopId", "shop-healthy");
        String delivered = publish(Topics.ORDER_FEE_CHANGE_REQUESTED, "order-fee-change-requested", request,
                request.get("orderId").asString());
        await().atMost(WAIT).until(() -> posts(delivered).size() == 1);
        assertThat(posts(delivered).get(0).json().get("type").asString()).isEqualTo("order-fee-change-requested");
        assertThat(posts(delivered).get(0).json().at("/data/newTotal").asString())
                .isEqualTo(request.get("newTotal").asString());

        request.put("shopId", "shop-refusing");
        String refused = publish(Topics.ORDER_FEE_CHANGE_REQUESTED, "order-fee-change-requested", request,
                request.get("orderId").asString());
        var dead = TopicProbe.await(kafka, Topics.deadLetter(Topics.ORDER_FEE_CHANGE_REQUESTED), WAIT,
                r -> refused.equals(TopicProbe.header(r, CloudEvent.ID)));
        assertThat(TopicProbe.header(dead, KafkaMessagingAutoConfiguration.DEAD_LETTER_REASON)).contains("HTTP 400");
        assertThat(posts(refused)).hasSize(1);
        // no report-back for fee changes: the integration confirms with order.fee-modified once applied
        assertThat(TopicProbe.all(kafka, Topics.MARKETPLACE_MESSAGES, Duration.ofSeconds(1)))
                .noneMatch(r -> TopicProbe.header(r, CloudEvent.SHOP_ID).equals("shop-refusing"));
    }

    @Test
    void aSellersReviewExplanationIsDeliveredToTheShopsUrl() {
        ObjectNode reply = Fixtures.json(EventTypes.REVIEW_REPLY_OUTBOUND);
        reply.put("shopId", "shop-healthy");
        String delivered = publish(Topics.REVIEW_REPLY_OUTBOUND, "review-reply-outbound", reply,
                reply.get("reviewId").asString());
        await().atMost(WAIT).until(() -> posts(delivered).size() == 1);
        assertThat(posts(delivered).get(0).json().get("type").asString()).isEqualTo("review-reply-outbound");
        assertThat(posts(delivered).get(0).json().at("/data/text").asString()).isEqualTo(reply.get("text").asString());
        assertThat(posts(delivered).get(0).json().at("/data/replyId").asString()).isEqualTo("rr-rv-5521");
        Received post = posts(delivered).get(0);
        assertThat(WebhookSignature.problem(SECRET, post.id(), post.timestamp(), post.signature(), post.body(),
                Instant.now(), Duration.ofMinutes(5))).isNull();
    }

    @Test
    void aShopWithoutDeliveryUrlIsSkippedAndAnUnreadableRecordDeadLetteredAtOnce() {
        // registered at zero when the gateway starts, so dashboards and alerts see every outcome
        for (String outcome : List.of("delivered", "retried", "failed", "skipped")) {
            assertThat(metrics.find("kefu.gateway.delivery").tag("outcome", outcome).counter()).isNotNull();
        }
        double skipped = metrics.get("kefu.gateway.delivery").tag("outcome", "skipped").counter().count();
        String quiet = message("shop-quiet", "msg-" + UUID.randomUUID(), "tb_buyer_quiet");
        await().atMost(WAIT).until(
                () -> metrics.get("kefu.gateway.delivery").tag("outcome", "skipped").counter().count() > skipped);
        assertThat(posts(quiet)).isEmpty();

        String stray = publish(Topics.MESSAGE_OUTBOUND, "order-paid", Fixtures.json(EventTypes.ORDER_PAID), "TB1");
        var dead = TopicProbe.await(kafka, Topics.deadLetter(Topics.MESSAGE_OUTBOUND), WAIT,
                r -> stray.equals(TopicProbe.header(r, CloudEvent.ID)));
        assertThat(TopicProbe.header(dead, KafkaMessagingAutoConfiguration.DEAD_LETTER_REASON))
                .startsWith("not a deliverable event: ce_type 'order-paid'");
        assertThat(posts(stray)).isEmpty();
    }

    private String message(String shop, String messageId, String buyerId) {
        ObjectNode message = Fixtures.json(EventTypes.MESSAGE_OUTBOUND);
        message.put("shopId", shop);
        message.put("messageId", messageId);
        message.put("buyerId", buyerId);
        return publish(Topics.MESSAGE_OUTBOUND, "message-outbound", message, buyerId);
    }

    private String publish(String topic, String type, ObjectNode event, String key) {
        String id = UUID.randomUUID().toString();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        TRACES.put(id, traceId);
        TopicProbe.send(kafka, topic, key, EventJson.mapper().writeValueAsBytes(event), Map.of(
                CloudEvent.ID, id, CloudEvent.TYPE, type, CloudEvent.SOURCE, "/test",
                CloudEvent.TIME, "2026-11-23T08:05:08Z", CloudEvent.SHOP_ID, event.get("shopId").asString(),
                CloudEvent.SPEC_VERSION, "1.0", Traceparent.HEADER, "00-" + traceId + "-00f067aa0ba902b7-01"));
        return id;
    }

    private static List<Received> posts(String webhookId) {
        return RECEIVED.stream().filter(r -> webhookId.equals(r.id())).toList();
    }

    private static boolean about(ConsumerRecord<String, byte[]> record, String messageId) {
        return messageId.equals(json(record).path("messageId").asString(null));
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) {
        return EventJson.mapper().readTree(record.value());
    }

    /** The stub integration: each path one behaviour, counting attempts per webhook-id. */
    private static DisposableServer integration() {
        return HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes
                .post("/flaky", (req, res) -> receive(req, res, n -> n <= 2 ? status(res, 500) : status(res, 200)))
                .post("/limited", (req, res) -> receive(req, res, n -> n == 1
                        ? Mono.from(res.status(429).header("Retry-After", "2").send()) : status(res, 204)))
                .post("/refusing", (req, res) -> receive(req, res, n -> status(res, 400)))
                .post("/down", (req, res) -> receive(req, res, n -> status(res, 503)))
                // hangs the first attempt (until the worker's timeout), answers the next
                .post("/hanging", (req, res) -> receive(req, res, n -> n == 1 ? Mono.never() : status(res, 200)))
                .post("/healthy", (req, res) -> receive(req, res, n -> status(res, 202)))).bindNow();
    }

    private static Publisher<Void> receive(HttpServerRequest req, HttpServerResponse res,
                                           java.util.function.IntFunction<Mono<Void>> answer) {
        return req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(body -> {
            String id = req.requestHeaders().get("webhook-id");
            RECEIVED.add(new Received(req.path().isEmpty() ? req.uri() : "/" + req.path(), id,
                    req.requestHeaders().get("webhook-timestamp"), req.requestHeaders().get("webhook-signature"), body,
                    System.nanoTime(), req.requestHeaders().get(Traceparent.HEADER)));
            return answer.apply(TRIES.computeIfAbsent(String.valueOf(id), k -> new AtomicInteger()).incrementAndGet());
        });
    }

    private static Mono<Void> status(HttpServerResponse res, int status) {
        return Mono.from(res.status(status).send());
    }
}
