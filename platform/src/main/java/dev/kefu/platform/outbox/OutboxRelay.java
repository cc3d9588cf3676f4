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
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.ReactiveBulkOperations;
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
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Publishes the {@code outbox} array of aggregate documents to Kafka, in order, then removes what was acknowledged.
 * <p>
 * A document with entries pending also carries {@value #PENDING_SINCE}, the time of its oldest pending entry, written
 * in the same write as the entries (a whole document through {@link OutboxEntry#pendingSince}, an update through
 * {@link #push}); the write that removes the last entries unsets it. {@link #write} wraps a service's document write
 * and publishes the entries right after it: one more write on the happy path (the removal). If the broker does not
 * take them, a due item ({@value #QUEUE} queue, key {@code <collection>/<id>}) is scheduled to try again after the
 * sweep age. If the instance dies between the write and the publishing, {@link OutboxSweep} finds the document by
 * {@value #PENDING_SINCE} (a sparse index: only documents with entries pending are in it) and publishes what is still
 * pending. So the relay never searches the aggregates, and costs nothing while nothing is pending. Publishing twice is
 * possible (at-least-once); consumers deduplicate on the entry id.
 */
public class OutboxRelay implements DueHandler {

    public static final String FIELD = "outbox";
    /** The time of a document's oldest pending entry; absent once nothing is pending. */
    public static final String PENDING_SINCE = "outboxSince";
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
     * Runs {@code write}, which stores document {@code id} of {@code collection} with {@code pending} in its outbox
     * (and {@value #PENDING_SINCE}), and publishes those entries right after it, without waiting for the broker. What
     * the broker does not take then is published when a due item comes due; what a crash leaves, by the sweep. Fails
     * only if the write fails: what was stored is what counts.
     */
    public <T> Mono<T> write(String collection, Object id, List<OutboxEntry> pending, Mono<T> write) {
        if (pending.isEmpty()) {
            return write;
        }
        if (!collections.contains(collection)) {
            return Mono.error(new IllegalStateException("no OutboxCollection bean declares " + collection));
        }
        return write.doOnNext(saved -> relay(collection, id, pending)
                // The caller (often a Kafka listener) does not wait for the broker's ack. Key order holds: each relay
                // sends all the document's unpublished entries in order, so an entry never goes out before the ones
                // it follows (duplicates may).
                .onErrorResume(e -> {
                    log.warn("publishing {} {} deferred to its due item: {}", collection, id, e.toString());
                    return retryLater(collection, id);
                })
                .subscribe(null, e -> log.warn("publishing {} {} left to the sweep: {}", collection, id, e.toString())));
    }

    /** A document stored with entries pending, for {@link #writeAll}. */
    public record Written(Object id, List<OutboxEntry> pending) {
    }

    /**
     * {@link #write} for several documents of {@code collection} stored by one bulk {@code write} (a batch of input
     * applied at once): right after it, each document's entries are published in order, the documents side by side,
     * and what the broker acknowledged is removed from all of them in one more bulk write. A document whose entries
     * the broker did not take is left to its own due item, as in {@link #write}.
     */
    public <T> Mono<T> writeAll(String collection, List<Written> documents, Mono<T> write) {
        List<Written> publishing = documents.stream().filter(d -> !d.pending().isEmpty()).toList();
        if (publishing.isEmpty()) {
            return write;
        }
        if (!collections.contains(collection)) {
            return Mono.error(new IllegalStateException("no OutboxCollection bean declares " + collection));
        }
        return write.doOnNext(saved -> Flux.fromIterable(publishing)
                .flatMap(d -> publish(d.pending()).map(ids -> Map.entry(d.id(), ids)).onErrorResume(e -> {
                    log.warn("publishing {} {} deferred to its due item: {}", collection, d.id(), e.toString());
                    return retryLater(collection, d.id()).then(Mono.empty());
                }))
                .collectList()
                .flatMap(published -> removeAll(collection, published))
                .subscribe(null, e -> log.warn("publishing {} of {} left to the sweep: {}", publishing.size(),
                        collection, e.toString())));
    }

    /**
     * Publishes what a document read back still has pending, now: for input applied again (redelivered after a
     * crash, or after a bulk write that fell back to one record at a time) whose first write's relay may not have
     * run. Nothing pending (the usual case): nothing to do. A broker that does not take them leaves them to the due item.
     */
    public Mono<Void> publishPending(String collection, Object id, List<OutboxEntry> pending) {
        if (pending == null || pending.isEmpty()) {
            return Mono.empty();
        }
        return relay(collection, id, pending).onErrorResume(e -> retryLater(collection, id));
    }

    /** Leaves document {@code id} of {@code collection} to its own due item, after the sweep age (then backoff). */
    Mono<Void> retryLater(String collection, Object id) {
        return due.schedule(QUEUE, collection + "/" + id, clock.instant().plus(sweepAge)).then();
    }

    /** Adds {@code entry} to a document's outbox in an update, and keeps {@value #PENDING_SINCE} at the oldest. */
    public static Update push(Update update, OutboxEntry entry) {
        return update.push(FIELD, entry).min(PENDING_SINCE, Date.from(entry.time()));
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
                .flatMap(document -> relay(collection, document.get("_id"), entries(document)))
                .then(Mono.empty());
    }

    /**
     * Publishes {@code pending} in order, then removes from the document what the broker acknowledged: in one write
     * that also unsets {@value #PENDING_SINCE} when those are all the document holds (the usual case), else pulling
     * only them. With nothing pending it only unsets a marker left behind.
     */
    Mono<Void> relay(String collection, Object documentId, List<OutboxEntry> pending) {
        if (pending.isEmpty()) {
            Criteria empty = new Criteria().orOperator(Criteria.where(FIELD).exists(false), Criteria.where(FIELD).size(0));
            return mongo.updateFirst(Query.query(Criteria.where("_id").is(documentId).andOperator(empty)),
                    new Update().unset(PENDING_SINCE), collection).then();
        }
        return publish(pending)
                .flatMap(ids -> mongo.updateFirst(Query.query(Criteria.where("_id").is(documentId)
                                        .and(FIELD).size(ids.size()).and(FIELD + ".eventId").all(ids)),
                                new Update().set(FIELD, List.of()).unset(PENDING_SINCE), collection)
                        .flatMap(emptied -> emptied.getMatchedCount() > 0 ? Mono.empty()
                                : mongo.updateFirst(Query.query(Criteria.where("_id").is(documentId)),
                                new Update().pull(FIELD, Query.query(Criteria.where("eventId").in(ids))), collection)))
                .then();
    }

    /** Publishes {@code pending} in order; answers their event ids once the broker acknowledged them all. */
    private Mono<List<String>> publish(List<OutboxEntry> pending) {
        return Flux.fromIterable(pending)
                .concatMap(entry -> traced(entry, publisher.publishJson(entry.topic(), entry.key(), entry.attributes(),
                        entry.payload().getBytes(StandardCharsets.UTF_8), entry.follows() == null ? Map.of()
                                : Map.of(Replay.FOLLOWS, entry.follows()))).thenReturn(entry.eventId()))
                .collectList();
    }

    /**
     * Removes the published entries from each document, and {@value #PENDING_SINCE} from those left with none, in one
     * ordered bulk write (two updates per document, both by {@code _id}).
     */
    private Mono<Void> removeAll(String collection, List<Map.Entry<Object, List<String>>> published) {
        if (published.isEmpty()) {
            return Mono.empty();
        }
        ReactiveBulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, collection);
        for (Map.Entry<Object, List<String>> document : published) {
            bulk.updateOne(Query.query(Criteria.where("_id").is(document.getKey())),
                    new Update().pull(FIELD, Query.query(Criteria.where("eventId").in(document.getValue()))));
            bulk.updateOne(Query.query(Criteria.where("_id").is(document.getKey()).and(FIELD).size(0)),
                    new Update().unset(PENDING_SINCE));
        }
        return bulk.execute().then();
    }

    /**
     * {@code send} as a child of the trace that created the entry, not of whatever the relaying thread runs in (a
     * sweep, or another document's write): its producer span and the record's {@code traceparent} continue that trace.
     */
    private Mono<Void> traced(OutboxEntry entry, Mono<Void> send) {
        return ContinuedTrace.of(observations, "kefu.outbox.relay", entry.traceparent(), entry.topic(), send);
    }

    static List<OutboxEntry> entries(Document document) {
        return document.getList(FIELD, Document.class, List.of()).stream().map(OutboxRelay::entry).toList();
    }

    /** An entry as stored; one written before entries had a traceparent reads with none. */
    static OutboxEntry entry(Document d) {
        return new OutboxEntry(d.getString("eventId"), d.getString("type"), d.getString("topic"), d.getString("key"),
                d.getString("shopId"), d.getString("source"), d.getDate("time").toInstant(), d.getString("payload"),
                d.getString(Traceparent.HEADER), d.getString("follows"));
    }
}
