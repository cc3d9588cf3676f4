package dev.kefu.order.messaging;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.kefu.embedded.mongo.EmbeddedMongo;
import dev.kefu.embedded.mongo.EmbeddedMongoServer;
import dev.kefu.events.EventType;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.order.OrderServiceApplication;
import dev.kefu.platform.replay.Rebuild;
import dev.kefu.platform.replay.Replay;
import dev.kefu.platform.testing.MutableClock;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rebuild by replay, end to end on a real broker and the Mongo wire server: a realistic mix of orders goes through
 * {@code marketplace.orders} (paid, shipped with scans, fee modified, closed; unpaid until their 催付 reminder fires;
 * paid but not shipped by ship-by, so a delay is reported, one of them shipped afterwards; one dead-lettered), the
 * service is stopped, the rebuild command empties its database and rewinds its groups, and the service, started
 * again, rebuilds orders and customer files equal to what they were, without one new record on any topic (dead
 * letters included) and with nothing due again.
 */
class RebuildIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");
    private static final String SHOP = "shop-demo";
    private static final String DATABASE = "kefu-order-service";

    private static EmbeddedKafkaKraftBroker broker;
    private static EmbeddedMongoServer mongoServer;
    private static String kafka;
    private static String mongoUri;
    private static MongoClient mongo;
    private final MutableClock clock = new MutableClock(T0);

    @BeforeAll
    static void infrastructure() {
        broker = new EmbeddedKafkaKraftBroker(1, 2);
        broker.afterPropertiesSet();
        kafka = broker.getBrokersAsString();
        mongoServer = EmbeddedMongo.memory();
        InetSocketAddress address = mongoServer.bind();
        mongoUri = "mongodb://127.0.0.1:" + address.getPort();
        mongo = MongoClients.create(mongoUri);
    }

    @AfterAll
    static void stopInfrastructure() {
        mongo.close();
        mongoServer.shutdownNow();
        broker.destroy();
    }

    @Test
    void theRebuiltStateEqualsTheOldAndNothingIsPublishedOrDueAgain() throws Exception {
        ConfigurableApplicationContext first = service();
        // Paid, shipped, scanned; no timer ever acts on it.
        created("A", "buyer-1", T0, T0.plus(Duration.ofDays(2)));
        paid("A", "buyer-1", "199.00", T0.plusSeconds(60));
        order(EventTypes.MARKETPLACE_ORDER_SHIPPED, "A", "buyer-1", e -> e.put("shippedAt", T0.plusSeconds(120).toString()));
        trace("A", "buyer-1", "GOT", T0.plusSeconds(180));
        trace("A", "buyer-1", "DEPARTURE", T0.plusSeconds(240));
        // Unpaid: its reminder fires at T0 + 30 min. C is paid after its reminder.
        created("B", "buyer-3", T0, T0.plus(Duration.ofDays(2)));
        created("C", "buyer-1", T0, T0.plus(Duration.ofDays(2)));
        // Paid, ship-by in an hour: a delay is reported; E ships afterwards, which clears it. Paid at the same instant:
        // their buyer's file must not depend on which order-paid arrives first.
        created("D", "buyer-2", T0, T0.plus(Duration.ofHours(1)));
        paid("D", "buyer-2", "199.00", T0.plusSeconds(60));
        created("E", "buyer-2", T0, T0.plus(Duration.ofHours(1)));
        paid("E", "buyer-2", "199.00", T0.plusSeconds(60));
        // Ship-by in an hour, shipped in time: no delay. Its check (at ship-by, long past when it is rebuilt) must not
        // fire before its shipping is replayed: due work holds during the replay.
        created("H", "buyer-2", T0, T0.plus(Duration.ofHours(1)));
        paid("H", "buyer-2", "99.00", T0.plusSeconds(30));
        order(EventTypes.MARKETPLACE_ORDER_SHIPPED, "H", "buyer-2", e -> e.put("shippedAt", T0.plusSeconds(600).toString()));
        // 改价 on the marketplace before payment; and an order closed unpaid before its reminder was due.
        created("F", "buyer-1", T0, T0.plus(Duration.ofDays(2)));
        order(EventTypes.MARKETPLACE_ORDER_FEE_MODIFIED, "F", "buyer-1",
                e -> e.put("totalAmount", "189.00").put("modifiedAt", T0.plusSeconds(60).toString()));
        paid("F", "buyer-1", "189.00", T0.plusSeconds(90));
        created("G", "buyer-3", T0, T0.plus(Duration.ofDays(2)));
        order(EventTypes.MARKETPLACE_ORDER_CLOSED, "G", "buyer-3", e -> e.put("closedAt", T0.plusSeconds(300).toString()));
        paid("G", "buyer-3", "199.00", T0.plusSeconds(400)); // paid after closing: unprocessable, dead-lettered
        TopicProbe.await(kafka, Topics.deadLetter(Topics.MARKETPLACE_ORDERS), WAIT, r -> "G".equals(r.key()));
        await().atMost(WAIT).until(() -> status("G").equals("CLOSED") && status("F").equals("PAID")
                && status("A").equals("SHIPPED") && status("E").equals("PAID") && status("H").equals("SHIPPED"));

        clock.advance(Duration.ofHours(2)); // reminders of B and C, delays of D and E
        await().atMost(WAIT).until(() -> order("B").get("paymentReminderSentAt") != null
                && order("C").get("paymentReminderSentAt") != null
                && "SHIP_BY_MISSED".equals(order("D").get("delayReported"))
                && "SHIP_BY_MISSED".equals(order("E").get("delayReported")));

        Instant later = T0.plus(Duration.ofHours(2));
        paid("C", "buyer-1", "199.00", later);
        order(EventTypes.MARKETPLACE_ORDER_SHIPPED, "E", "buyer-2", e -> e.put("shippedAt", later.toString()));
        trace("A", "buyer-1", "FAILED", later); // a delay input reports by itself
        await().atMost(WAIT).until(() -> status("C").equals("PAID") && status("E").equals("SHIPPED")
                && order("E").get("delayReported") == null && "CARRIER_FAILED".equals(order("A").get("delayReported"))
                && settled());
        await().atMost(WAIT).until(() -> paidOrders("buyer-1") == 3 && paidOrders("buyer-2") == 3);
        assertThat(TopicProbe.all(kafka, Topics.PAYMENT_REMINDER_DUE, Duration.ofSeconds(1))).hasSize(2);
        assertThat(TopicProbe.all(kafka, Topics.SHIPMENT_DELAYED, Duration.ofSeconds(1))).hasSize(3);
        Map<String, Document> orders = snapshot("orders");
        Map<String, Document> files = snapshot("customer_files");
        assertThat(orders).hasSize(8);
        assertThat(files).hasSize(2); // buyer-3 never paid

        ByteArrayOutputStream refusal = new ByteArrayOutputStream();
        assertThat(Rebuild.run(args(), System.out, new PrintStream(refusal, true, StandardCharsets.UTF_8)))
                .as("refused while the service runs").isEqualTo(2);
        assertThat(refusal.toString(StandardCharsets.UTF_8)).contains("is running");

        first.close();
        Map<String, Long> before = endOffsets();
        assertThat(Rebuild.run(args(), System.out, System.err)).isZero();
        assertThat(snapshot("orders")).as("the command emptied the database").isEmpty();

        ConfigurableApplicationContext second = service();
        try {
            Replay replay = second.getBean(Replay.class);
            await().atMost(WAIT).until(replay::finished);
            assertThat(health(second)).contains("\"replay\"").contains("\"state\":\"done\"");
            // Due work runs again now, at T0 + 2 h: anything owed again (a reminder, a delay) would be published.
            Thread.sleep(3_000);

            assertThat(endOffsets()).as("no record on any topic during and after the rebuild").isEqualTo(before);
            assertThat(snapshot("orders")).isEqualTo(orders);
            assertThat(snapshot("customer_files")).isEqualTo(files);
        } finally {
            second.close();
        }
    }

    private ConfigurableApplicationContext service() {
        return new SpringApplicationBuilder(OrderServiceApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("clock", clock))
                .run("--server.port=0", "--management.server.port=0",
                        "--spring.mongodb.uri=" + mongoUri, "--spring.kafka.bootstrap-servers=" + kafka,
                        "--kefu.security.mode=local", "--kefu.security.jwt-secret=" + TestTokens.SECRET,
                        "--kefu.due.poll-interval=PT0.2S", "--kefu.due.idle-interval=PT0.2S", "--kefu.outbox.sweep-age=PT1S", "--kefu.kafka.retries=2",
                        "--kefu.kafka.partitions=2", "--kefu.replay.check-interval=PT0.2S",
                        "--kefu.shop-defaults.time-zone=UTC", "--kefu.shop-defaults.quiet-hours=20:00-21:00",
                        "--kefu.shop-defaults.payment-reminder-after=PT30M");
    }

    private static String[] args() {
        return new String[]{"--kafka", kafka, "--mongo", mongoUri, "--service", "order-service"};
    }

    /**
     * The documents of {@code collection} by id, as they can be compared across a rebuild. Dropped: {@code version},
     * the optimistic-locking counter of writes, not state (a timer's effect was its own write, the replay puts it in
     * the input's). Sorted: customer files' {@code appliedEventIds}, the set of order-paid ids counted, whose order is
     * that of arrival across partitions, which a replay need not repeat (what they count does not depend on it).
     */
    private static Map<String, Document> snapshot(String collection) {
        return Flux.from(mongo.getDatabase(DATABASE).getCollection(collection).find()).collectList().block(WAIT)
                .stream().peek(d -> {
                    d.remove("version");
                    if (collection.equals("customer_files")) {
                        d.put("appliedEventIds", d.getList("appliedEventIds", String.class).stream().sorted().toList());
                    }
                }).collect(Collectors.toMap(d -> d.getString("_id"), d -> d, (a, b) -> a, TreeMap::new));
    }

    private static Document order(String id) {
        Document stored = Flux.from(mongo.getDatabase(DATABASE).getCollection("orders")
                .find(new Document("_id", SHOP + ":" + id))).blockFirst(WAIT);
        return stored == null ? new Document() : stored.get("order", Document.class);
    }

    private static String status(String id) {
        return String.valueOf(order(id).get("status"));
    }

    /** Every order's outbox is empty: everything was published. */
    private static boolean settled() {
        return Flux.from(mongo.getDatabase(DATABASE).getCollection("orders").find()).collectList().block(WAIT).stream()
                .allMatch(d -> d.getList("outbox", Object.class, List.of()).isEmpty());
    }

    private static long paidOrders(String buyer) {
        Document file = Flux.from(mongo.getDatabase(DATABASE).getCollection("customer_files")
                .find(new Document("_id", SHOP + "|" + buyer))).blockFirst(WAIT);
        return file == null ? 0 : ((Number) file.get("file", Document.class).get("paidOrders")).longValue();
    }

    private static Map<String, Long> endOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().forEach(t ->
                    t.partitions().forEach(p -> partitions.add(new TopicPartition(t.name(), p.partition()))));
            return admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get(10, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().offset(), (a, b) -> a,
                            TreeMap::new));
        }
    }

    private static String health(ConfigurableApplicationContext context) throws Exception {
        String port = context.getEnvironment().getProperty("local.management.port");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void created(String id, String buyer, Instant at, Instant shipBy) {
        order(EventTypes.MARKETPLACE_ORDER_CREATED, id, buyer,
                e -> e.put("createdAt", at.toString()).put("shipBy", shipBy.toString()));
    }

    private static void paid(String id, String buyer, String amount, Instant at) {
        order(EventTypes.MARKETPLACE_ORDER_PAID, id, buyer, e -> e.put("amount", amount).put("paidAt", at.toString()));
    }

    private static void trace(String id, String buyer, String action, Instant at) {
        order(EventTypes.MARKETPLACE_LOGISTICS_TRACE, id, buyer,
                e -> e.put("action", action).put("occurredAt", at.toString()));
    }

    private static void order(EventType<?> type, String id, String buyer, Consumer<ObjectNode> change) {
        ObjectNode event = Fixtures.json(type);
        event.put("shopId", SHOP).put("orderId", id).put("buyerId", buyer);
        change.accept(event);
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, id, Fixtures.bytes(event), Fixtures.headers(type, SHOP));
    }
}
