package dev.kefu.platform.due;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.kefu.embedded.mongo.EmbeddedMongo;
import dev.kefu.embedded.mongo.EmbeddedMongoServer;
import dev.kefu.platform.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The due-work store and runner against the Mongo wire server, with the clock under the test's control. */
class DueWorkIT {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static EmbeddedMongoServer server;
    private static MongoClient client;

    private final MutableClock clock = new MutableClock(T0);
    private ReactiveMongoTemplate mongo;
    private String database;

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
        database = "due-" + System.nanoTime();
        mongo = new ReactiveMongoTemplate(client, database);
    }

    private DueWork store(String owner) {
        return new DueWork(mongo, clock, owner);
    }

    @Test
    void onlyDueItemsAreClaimedOldestFirstAndTheEarliestRequestWins() {
        DueWork due = store("a");
        due.schedule("q", "late", T0.plusSeconds(60)).block();
        due.schedule("q", "second", T0.minusSeconds(5)).block();
        due.schedule("q", "first", T0.minusSeconds(10)).block();
        due.schedule("other", "first", T0.minusSeconds(10)).block();
        // a later request for a key already due earlier changes nothing; an earlier one moves it up
        due.schedule("q", "first", T0.plusSeconds(3600)).block();
        due.schedule("q", "late", T0.plusSeconds(30)).block();

        List<DueItem> claimed = due.claim("q", 10, LEASE).collectList().block();

        assertThat(claimed).extracting(DueItem::key).containsExactly("first", "second");
        assertThat(claimed.get(0).dueAt()).isEqualTo(T0.minusSeconds(10));
        assertThat(claimed.get(0).attempts()).isEqualTo(1);
        assertThat(due.dueAt("q", "late").block()).isEqualTo(T0.plusSeconds(30));
        assertThat(due.claim("q", 10, LEASE).collectList().block()).as("leased").isEmpty();
    }

    @Test
    void aClaimReadsOnlyTheDueItemsHoweverManyAreWaiting() {
        DueWork due = store("a");
        due.ensureIndex().block();
        Flux.range(0, 10_000).flatMap(i -> due.schedule("q", "later-" + i, T0.plusSeconds(60 + i)), 32).blockLast();
        Flux.range(0, 5).flatMap(i -> due.schedule("q", "due-" + i, T0.minusSeconds(i))).blockLast();
        Flux.range(0, 2_000).flatMap(i -> due.schedule("other", "due-" + i, T0.minusSeconds(1)), 32).blockLast();
        server.resetExamined();

        assertThat(due.claim("q", 100, LEASE).collectList().block()).hasSize(5);
        // the range query reads the 5 due items, each claim reads its one document by id
        assertThat(server.examined(database, DueWork.COLLECTION)).isEqualTo(5 + 5);

        server.resetExamined();
        assertThat(due.claim("q", 100, LEASE).collectList().block()).isEmpty();
        assertThat(server.examined(database, DueWork.COLLECTION)).as("an idle poll reads nothing").isZero();
    }

    @Test
    void aClaimWhoseHolderDiedComesDueAgainWhenItsLeaseEnds() {
        DueWork a = store("a");
        DueWork b = store("b");
        a.schedule("q", "k", T0).block();
        assertThat(a.claim("q", 10, LEASE).collectList().block()).hasSize(1); // and a dies here

        clock.advance(LEASE.minusSeconds(1));
        assertThat(b.claim("q", 10, LEASE).collectList().block()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(b.claim("q", 10, LEASE).collectList().block()).singleElement()
                .satisfies(item -> assertThat(item.attempts()).isEqualTo(2));
    }

    @Test
    void workScheduledWhileAClaimIsHeldIsNotLostWhenTheClaimCompletes() {
        DueWork due = store("a");
        due.schedule("q", "k", T0).block();
        DueItem item = due.claim("q", 1, LEASE).blockFirst();
        due.schedule("q", "k", T0.plusSeconds(5)).block(); // new input while the handler runs

        due.complete(item, null).block();

        assertThat(due.dueAt("q", "k").block()).isEqualTo(T0.plusSeconds(5));
        clock.advance(Duration.ofSeconds(5));
        assertThat(due.claim("q", 1, LEASE).collectList().block()).hasSize(1);
    }

    @Test
    void completingWithANextTimeReschedulesAndWithoutRemoves() {
        DueWork due = store("a");
        due.schedule("q", "again", T0).block();
        due.schedule("q", "once", T0).block();
        for (DueItem item : due.claim("q", 10, LEASE).collectList().block()) {
            due.complete(item, item.key().equals("again") ? T0.plusSeconds(3600) : null).block();
        }
        assertThat(due.dueAt("q", "again").block()).isEqualTo(T0.plusSeconds(3600));
        assertThat(due.dueAt("q", "once").block()).isNull();
    }

    @Test
    void aCancelWithdrawsOnlyItsOwnScheduling() {
        DueWork due = store("a");
        long first = due.schedule("q", "k", T0.plusSeconds(5)).block();
        long second = due.schedule("q", "k", T0.plusSeconds(5)).block();

        assertThat(due.cancel("q", "k", first).block()).as("a newer scheduling stands").isFalse();
        assertThat(due.dueAt("q", "k").block()).isNotNull();
        assertThat(due.cancel("q", "k", second).block()).isTrue();
        assertThat(due.dueAt("q", "k").block()).isNull();
    }

    @Test
    void twoReplicasShareTheWorkAndNoItemIsHandledTwice() throws InterruptedException {
        int items = 400;
        Flux.range(0, items).flatMap(i -> store("setup").schedule("q", "k" + i, T0.minusSeconds(i % 7)), 16)
                .blockLast();
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> byReplica = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(items);
        Function<String, DueHandler> handler = replica -> new DueHandler() {
            @Override
            public String queue() {
                return "q";
            }

            @Override
            public Mono<Instant> handle(DueItem item) {
                handled.computeIfAbsent(item.key(), k -> new AtomicInteger()).incrementAndGet();
                byReplica.computeIfAbsent(replica, k -> new AtomicInteger()).incrementAndGet();
                all.countDown();
                return Mono.delay(Duration.ofMillis(2)).then(Mono.empty());
            }
        };
        DueWorkRunner.Settings settings = new DueWorkRunner.Settings(Duration.ofMillis(20), Duration.ofMillis(20), 25,
                LEASE, 4, Duration.ofSeconds(1), Duration.ofMinutes(1));
        DueWorkRunner one = new DueWorkRunner(store("one"), List.of(handler.apply("one")), settings, clock,
                new SimpleMeterRegistry(), "test-service");
        DueWorkRunner two = new DueWorkRunner(store("two"), List.of(handler.apply("two")), settings, clock,
                new SimpleMeterRegistry(), "test-service");
        one.start();
        two.start();
        try {
            assertThat(all.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300); // a double handling would show up now
        } finally {
            one.stop();
            two.stop();
        }
        assertThat(handled).hasSize(items);
        assertThat(handled.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(byReplica.keySet()).as("both replicas worked").containsExactlyInAnyOrder("one", "two");
        assertThat(mongo.count(new org.springframework.data.mongodb.core.query.Query(), DueWork.COLLECTION).block())
                .isZero();
    }

    @Test
    void aFailingHandlerIsRetriedWithDoublingBackoff() {
        DueWork due = store("a");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AtomicInteger calls = new AtomicInteger();
        DueHandler failing = new DueHandler() {
            @Override
            public String queue() {
                return "q";
            }

            @Override
            public Mono<Instant> handle(DueItem item) {
                calls.incrementAndGet();
                return Mono.error(new IllegalStateException("broker down"));
            }
        };
        DueWorkRunner runner = new DueWorkRunner(due, List.of(failing), new DueWorkRunner.Settings(Duration.ofSeconds(1),
                Duration.ofSeconds(1), 10, LEASE, 1, Duration.ofSeconds(1), Duration.ofSeconds(8)), clock, meters,
                "test-service");
        due.schedule("q", "k", T0).block();

        runner.pollOnce(failing);
        assertThat(due.dueAt("q", "k").block()).isEqualTo(T0.plusSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        runner.pollOnce(failing);
        assertThat(due.dueAt("q", "k").block()).isEqualTo(T0.plusSeconds(1 + 2));
        assertThat(runner.backoff(10)).isEqualTo(Duration.ofSeconds(8));
        assertThat(calls.get()).isEqualTo(2);
        assertThat(meters.get("kefu.test.due.handled").tag("outcome", "failed").counter().count()).isEqualTo(2);
    }
    @Test
    void anIdleQueueIsLookedAtOncePerIdleIntervalNotEveryPoll() throws InterruptedException {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DueWorkRunner runner = realTimeRunner(store("a", Clock.systemUTC()), recording(new ConcurrentHashMap<>()),
                Duration.ofMillis(20), Duration.ofSeconds(1), meters);
        runner.start();
        try {
            Thread.sleep(3_000);
        } finally {
            runner.stop();
        }
        // 3 s of a 20 ms poll interval would be 150 looks; resting up to the idle interval, about 3
        assertThat(looks(meters)).isBetween(1.0, 5.0);
    }

    @Test
    void anItemScheduledThroughThisInstanceWakesItsRestingQueue() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Map<String, Instant> handled = new ConcurrentHashMap<>();
        DueWork due = store("a", Clock.systemUTC());
        DueWorkRunner runner = realTimeRunner(due, recording(handled), Duration.ofMillis(20), Duration.ofMinutes(1),
                meters);
        runner.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> looks(meters) >= 1); // now resting for a minute
            Instant dueAt = Instant.now().plusMillis(300);
            due.schedule("q", "soon", dueAt).block();

            await().atMost(Duration.ofSeconds(20)).until(() -> handled.containsKey("soon"));
            assertThat(handled.get("soon")).as("not before its time").isAfterOrEqualTo(dueAt);
        } finally {
            runner.stop();
        }
    }

    @Test
    void anItemAnotherReplicaScheduledIsFoundWithinTheIdleInterval() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Map<String, Instant> handled = new ConcurrentHashMap<>();
        DueWorkRunner runner = realTimeRunner(store("a", Clock.systemUTC()), recording(handled), Duration.ofMillis(20),
                Duration.ofSeconds(2), meters);
        runner.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> looks(meters) >= 1);
            // scheduled by a replica that then died: no wake-up reaches this runner
            store("b", Clock.systemUTC()).schedule("q", "theirs", Instant.now()).block();

            await().atMost(Duration.ofSeconds(15)).until(() -> handled.containsKey("theirs"));
        } finally {
            runner.stop();
        }
    }

    @Test
    void theNextDueTimeReadsOnlyItemsDueByThen() {
        DueWork due = store("a");
        due.ensureIndex().block();
        Flux.range(0, 5_000).flatMap(i -> due.schedule("q", "later-" + i, T0.plusSeconds(3600 + i)), 32).blockLast();
        due.schedule("q", "soon", T0.plusSeconds(4)).block();
        due.schedule("q", "sooner", T0.plusSeconds(2)).block();
        server.resetExamined();

        assertThat(due.nextDue("q", T0.plusSeconds(10)).block()).isEqualTo(T0.plusSeconds(2));
        assertThat(server.examined(database, DueWork.COLLECTION)).isEqualTo(2);
        assertThat(due.nextDue("q", T0.plusSeconds(1)).block()).isNull();
    }

    private DueWork store(String owner, Clock clock) {
        return new DueWork(mongo, clock, owner);
    }

    /** A handler of queue "q" that records when it first saw each key, and is done with it. */
    private static DueHandler recording(Map<String, Instant> handled) {
        return new DueHandler() {
            @Override
            public String queue() {
                return "q";
            }

            @Override
            public Mono<Instant> handle(DueItem item) {
                handled.putIfAbsent(item.key(), Instant.now());
                return Mono.empty();
            }
        };
    }

    private static DueWorkRunner realTimeRunner(DueWork due, DueHandler handler, Duration poll, Duration idle,
                                                SimpleMeterRegistry meters) {
        return new DueWorkRunner(due, List.of(handler), new DueWorkRunner.Settings(poll, idle, 10, LEASE, 1,
                Duration.ofSeconds(1), Duration.ofSeconds(8)), Clock.systemUTC(), meters, "test-service");
    }

    private static double looks(SimpleMeterRegistry meters) {
        return meters.get("kefu.test.due.looks").tag("queue", "q").counter().count();
    }
}
