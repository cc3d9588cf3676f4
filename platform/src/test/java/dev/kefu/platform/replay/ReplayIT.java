package dev.kefu.platform.replay;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.kefu.embedded.mongo.EmbeddedMongo;
import dev.kefu.embedded.mongo.EmbeddedMongoServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When the replay horizon is read: at start, not when the bean is made. A context refreshed without a database (the
 * class-data sharing training runs, {@code -Dspring.context.exit=onRefresh}) failed on this bean in every service
 * with a database, so none of them got an archive and the service images could not be built.
 */
class ReplayIT {

    private static EmbeddedMongoServer server;
    private static MongoClient client;

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

    @Test
    void theBeanIsMadeWithoutADatabaseAndHoldsDueWorkUntilItStarts() {
        try (MongoClient nowhere = MongoClients.create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300")) {
            long start = System.nanoTime();
            Replay replay = replay(new ReactiveMongoTemplate(nowhere, "kefu-nowhere"));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no database asked").isLessThan(Duration.ofMillis(300));
            assertThat(replay.finished()).as("due work holds until the horizon is known").isFalse();
            assertThatThrownBy(() -> replay.replaying(record("marketplace.orders", 0, 5)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("not read yet");
            assertThat(replay.getPhase()).as("before the listener containers (Integer.MAX_VALUE - 100)")
                    .isLessThan(Integer.MAX_VALUE - 100);
        }
    }

    @Test
    void withoutAMarkerItIsFinishedOnceStarted() {
        Replay replay = replay(new ReactiveMongoTemplate(client, "replay-none-" + System.nanoTime()));

        replay.start();
        try {
            assertThat(replay.isRunning()).isTrue();
            assertThat(replay.finished()).isTrue();
            assertThat(replay.replaying(record("marketplace.orders", 0, 5))).isFalse();
        } finally {
            replay.stop();
        }
        assertThat(replay.isRunning()).isFalse();
    }

    @Test
    void aMarkerReadAtStartTellsReplayedRecordsFromNewOnes() {
        ReactiveMongoTemplate mongo = new ReactiveMongoTemplate(client, "replay-marker-" + System.nanoTime());
        mongo.insert(new Document("_id", Replay.MARKER_ID).append("writtenAt", new Date())
                .append("horizon", List.of(new Document("topic", "marketplace.orders").append("partition", 0)
                        .append("offset", 10L).append("group", "order-service"))), Replay.HORIZON_COLLECTION).block();
        Replay replay = new Replay(mongo, () -> {
            throw new IllegalStateException("the group's offsets are not asked in this test");
        }, Clock.systemUTC(), Duration.ofHours(1));

        replay.start();
        try {
            assertThat(replay.finished()).isFalse();
            assertThat(replay.replaying(record("marketplace.orders", 0, 9))).as("below the horizon").isTrue();
            assertThat(replay.replaying(record("marketplace.orders", 0, 10))).as("new since the rebuild").isFalse();
            assertThat(replay.replaying(record("marketplace.orders", 1, 0))).as("no horizon there").isFalse();
        } finally {
            replay.stop();
        }
    }

    private static Replay replay(ReactiveMongoTemplate mongo) {
        return new Replay(mongo, () -> {
            throw new IllegalStateException("no broker in this test");
        }, Clock.systemUTC(), Duration.ofHours(1));
    }

    private static ConsumerRecord<String, String> record(String topic, int partition, long offset) {
        return new ConsumerRecord<>(topic, partition, offset, "key", "value");
    }
}
