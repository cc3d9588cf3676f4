package dev.kefu.order.order;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.kefu.embedded.mongo.EmbeddedMongo;
import dev.kefu.embedded.mongo.EmbeddedMongoServer;
import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.inbound.MarketplaceOrderCreated;
import dev.kefu.events.inbound.MarketplaceOrderEvent;
import dev.kefu.events.inbound.MarketplaceOrderPaid;
import dev.kefu.events.order.OrderItem;
import dev.kefu.platform.due.DueHandler;
import dev.kefu.platform.due.DueItem;
import dev.kefu.platform.due.DueWork;
import dev.kefu.platform.due.DueWorkRunner;
import dev.kefu.platform.messaging.EventMetrics;
import dev.kefu.platform.messaging.InputProgress;
import dev.kefu.platform.messaging.EventPublisher;
import dev.kefu.platform.outbox.OutboxCollection;
import dev.kefu.platform.outbox.OutboxRelay;
import dev.kefu.platform.replay.Replay;
import dev.kefu.platform.shop.ShopSettings;
import dev.kefu.platform.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.repository.support.ReactiveMongoRepositoryFactory;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * 催付 on the due-work store (Mongo wire server, clock under the test's control), with the broker replaced by a
 * recording fake: several replicas remind an order once, a restarted service still reminds it, a paid order is left
 * alone, and a reminder that comes due before its order's write landed is not lost.
 */
class PaymentReminderReplicasIT {

    /** 10:00 in Shanghai (the built-in shop's zone), hours away from its quiet hours (22:00-08:00). */
    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");
    private static final Duration AFTER = Duration.ofMinutes(30); // the built-in payment-reminder-after
    private static EmbeddedMongoServer server;
    private static MongoClient client;

    private final MutableClock clock = new MutableClock(T0);
    private final Queue<ProducerRecord<String, Object>> published = new ConcurrentLinkedQueue<>();
    private ReactiveMongoTemplate mongo;

    @BeforeAll
    static void startServer() {
        server = EmbeddedMongo.memory();
        client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.shutdownNow();
    }

    @BeforeEach
    void freshDatabase() {
        mongo = new ReactiveMongoTemplate(client, "orders-" + System.nanoTime());
    }

    @Test
    void twoReplicasRemindAnUnpaidOrderOnce() throws Exception {
        Replica one = replica("one");
        Replica two = replica("two");
        String orderId = "TB-" + UUID.randomUUID();
        one.orders.handle(attributes(EventTypes.MARKETPLACE_ORDER_CREATED), created(orderId)).block();
        assertThat(one.due.dueAt(OrderService.PAYMENT_REMINDER, "shop-demo:" + orderId).block())
                .as("scheduled with the order").isEqualTo(T0.plus(AFTER));

        clock.advance(AFTER);
        Thread a = new Thread(() -> one.runner.pollOnce(one.handler));
        Thread b = new Thread(() -> two.runner.pollOnce(two.handler));
        a.start();
        b.start();
        a.join();
        b.join();

        await().atMost(Duration.ofSeconds(10)).until(() -> reminders(orderId).size() == 1);
        assertThat(one.orders.order("shop-demo", orderId).block().paymentReminderSentAt()).isEqualTo(clock.instant());
        assertThat(one.due.dueAt(OrderService.PAYMENT_REMINDER, "shop-demo:" + orderId).block()).isNull();
        clock.advance(Duration.ofHours(1));
        one.runner.pollOnce(one.handler);
        two.runner.pollOnce(two.handler);
        Thread.sleep(300);
        assertThat(reminders(orderId)).hasSize(1);
    }

    @Test
    void twoReplicasWorkingTheSameItemAtOnceStillRemindOnce() {
        // a lease ran out while the first holder was still at work: both hold the item
        Replica one = replica("one");
        Replica two = replica("two");
        String orderId = "TB-" + UUID.randomUUID();
        one.orders.handle(attributes(EventTypes.MARKETPLACE_ORDER_CREATED), created(orderId)).block();
        clock.advance(AFTER);
        DueItem item = new DueItem(OrderService.PAYMENT_REMINDER, "shop-demo:" + orderId, T0.plus(AFTER), 1, 1);

        List<Boolean> outcomes = Mono.zip(
                        one.orders.remindOfPayment(item).subscribeOn(Schedulers.parallel())
                                .thenReturn(true).defaultIfEmpty(true).onErrorReturn(false),
                        two.orders.remindOfPayment(item).subscribeOn(Schedulers.parallel())
                                .thenReturn(true).defaultIfEmpty(true).onErrorReturn(false))
                .map(t -> List.of(t.getT1(), t.getT2())).block();

        // the loser of the race fails its optimistic write (the runner retries it), and then finds nothing owed
        assertThat(one.orders.remindOfPayment(item).block()).isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> reminders(orderId).size() == 1);
        assertThat(outcomes).contains(true);
        assertThat(reminders(orderId)).hasSize(1);
    }

    @Test
    void aRestartedServiceRemindsAnOrderItsPredecessorScheduled() {
        String orderId = "TB-" + UUID.randomUUID();
        replica("before-restart").orders.handle(attributes(EventTypes.MARKETPLACE_ORDER_CREATED), created(orderId))
                .block();

        clock.advance(Duration.ofHours(2)); // the service was down when it came due
        Replica after = replica("after-restart");
        assertThat(after.runner.pollOnce(after.handler)).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> reminders(orderId).size() == 1);
    }

    @Test
    void anOrderPaidBeforeItsReminderIsDueIsLeftAloneAndItsItemGoes() throws Exception {
        Replica one = replica("one");
        String orderId = "TB-" + UUID.randomUUID();
        one.orders.handle(attributes(EventTypes.MARKETPLACE_ORDER_CREATED), created(orderId)).block();
        clock.advance(Duration.ofMinutes(10));
        one.orders.handle(attributes(EventTypes.MARKETPLACE_ORDER_PAID), paid(orderId)).block();

        clock.advance(AFTER);
        assertThat(one.runner.pollOnce(one.handler)).isEqualTo(1);

        Thread.sleep(300);
        assertThat(reminders(orderId)).isEmpty();
        assertThat(one.due.dueAt(OrderService.PAYMENT_REMINDER, "shop-demo:" + orderId).block()).isNull();
    }

    @Test
    void aPaymentBeforeTheOrderSchedulesNoReminder() {
        Replica one = replica("one");
        String orderId = "TB-" + UUID.randomUUID();
        one.orders.handle(attributes(EventTypes.MARKETPLACE_ORDER_PAID), paid(orderId)).block();
        one.orders.handle(attributes(EventTypes.MARKETPLACE_ORDER_CREATED), created(orderId)).block();

        assertThat(one.due.dueAt(OrderService.PAYMENT_REMINDER, "shop-demo:" + orderId).block()).isNull();
    }

    @Test
    void aRedeliveredOrderCreatedChangesNothing() {
        Replica one = replica("one");
        String orderId = "TB-" + UUID.randomUUID();
        CloudEvent once = attributes(EventTypes.MARKETPLACE_ORDER_CREATED);
        one.orders.handle(once, created(orderId)).block();
        clock.advance(AFTER);
        one.runner.pollOnce(one.handler);
        await().atMost(Duration.ofSeconds(10)).until(() -> reminders(orderId).size() == 1);

        one.orders.handle(once, created(orderId)).block();
        assertThat(one.due.dueAt(OrderService.PAYMENT_REMINDER, "shop-demo:" + orderId).block()).isNull();
    }

    @Test
    void aReminderDueBeforeItsOrderIsStoredIsLookedAtAgainNotForgotten() {
        Replica one = replica("one");
        String orderId = "TB-" + UUID.randomUUID();
        String key = "shop-demo:" + orderId;
        // order.created handled late, when the reminder is already due: the item is scheduled for now, just before
        // the order's write, and a poll between the two finds no order
        clock.advance(AFTER);
        one.due.schedule(OrderService.PAYMENT_REMINDER, key, clock.instant()).block();

        assertThat(one.runner.pollOnce(one.handler)).isEqualTo(1);
        assertThat(one.due.dueAt(OrderService.PAYMENT_REMINDER, key).block()).as("tried again in a second")
                .isEqualTo(clock.instant().plusSeconds(1));

        one.orders.handle(attributes(EventTypes.MARKETPLACE_ORDER_CREATED), created(orderId)).block();
        clock.advance(Duration.ofSeconds(1));
        assertThat(one.runner.pollOnce(one.handler)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> reminders(orderId).size() == 1);
    }

    @Test
    void aReminderWhoseOrderNeverArrivesIsGivenUp() {
        Replica one = replica("one");
        String key = "shop-demo:TB-" + UUID.randomUUID();
        one.due.schedule(OrderService.PAYMENT_REMINDER, key, clock.instant()).block();

        for (int attempt = 1; attempt <= OrderService.MISSING_ORDER_ATTEMPTS; attempt++) {
            assertThat(one.runner.pollOnce(one.handler)).as("attempt " + attempt).isEqualTo(1);
            clock.advance(Duration.ofSeconds(5)); // past the runner's backoff, capped at 5 s here
        }
        assertThat(one.due.dueAt(OrderService.PAYMENT_REMINDER, key).block()).isNull();
    }

    private List<ProducerRecord<String, Object>> reminders(String orderId) {
        return published.stream()
                .filter(r -> orderId.equals(r.key()) && "payment-reminder-due".equals(header(r, CloudEvent.TYPE)))
                .filter(distinctBy(r -> header(r, CloudEvent.ID)))
                .toList();
    }

    private static <T> java.util.function.Predicate<T> distinctBy(java.util.function.Function<T, Object> key) {
        java.util.Set<Object> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        return t -> seen.add(key.apply(t));
    }

    private static String header(ProducerRecord<String, Object> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** One order-service instance: its own store handles and runner, sharing the database and the broker. */
    private record Replica(OrderService orders, DueWork due, DueWorkRunner runner, DueHandler handler) {
    }

    @SuppressWarnings("unchecked")
    private Replica replica(String name) {
        KafkaTemplate<String, Object> kafka = mock(KafkaTemplate.class);
        when(kafka.send(any(ProducerRecord.class))).thenAnswer(call -> {
            published.add(call.getArgument(0));
            return CompletableFuture.completedFuture(null);
        });
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventMetrics metrics = new EventMetrics(registry, "order-service");
        DueWork due = new DueWork(mongo, clock, name);
        OutboxRelay outbox = new OutboxRelay(mongo, new EventPublisher(kafka, metrics),
                List.of(new OutboxCollection(OrderDocument.COLLECTION)), due, clock, Duration.ofSeconds(5),
                ObservationRegistry.NOOP);
        OrderRepository repository = new ReactiveMongoRepositoryFactory(mongo).getRepository(OrderRepository.class);
        // no broker here: the marketplace's input counts as applied (what InputProgress answers is InputBehindIT's)
        InputProgress applied = new InputProgress(() -> {
            throw new IllegalStateException("no broker in this test");
        }, "order-service") {
            @Override
            public Mono<Boolean> appliedBefore(String topic, String key, Instant before) {
                return Mono.just(true);
            }
        };
        OrderService orders = new OrderService(repository, outbox, due, metrics, clock, Duration.ofHours(48),
                ShopSettings.of(Map.of()), applied, new Replay(mongo, () -> {
                    throw new IllegalStateException("no rebuild here: the broker is never asked");
                }, clock, Duration.ofSeconds(1)), mongo);
        DueHandler handler = new DueHandler() {
            @Override
            public String queue() {
                return OrderService.PAYMENT_REMINDER;
            }

            @Override
            public Mono<Instant> handle(DueItem item) {
                return orders.remindOfPayment(item);
            }
        };
        DueWorkRunner runner = new DueWorkRunner(due, List.of(handler), new DueWorkRunner.Settings(
                Duration.ofMillis(50), Duration.ofMillis(50), 100, Duration.ofSeconds(30), 4, Duration.ofSeconds(1), Duration.ofSeconds(5)),
                clock, registry, "order-service");
        return new Replica(orders, due, runner, handler);
    }

    private CloudEvent attributes(dev.kefu.events.EventType<?> type) {
        return new CloudEvent(UUID.randomUUID().toString(), type.name(), "/webhooks/shop-demo", clock.instant(),
                "shop-demo");
    }

    private static MarketplaceOrderEvent created(String orderId) {
        return new MarketplaceOrderCreated("shop-demo", "taobao", orderId, "buyer-1", new BigDecimal("199.00"), "CNY",
                T0, T0.plus(Duration.ofHours(48)),
                List.of(new OrderItem("SKU-TEA-250", "明前龙井 250g", 2, new BigDecimal("89.50"))));
    }

    private MarketplaceOrderEvent paid(String orderId) {
        return new MarketplaceOrderPaid("shop-demo", "taobao", orderId, "buyer-1", new BigDecimal("199.00"), "CNY",
                clock.instant());
    }
}
