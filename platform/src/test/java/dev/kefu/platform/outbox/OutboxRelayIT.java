package dev.kefu.platform.outbox;

import dev.kefu.events.EventTypes;
import dev.kefu.events.desk.SlaBreached;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.embedded.mongo.EmbeddedMongoServer;
import dev.kefu.platform.due.DueItem;
import dev.kefu.platform.due.DueWork;
import dev.kefu.platform.messaging.Handled;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.TopicProbe;
import dev.kefu.platform.tracing.Traceparent;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox relay against a real broker and the Mongo wire server: what a write leaves pending is published right
 * after it and leaves no trace behind; what a dead instance left pending is found by the sweep, which reads only the
 * documents with entries pending; and one trace goes from a consumed record to the record its handling published: the
 * listener's span is stored on the entry and the relay continues it, right after the write or later.
 */
@KefuServiceIT
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "spring.application.name=outbox-tracing-it")
class OutboxRelayIT {

    static final String IN = "outbox-tracing-in";
    static final String COLLECTION = "traced";
    static final String OUT = EventTypes.of(SlaBreached.class).topic();
    private static final Duration WAIT = Duration.ofSeconds(30);

    String kafka;

    @Autowired
    void broker(EmbeddedKafkaBroker broker) {
        kafka = broker.getBrokersAsString();
    }

    @Autowired
    ReactiveMongoTemplate mongo;

    @Autowired
    DueWork due;

    @Autowired
    OutboxSweep sweep;

    @Autowired
    OutboxRelay relay;

    @Autowired
    EmbeddedMongoServer mongoServer;

    @Test
    void aWriteIsRelayedRightAfterItAndLeavesNothingPendingNorAnyDueItem() {
        String ref = "c-" + UUID.randomUUID();
        TopicProbe.send(kafka, IN, ref, new byte[0], Map.of());

        TopicProbe.await(kafka, OUT, WAIT, r -> ref.equals(r.key()));
        await().atMost(WAIT).untilAsserted(() -> {
            Document stored = mongo.findOne(Query.query(Criteria.where("ref").is(ref)), Document.class, COLLECTION)
                    .block();
            assertThat(stored).isNotNull();
            assertThat(stored.getList(OutboxRelay.FIELD, Document.class)).isEmpty();
            assertThat(stored).doesNotContainKey(OutboxRelay.PENDING_SINCE);
        });
        assertThat(mongo.count(Query.query(Criteria.where("queue").is(OutboxRelay.QUEUE)), DueWork.COLLECTION).block())
                .as("no due item on the happy path").isZero();
    }

    @Test
    void theRelaysRemovalClearsTheMarkerInTheSameWriteAndPullsOnlyItsOwnWhenMoreCameMeanwhile() {
        String id = "doc-" + UUID.randomUUID();
        Document first = stored("c-" + UUID.randomUUID());
        Document second = stored("c-" + UUID.randomUUID());
        mongo.insert(new Document("_id", id).append(OutboxRelay.FIELD, List.of(first))
                .append(OutboxRelay.PENDING_SINCE, new Date()), COLLECTION).block();

        relay.relay(COLLECTION, id, List.of(OutboxRelay.entry(first))).block(WAIT);
        Document after = mongo.findById(id, Document.class, COLLECTION).block();
        assertThat(after.getList(OutboxRelay.FIELD, Document.class)).isEmpty();
        assertThat(after).doesNotContainKey(OutboxRelay.PENDING_SINCE);

        // a write added an entry while the first was being published: only the published one goes
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), OutboxRelay.push(OutboxRelay.push(new Update(),
                OutboxRelay.entry(first)), OutboxRelay.entry(second)), COLLECTION).block();
        relay.relay(COLLECTION, id, List.of(OutboxRelay.entry(first))).block(WAIT);
        Document left = mongo.findById(id, Document.class, COLLECTION).block();
        assertThat(left.getList(OutboxRelay.FIELD, Document.class)).extracting(d -> d.getString("eventId"))
                .containsExactly(second.getString("eventId"));
        assertThat(left).as("still pending").containsKey(OutboxRelay.PENDING_SINCE);
    }

    @Test
    void theSweepPublishesWhatADeadInstanceLeftPendingReadingOnlyThoseDocuments() {
        String ref = "c-" + UUID.randomUUID();
        String id = "doc-" + UUID.randomUUID();
        Instant written = Instant.now().minusSeconds(10);
        Flux.range(0, 500).flatMap(i -> mongo.insert(new Document("_id", "done-" + UUID.randomUUID())
                .append(OutboxRelay.FIELD, List.of()), COLLECTION), 16).blockLast();
        // as an instance that died after the write left it: an entry and its marker, no due item, nobody relaying
        mongo.insert(new Document("_id", id).append(OutboxRelay.FIELD, List.of(stored(ref)))
                .append(OutboxRelay.PENDING_SINCE, Date.from(written)), COLLECTION).block();
        mongoServer.resetExamined();

        sweep.handle(new DueItem(OutboxSweep.QUEUE, COLLECTION, Instant.now(), 1, 1)).block(WAIT);

        assertThat(mongoServer.examined("kefu-outbox-tracing-it", COLLECTION))
                .as("the pending document, read by the sweep's index and by the relay's writes").isLessThanOrEqualTo(3);
        TopicProbe.await(kafka, OUT, WAIT, r -> ref.equals(r.key()));
        Document after = mongo.findById(id, Document.class, COLLECTION).block();
        assertThat(after.getList(OutboxRelay.FIELD, Document.class)).isEmpty();
        assertThat(after).doesNotContainKey(OutboxRelay.PENDING_SINCE);

        mongoServer.resetExamined();
        sweep.handle(new DueItem(OutboxSweep.QUEUE, COLLECTION, Instant.now(), 2, 1)).block(WAIT);
        assertThat(mongoServer.examined("kefu-outbox-tracing-it", COLLECTION)).as("nothing pending: nothing read")
                .isZero();
    }

    @Test
    void aDocumentTheSweepCannotPublishGetsItsOwnDueItemAndHoldsUpNoOther() {
        String bad = "doc-" + UUID.randomUUID();
        String ref = "c-" + UUID.randomUUID();
        Document unreadable = stored("c-" + UUID.randomUUID());
        unreadable.remove("time");
        mongo.insert(new Document("_id", bad).append(OutboxRelay.FIELD, List.of(unreadable))
                .append(OutboxRelay.PENDING_SINCE, Date.from(Instant.now().minusSeconds(60))), COLLECTION).block();
        mongo.insert(new Document("_id", "doc-" + UUID.randomUUID()).append(OutboxRelay.FIELD, List.of(stored(ref)))
                .append(OutboxRelay.PENDING_SINCE, Date.from(Instant.now().minusSeconds(10))), COLLECTION).block();

        try {
            sweep.handle(new DueItem(OutboxSweep.QUEUE, COLLECTION, Instant.now(), 3, 1)).block(WAIT);

            TopicProbe.await(kafka, OUT, WAIT, r -> ref.equals(r.key()));
            assertThat(due.dueAt(OutboxRelay.QUEUE, COLLECTION + "/" + bad).block()).isNotNull();
        } finally {
            // it would stay pending for good and be read by every later sweep of the other tests
            mongo.remove(Query.query(Criteria.where("_id").is(bad)), COLLECTION).block();
        }
    }

    @Test
    void theSweepOfEveryCollectionIsScheduledAndRunsByItself() {
        String ref = "c-" + UUID.randomUUID();
        mongo.insert(new Document("_id", "doc-" + UUID.randomUUID()).append(OutboxRelay.FIELD, List.of(stored(ref)))
                .append(OutboxRelay.PENDING_SINCE, Date.from(Instant.now().minusSeconds(10))), COLLECTION).block();

        // kefu.outbox.sweep-interval=PT1S in these tests
        TopicProbe.await(kafka, OUT, WAIT, r -> ref.equals(r.key()));
        assertThat(due.dueAt(OutboxSweep.QUEUE, COLLECTION).block()).isNotNull();
    }

    @Test
    void theRecordRelayedFromAnOutboxEntryContinuesTheTraceOfTheRecordWhoseHandlingWroteIt(CapturedOutput logs) {
        String ref = "c-" + UUID.randomUUID();
        String traceId = hex(16);
        String consumed = "00-" + traceId + "-" + hex(8) + "-01";

        TopicProbe.send(kafka, IN, ref, new byte[0], Map.of(Traceparent.HEADER, consumed));

        ConsumerRecord<String, byte[]> relayed = TopicProbe.await(kafka, OUT, WAIT, r -> ref.equals(r.key()));
        String traceparent = TopicProbe.header(relayed, Traceparent.HEADER);
        assertThat(Traceparent.traceId(traceparent)).isEqualTo(traceId);
        assertThat(traceparent).as("a span of its own, not the consumed record's").isNotEqualTo(consumed);
        // and what the handling logged, on a Mongo driver thread, names the trace
        assertThat(logs.getOut().lines().filter(line -> line.contains("handled " + ref)))
                .singleElement().asString().contains(traceId);
    }

    @Test
    void theSweepRelaysAStoredEntryInItsOwnTraceAndAnEntryFromBeforeTracingWithout() {
        String traced = "c-" + UUID.randomUUID();
        String old = "c-" + UUID.randomUUID();
        String traceId = hex(16);
        String id = "doc-" + UUID.randomUUID();
        // as a replica that died after the write left it: pending entries, the due item, nobody relaying
        mongo.insert(new Document("_id", id).append(OutboxRelay.FIELD, List.of(
                        stored(traced).append(Traceparent.HEADER, "00-" + traceId + "-" + hex(8) + "-01"),
                        stored(old))), COLLECTION)
                .then(due.schedule(OutboxRelay.QUEUE, COLLECTION + "/" + id, Instant.now()))
                .block();

        ConsumerRecord<String, byte[]> relayed = TopicProbe.await(kafka, OUT, WAIT, r -> traced.equals(r.key()));
        assertThat(Traceparent.traceId(TopicProbe.header(relayed, Traceparent.HEADER))).isEqualTo(traceId);
        ConsumerRecord<String, byte[]> untraced = TopicProbe.await(kafka, OUT, WAIT, r -> old.equals(r.key()));
        assertThat(Traceparent.traceId(TopicProbe.header(untraced, Traceparent.HEADER))).isNotEqualTo(traceId);
    }

    private static Document stored(String ref) {
        SlaBreached event = breach(ref);
        return new Document("eventId", UUID.randomUUID().toString()).append("type", EventTypes.of(SlaBreached.class).name())
                .append("topic", OUT).append("key", ref).append("shopId", event.shopId()).append("source", "/it")
                .append("time", Date.from(event.at())).append("payload", EventJson.mapper().writeValueAsString(event));
    }

    static SlaBreached breach(String ref) {
        Instant now = Instant.now();
        return new SlaBreached("shop-demo", SlaBreached.Target.FIRST_RESPONSE, ref, "buyer-1", null, null, 60,
                now.minusSeconds(120), now.minusSeconds(60), 60, now);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** An aggregate as a service stores it: its state and its pending events (and since when) in one document. */
    record Traced(String id, String ref, List<OutboxEntry> outbox, Instant outboxSince) {
    }

    /** A service's listener: its handling writes an aggregate with an outbox entry, after a hop to a driver thread. */
    static class Handler {

        private static final Logger log = LoggerFactory.getLogger(Handler.class);

        private final ReactiveMongoTemplate mongo;
        private final OutboxRelay outbox;

        Handler(ReactiveMongoTemplate mongo, OutboxRelay outbox) {
            this.mongo = mongo;
            this.outbox = outbox;
        }

        @KafkaListener(topics = IN,
                properties = "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer")
        void on(ConsumerRecord<String, byte[]> record) {
            String id = "doc-" + UUID.randomUUID();
            Handled.await(mongo.count(new Query(), COLLECTION)
                    .map(n -> List.of(OutboxEntry.of(breach(record.key()), "/it", Instant.now())))
                    .flatMap(pending -> outbox.write(COLLECTION, id, pending,
                            mongo.save(new Traced(id, record.key(), pending, OutboxEntry.pendingSince(pending)),
                                    COLLECTION)))
                    .doOnNext(saved -> log.info("handled {}", record.key())));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        OutboxCollection traced() {
            return new OutboxCollection(COLLECTION);
        }

        @Bean
        NewTopic in() {
            return new NewTopic(IN, 1, (short) 1);
        }

        @Bean
        Handler handler(ReactiveMongoTemplate mongo, OutboxRelay outbox) {
            return new Handler(mongo, outbox);
        }
    }
}
