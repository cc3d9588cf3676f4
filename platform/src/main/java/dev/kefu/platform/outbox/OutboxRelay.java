package dev.kefu.platform.outbox;

import dev.kefu.platform.due.DueHandler;
import dev.kefu.platform.due.DueItem;
import dev.kefu.platform.due.DueWork;
import dev.kefu.platform.messaging.EventPublisher;
import dev.kefu.platform.replay.Replay;
import dev.kefu.platform.tracing.ContinuedTrace;
import dev.kefu.platform.tracing.Traceparent;
import io.micrometer.observation.ObservationRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Publishes the {@code outbox} array of aggregate documents to Kafka, in order, then removes what was acknowledged.
 * <p>
 * {@link #write} wraps a service's document write: when the write leaves entries pending, a due item
 * ({@value #QUEUE} queue, key {@code <collection>/<id>}) is scheduled <em>before</em> the write, the entries are
 * published right after it, and the item is withdrawn once they are out. If the instance dies in between or the broker
 * is down, the item comes due after the sweep age and this relay, as its {@link DueHandler}, publishes what is still
 * pending. So the relay never searches the aggregates, and costs nothing while nothing is pending. Publishing twice is
 * possible (at-least-once); consumers deduplicate on the entry id.
 */
public class OutboxRelay implements DueHandler {

    public static final String FIELD = "outbox";
    public static final String QUEUE = "outbox";
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final ReactiveMongoTemplate mongo;
    private final EventPublisher publisher;
    private final Set<String> collections;
    private final DueWork due;
    private final Clock clock;
    private final Duration sweepAge;
    private final ObservationRegistry observations;

    public OutboxRelay(ReactiveMongoTemplate mongo, EventPublisher publisher, List<OutboxCollection> collections,
                       DueWork due, Clock clock, Duration sweepAge, ObservationRegistry observations) {
        this.mongo = mongo;
        this.publisher = publisher;
        this.collections = Set.copyOf(collections.stream().map(OutboxCollection::name).toList());
        this.due = due;
        this.clock = clock;
        this.sweepAge = sweepAge;
        this.observations = observations;
    }

    /**
     * Runs {@code write}, which stores document {@code id} of {@code collection} with {@code pending} in its outbox,
     * and publishes those entries right after it, without waiting for the broker. What the broker does not take then is
     * published when the due item scheduled before the write comes due. Fails only if the write fails: what was stored
     * is what counts.
     */
    public <T> Mono<T> write(String collection, Object id, List<OutboxEntry> pending, Mono<T> write) {
        if (pending.isEmpty()) {
            return write;
        }
        if (!collections.contains(collection)) {
            return Mono.error(new IllegalStateException("no OutboxCollection bean declares " + collection));
        }
        String key = collection + "/" + id;
        return due.schedule(QUEUE, key, clock.instant().plus(sweepAge))
                .flatMap(seq -> write.doOnNext(saved -> relay(collection, id, pending)
                        .then(due.cancel(QUEUE, key, seq))
                        // The caller (often a Kafka listener) does not wait for the broker's ack: the due item covers
                        // a relay that fails or dies. Key order holds: each relay sends all the document's unpublished
                        // entries in order, so an entry never goes out before the ones it follows (duplicates may).
                        .subscribe(null, e -> log.warn("publishing {} {} deferred to its due item: {}", collection, id,
                                e.toString()))));
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    /** A due item: publishes whatever the document still has pending (nothing, when the write's own relay worked). */
    @Override
    public Mono<Instant> handle(DueItem item) {
        int slash = item.key().indexOf('/');
        String collection = item.key().substring(0, slash);
        String id = item.key().substring(slash + 1);
        return mongo.findOne(Query.query(Criteria.where("_id").is(id)), Document.class, collection)
                .flatMap(document -> relay(collection, id, entries(document)))
                .then(Mono.empty());
    }

    /** Publishes {@code pending} in order, then removes from the document what the broker acknowledged. */
    private Mono<Void> relay(String collection, Object documentId, List<OutboxEntry> pending) {
        if (pending.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(pending)
                .concatMap(entry -> traced(entry, publisher.publishJson(entry.topic(), entry.key(), entry.attributes(),
                        entry.payload().getBytes(StandardCharsets.UTF_8), entry.follows() == null ? Map.of()
                                : Map.of(Replay.FOLLOWS, entry.follows()))).thenReturn(entry.eventId()))
                .collectList()
                .flatMap(ids -> mongo.updateFirst(Query.query(Criteria.where("_id").is(documentId)),
                        new Update().pull(FIELD, Query.query(Criteria.where("eventId").in(ids))), collection))
                .then();
    }

    /**
     * {@code send} as a child of the trace that created the entry, not of whatever the relaying thread runs in (a
     * sweep, or another document's write): its producer span and the record's {@code traceparent} continue that trace.
     */
    private Mono<Void> traced(OutboxEntry entry, Mono<Void> send) {
        return ContinuedTrace.of(observations, "kefu.outbox.relay", entry.traceparent(), entry.topic(), send);
    }

    private static List<OutboxEntry> entries(Document document) {
        return document.getList(FIELD, Document.class, List.of()).stream().map(OutboxRelay::entry).toList();
    }

    /** An entry as stored; one written before entries had a traceparent reads with none. */
    static OutboxEntry entry(Document d) {
        return new OutboxEntry(d.getString("eventId"), d.getString("type"), d.getString("topic"), d.getString("key"),
                d.getString("shopId"), d.getString("source"), d.getDate("time").toInstant(), d.getString("payload"),
                d.getString(Traceparent.HEADER), d.getString("follows"));
    }
}
