package dev.kefu.order.messaging;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.embedded.mongo.EmbeddedMongoServer;
import dev.kefu.order.order.OrderService;
import dev.kefu.platform.due.DueWork;
import dev.kefu.platform.messaging.KafkaMessagingAutoConfiguration;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import dev.kefu.platform.tracing.Traceparent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Marketplace input through a real broker and the Mongo wire server, out as order-paid; bad input to the DLT. */
@KefuServiceIT
// the outbox sweep's own due item (one claim a minute here) would be read in the test's windows of timed work
@TestPropertySource(properties = "kefu.outbox.sweep-interval=PT1M")
class OrderFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

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

    @LocalManagementPort
    int managementPort;

    @Autowired
    DueWork due;

    @Autowired
    EmbeddedMongoServer mongoServer;

    @Test
    void aPaidOrderIsStoredAndPublishedAsOrderPaidOnce() {
        String orderId = "TB-" + UUID.randomUUID();
        String buyer = "buyer-" + UUID.randomUUID();
        ObjectNode paid = orderPaid(orderId, buyer);
        Map<String, String> headers = Fixtures.headers(EventTypes.MARKETPLACE_ORDER_PAID, "shop-demo");

        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(paid), headers);
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(paid), headers); // redelivered

        ConsumerRecord<String, byte[]> published = TopicProbe.await(kafka, Topics.ORDER_PAID, WAIT,
                r -> orderId.equals(r.key()));
        assertThat(TopicProbe.header(published, CloudEvent.TYPE)).isEqualTo("order-paid");
        assertThat(TopicProbe.header(published, CloudEvent.SHOP_ID)).isEqualTo("shop-demo");
        assertThat(TopicProbe.header(published, CloudEvent.SOURCE)).isEqualTo("/order-service");
        JsonNode value = EventJson.mapper().readTree(published.value());
        assertThat(value.get("buyerId").asString()).isEqualTo(buyer);
        assertThat(value.get("amount").asString()).isEqualTo("199.00");

        List<ConsumerRecord<String, byte[]>> all = TopicProbe.all(kafka, Topics.ORDER_PAID, Duration.ofSeconds(3));
        // at-least-once: the outbox may send an entry twice, but it is one event (one ce_id) for consumers
        assertThat(all.stream().filter(r -> orderId.equals(r.key())).map(r -> TopicProbe.header(r, CloudEvent.ID)).distinct())
                .hasSize(1);

        http.get().uri("/api/orders?buyerId=" + buyer).headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo")))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[0].orderId").isEqualTo(orderId)
                .jsonPath("$[0].status").isEqualTo("PAID")
                .jsonPath("$[0].amount").isEqualTo("199.00");
    }

    @Test
    void orderPaidContinuesTheTraceOfTheMarketplaceInputThatCausedIt() {
        String orderId = "TB-" + UUID.randomUUID();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736".substring(0, 20) + UUID.randomUUID().toString().substring(24);
        Map<String, String> headers = new HashMap<>(Fixtures.headers(EventTypes.MARKETPLACE_ORDER_PAID, "shop-demo"));
        headers.put(Traceparent.HEADER, "00-" + traceId + "-00f067aa0ba902b7-01");

        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(orderPaid(orderId, "buyer-t")), headers);

        ConsumerRecord<String, byte[]> published = TopicProbe.await(kafka, Topics.ORDER_PAID, WAIT,
                r -> orderId.equals(r.key()));
        assertThat(Traceparent.traceId(TopicProbe.header(published, Traceparent.HEADER))).isEqualTo(traceId);
    }

    @Test
    void anotherShopSeesNoneOfIt() {
        String orderId = "TB-" + UUID.randomUUID();
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(orderPaid(orderId, "buyer-private")),
                Fixtures.headers(EventTypes.MARKETPLACE_ORDER_PAID, "shop-demo"));
        await().atMost(WAIT).untilAsserted(() -> http.get().uri("/api/orders/" + orderId)
                .headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo"))).exchange().expectStatus().isOk());

        http.get().uri("/api/orders/" + orderId).headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-rival")))
                .exchange().expectStatus().isNotFound();
        http.get().uri("/api/orders?buyerId=buyer-private").headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-rival")))
                .exchange().expectStatus().isOk().expectBody().json("[]");
        http.get().uri("/api/orders?buyerId=buyer-private").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aRecordThatCannotBeReadGoesToTheDeadLetterTopicAndTheConsumerMovesOn() {
        String poisonKey = "poison-" + UUID.randomUUID();
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, poisonKey, "{not json".getBytes(),
                Fixtures.headers(EventTypes.MARKETPLACE_ORDER_PAID, "shop-demo"));
        String orderId = "TB-" + UUID.randomUUID();
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(orderPaid(orderId, "buyer-after")),
                Fixtures.headers(EventTypes.MARKETPLACE_ORDER_PAID, "shop-demo"));

        ConsumerRecord<String, byte[]> dead = TopicProbe.await(kafka, Topics.deadLetter(Topics.MARKETPLACE_ORDERS),
                WAIT, r -> poisonKey.equals(r.key()));
        assertThat(new String(dead.value())).isEqualTo("{not json");
        assertThat(TopicProbe.header(dead, KafkaMessagingAutoConfiguration.DEAD_LETTER_REASON))
                .contains("unreadable order.paid");
        assertThat(TopicProbe.header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.MARKETPLACE_ORDERS);
        TopicProbe.await(kafka, Topics.ORDER_PAID, WAIT, r -> orderId.equals(r.key()));
    }

    @Test
    void inputThatContradictsTheOrderIsDeadLetteredWithItsReason() {
        String orderId = "TB-" + UUID.randomUUID();
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(orderPaid(orderId, "buyer-x")),
                Fixtures.headers(EventTypes.MARKETPLACE_ORDER_PAID, "shop-demo"));
        ObjectNode repriced = Fixtures.json(EventTypes.MARKETPLACE_ORDER_FEE_MODIFIED);
        repriced.put("orderId", orderId);
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(repriced),
                Fixtures.headers(EventTypes.MARKETPLACE_ORDER_FEE_MODIFIED, "shop-demo"));

        ConsumerRecord<String, byte[]> dead = TopicProbe.await(kafka, Topics.deadLetter(Topics.MARKETPLACE_ORDERS),
                WAIT, r -> orderId.equals(r.key()));
        assertThat(TopicProbe.header(dead, CloudEvent.TYPE)).isEqualTo("order.fee-modified");
        assertThat(TopicProbe.header(dead, KafkaMessagingAutoConfiguration.DEAD_LETTER_REASON)).contains("already paid");
    }

    @Test
    void aCarrierFailureIsPublishedAsShipmentDelayed() {
        String orderId = "TB-" + UUID.randomUUID();
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(orderPaid(orderId, "buyer-late")),
                Fixtures.headers(EventTypes.MARKETPLACE_ORDER_PAID, "shop-demo"));
        ObjectNode failed = Fixtures.json(EventTypes.MARKETPLACE_LOGISTICS_TRACE);
        failed.put("orderId", orderId);
        failed.put("buyerId", "buyer-late");
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(failed),
                Fixtures.headers(EventTypes.MARKETPLACE_LOGISTICS_TRACE, "shop-demo"));

        ConsumerRecord<String, byte[]> delayed = TopicProbe.await(kafka, Topics.SHIPMENT_DELAYED, WAIT,
                r -> orderId.equals(r.key()));
        assertThat(EventJson.mapper().readTree(delayed.value()).get("reason").asString()).isEqualTo("CARRIER_FAILED");

        // on the shop's apology list, and on no other shop's
        await().atMost(WAIT).untilAsserted(() -> assertThat(delayedOrders("shop-demo")).contains(orderId));
        assertThat(delayedOrders("shop-rival")).doesNotContain(orderId);
        http.get().uri("/api/orders?delayed=false").headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo")))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("delayed");
        http.get().uri("/api/orders?delayed=true&limit=201").headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo")))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
    }

    private List<String> delayedOrders(String shopId) {
        JsonNode list = EventJson.mapper().readTree(http.get().uri("/api/orders?delayed=true&limit=200")
                .headers(h -> h.setBearerAuth(TestTokens.agentOf(shopId))).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());
        List<String> ids = new java.util.ArrayList<>();
        list.forEach(o -> ids.add(o.get("orderId").asString()));
        return ids;
    }

    @Test
    void aPaidOrderNotShippedInTimeIsReportedWhenItsShipByTimeComes() {
        String orderId = "TB-" + UUID.randomUUID();
        ObjectNode created = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED);
        created.put("orderId", orderId);
        created.put("buyerId", "buyer-waiting");
        Instant shipBy = Instant.now().plusSeconds(2);
        created.put("shipBy", shipBy.toString());
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(created),
                Fixtures.headers(EventTypes.MARKETPLACE_ORDER_CREATED, "shop-demo"));
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(orderPaid(orderId, "buyer-waiting")),
                Fixtures.headers(EventTypes.MARKETPLACE_ORDER_PAID, "shop-demo"));

        ConsumerRecord<String, byte[]> delayed = TopicProbe.await(kafka, Topics.SHIPMENT_DELAYED, WAIT,
                r -> orderId.equals(r.key()));
        assertThat(EventJson.mapper().readTree(delayed.value()).get("reason").asString()).isEqualTo("SHIP_BY_MISSED");
        assertThat(Instant.now()).isAfterOrEqualTo(shipBy);
        // reported once: nothing more is due for it until it moves
        await().atMost(WAIT).until(() -> due.dueAt(OrderService.DELAY_CHECK, "shop-demo:" + orderId).block() == null);
    }

    @Test
    void anOrderShippedInTimeIsNextLookedAtWhenItsTrackingCouldStall() {
        String orderId = "TB-" + UUID.randomUUID();
        ObjectNode created = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED);
        created.put("orderId", orderId);
        created.put("shipBy", Instant.now().plusSeconds(1).toString());
        ObjectNode shipped = Fixtures.json(EventTypes.MARKETPLACE_ORDER_SHIPPED);
        shipped.put("orderId", orderId);
        Instant shippedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        shipped.put("shippedAt", shippedAt.toString());
        send(orderId, EventTypes.MARKETPLACE_ORDER_CREATED, created);
        send(orderId, EventTypes.MARKETPLACE_ORDER_PAID, orderPaid(orderId, created.get("buyerId").asString()));
        send(orderId, EventTypes.MARKETPLACE_ORDER_SHIPPED, shipped);

        // the ship-by check comes due, finds the parcel on its way and moves on to the stall check
        await().atMost(WAIT).untilAsserted(() -> assertThat(due.dueAt(OrderService.DELAY_CHECK, "shop-demo:" + orderId)
                .block()).isEqualTo(shippedAt.plus(Duration.ofHours(48))));
        assertThat(TopicProbe.all(kafka, Topics.SHIPMENT_DELAYED, Duration.ofSeconds(1)))
                .noneMatch(r -> orderId.equals(r.key()));
    }

    @Test
    void aBurstOfInputIsAppliedInOrderPerOrderWithTheRecordThatBreaksTheRulesDeadLetteredAndNothingTwice() {
        // As a busy shop's webhooks arrive: many orders' created, paid and shipped events interleaved, taken by the
        // listener in poll batches; among them one that contradicts its order (repriced after payment).
        String burst = UUID.randomUUID().toString().substring(0, 8);
        int count = 30;
        List<String> orderIds = java.util.stream.IntStream.range(0, count).mapToObj(i -> "TB-" + burst + "-" + i).toList();
        List<TopicProbe.Outgoing> created = new java.util.ArrayList<>();
        List<TopicProbe.Outgoing> paid = new java.util.ArrayList<>();
        List<TopicProbe.Outgoing> shipped = new java.util.ArrayList<>();
        for (String orderId : orderIds) {
            ObjectNode c = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED);
            c.put("orderId", orderId);
            c.put("buyerId", "buyer-" + orderId);
            created.add(new TopicProbe.Outgoing(orderId, Fixtures.bytes(c),
                    Fixtures.headers(EventTypes.MARKETPLACE_ORDER_CREATED, "shop-demo")));
            paid.add(new TopicProbe.Outgoing(orderId, Fixtures.bytes(orderPaid(orderId, "buyer-" + orderId)),
                    Fixtures.headers(EventTypes.MARKETPLACE_ORDER_PAID, "shop-demo")));
            ObjectNode s = Fixtures.json(EventTypes.MARKETPLACE_ORDER_SHIPPED);
            s.put("orderId", orderId);
            shipped.add(new TopicProbe.Outgoing(orderId, Fixtures.bytes(s),
                    Fixtures.headers(EventTypes.MARKETPLACE_ORDER_SHIPPED, "shop-demo")));
        }
        String contradicted = orderIds.get(7);
        ObjectNode repriced = Fixtures.json(EventTypes.MARKETPLACE_ORDER_FEE_MODIFIED);
        repriced.put("orderId", contradicted);
        List<TopicProbe.Outgoing> all = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(created.get(i));
            if (i >= 3) {
                all.add(paid.get(i - 3)); // an order is paid while later ones are being created
            }
        }
        all.addAll(paid.subList(count - 3, count));
        all.add(new TopicProbe.Outgoing(contradicted, Fixtures.bytes(repriced),
                Fixtures.headers(EventTypes.MARKETPLACE_ORDER_FEE_MODIFIED, "shop-demo")));
        all.addAll(shipped);
        TopicProbe.sendAll(kafka, Topics.MARKETPLACE_ORDERS, all);
        TopicProbe.sendAll(kafka, Topics.MARKETPLACE_ORDERS, all.subList(0, all.size() / 2)); // redelivered in part

        ConsumerRecord<String, byte[]> dead = TopicProbe.await(kafka, Topics.deadLetter(Topics.MARKETPLACE_ORDERS),
                WAIT, r -> contradicted.equals(r.key()));
        assertThat(TopicProbe.header(dead, KafkaMessagingAutoConfiguration.DEAD_LETTER_REASON)).contains("already paid");
        await().atMost(WAIT).untilAsserted(() -> assertThat(orderIds).allSatisfy(orderId ->
                assertThat(status(orderId)).as(orderId).isEqualTo("SHIPPED")));
        List<ConsumerRecord<String, byte[]>> published = TopicProbe.all(kafka, Topics.ORDER_PAID, Duration.ofSeconds(3));
        assertThat(orderIds).allSatisfy(orderId -> assertThat(published.stream().filter(r -> orderId.equals(r.key()))
                .map(r -> TopicProbe.header(r, CloudEvent.ID)).distinct()).as(orderId).hasSize(1));
        assertThat(TopicProbe.all(kafka, Topics.deadLetter(Topics.MARKETPLACE_ORDERS), Duration.ofSeconds(1)).stream()
                .filter(r -> r.key() != null && r.key().startsWith("TB-" + burst)).map(r -> TopicProbe.header(r, CloudEvent.ID))
                .distinct()).as("only the contradicting record, however often delivered").hasSize(1);
    }

    private String status(String orderId) {
        return EventJson.mapper().readTree(http.get().uri("/api/orders/" + orderId)
                .headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo"))).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody()).get("status").asString();
    }

    private void send(String orderId, dev.kefu.events.EventType<?> type, ObjectNode event) {
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(event), Fixtures.headers(type, "shop-demo"));
    }

    @Test
    void withManyOrdersWaitingForTheirShipByTimeTheTimedWorkReadsNothingUntilSomethingIsDue() throws Exception {
        String batch = UUID.randomUUID().toString().substring(0, 8);
        int orders = 100;
        for (int i = 0; i < orders; i++) {
            String orderId = "TB-" + batch + "-" + i;
            ObjectNode created = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED);
            created.put("orderId", orderId);
            created.put("shipBy", Instant.now().plus(Duration.ofDays(2)).toString());
            send(orderId, EventTypes.MARKETPLACE_ORDER_CREATED, created);
            send(orderId, EventTypes.MARKETPLACE_ORDER_PAID, orderPaid(orderId, "buyer-" + batch));
        }
        await().atMost(WAIT).until(() -> due.dueAt(OrderService.DELAY_CHECK, "shop-demo:TB-" + batch + "-" + (orders - 1))
                .block() != null);
        // Once the last outbox relays are done (on a loaded machine that can take seconds), a window of ten polls of
        // each due-work queue (kefu.due.poll-interval=PT0.2S) reads nothing. A sweep that scanned would read in
        // every window, so waiting for a quiet one cannot hide it. (The outbox sweep reads only pending documents:
        // OutboxRelayIT.)
        await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).untilAsserted(() -> {
            mongoServer.resetExamined();
            Thread.sleep(2_000);
            assertThat(mongoServer.examined("kefu-order-service", "orders")).isZero();
            assertThat(mongoServer.examined("kefu-order-service", DueWork.COLLECTION)).isZero();
        });
    }

    @Test
    void readinessReportsTheMongoServerAndPrometheusCountsTheEvents() {
        aPaidOrderIsStoredAndPublishedAsOrderPaidOnce();

        management().get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components.mongo.status").isEqualTo("UP");
        management().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.paths['/api/orders/{orderId}'].get").exists();
        // every route, status and due-work queue has its latency histogram: the scrape outgrows the default 256 KiB
        management().mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build()
                .get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(metrics -> assertThat(metrics)
                        .contains("kefu_order_events_published_total{application=\"order-service\",type=\"order-paid\"}")
                        .contains("kefu_order_events_consumed_total{application=\"order-service\",outcome=\"duplicate\",type=\"order.paid\"}"));
    }

    private static ObjectNode orderPaid(String orderId, String buyerId) {
        ObjectNode paid = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        paid.put("orderId", orderId);
        paid.put("buyerId", buyerId);
        return paid;
    }

    /** Actuator is on its own port (kefu-defaults: management.server.port), never on the public one. */
    private WebTestClient management() {
        // A client of its own: the injected one may be bound to the main application, not to a port.
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
                .responseTimeout(java.time.Duration.ofSeconds(30)).build();
    }
}
