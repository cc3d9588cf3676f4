package dev.kefu.platform.outbox;

import dev.kefu.events.EventTypes;
import dev.kefu.events.desk.SlaBreached;
import dev.kefu.events.kafka.EventJson;
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
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trace from a consumed record to the record its handling published through the outbox: the listener's span is
 * stored on the entry and the relay continues it, whether right after the write or later from the due-work sweep.
 */
@KefuServiceIT
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "spring.application.name=outbox-tracing-it")
class OutboxTracingIT {

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

    /** An aggregate as a service stores it: its state and its pending events in one document. */
    record Traced(String id, List<OutboxEntry> outbox) {
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
                            mongo.save(new Traced(id, pending), COLLECTION)))
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
