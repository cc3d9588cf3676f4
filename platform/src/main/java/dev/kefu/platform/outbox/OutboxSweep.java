package dev.kefu.platform.outbox;

import dev.kefu.platform.due.DueHandler;
import dev.kefu.platform.due.DueItem;
import dev.kefu.platform.due.DueWork;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes what an instance that died between a write and its relay left pending: per outbox collection, one due
 * item ({@value #QUEUE} queue, key = the collection) that every replica shares, worked every sweep interval. A sweep
 * reads the documents whose {@value OutboxRelay#PENDING_SINCE} is older than the sweep age, through a sparse index on
 * it (only documents with entries pending are in it, on a real MongoDB as on the embedded server), oldest first, at
 * most {@value #BATCH} at a time. With nothing pending a sweep reads no document.
 */
public class OutboxSweep implements DueHandler, SmartLifecycle {

    public static final String QUEUE = "outbox-sweep";
    static final int BATCH = 100;
    private static final Logger log = LoggerFactory.getLogger(OutboxSweep.class);

    private final ReactiveMongoTemplate mongo;
    private final OutboxRelay relay;
    private final List<String> collections;
    private final DueWork due;
    private final Clock clock;
    private final Duration sweepAge;
    private final Duration interval;
    private final Set<String> indexed = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    public OutboxSweep(ReactiveMongoTemplate mongo, OutboxRelay relay, List<OutboxCollection> collections, DueWork due,
                       Clock clock, Duration sweepAge, Duration interval) {
        this.mongo = mongo;
        this.relay = relay;
        this.collections = collections.stream().map(OutboxCollection::name).distinct().toList();
        this.due = due;
        this.clock = clock;
        this.sweepAge = sweepAge;
        this.interval = interval;
    }

    /**
     * Schedules each collection's sweep (the earliest request stands, so replicas starting together share one); if
     * the database does not answer yet, again and again in the background until it does.
     */
    @Override
    public void start() {
        running = true;
        Flux.fromIterable(collections)
                .concatMap(collection -> due.schedule(QUEUE, collection, clock.instant().plus(interval)))
                .then()
                .doOnError(e -> log.warn("could not schedule the outbox sweeps yet, trying again: {}", e.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .filter(e -> running))
                .subscribe(null, e -> log.warn("the outbox sweeps are not scheduled: {}", e.toString()));
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    /** One sweep of one collection; due again after the interval, or at once when a full batch came. */
    @Override
    public Mono<Instant> handle(DueItem item) {
        String collection = item.key();
        Query pending = Query.query(Criteria.where(OutboxRelay.PENDING_SINCE)
                        .lte(Date.from(clock.instant().minus(sweepAge))))
                .with(Sort.by(Sort.Direction.ASC, OutboxRelay.PENDING_SINCE)).limit(BATCH);
        return ensureIndex(collection)
                .thenMany(mongo.find(pending, Document.class, collection))
                .concatMap(document -> sweep(collection, document).thenReturn(1))
                .count()
                .map(swept -> swept >= BATCH ? clock.instant() : clock.instant().plus(interval));
    }

    /**
     * Publishes one document's pending entries. A document that fails (its entries refused, its outbox unreadable)
     * does not hold up the others behind it: it gets its own due item, retried with backoff.
     */
    private Mono<Void> sweep(String collection, Document document) {
        Object id = document.get("_id");
        return Mono.defer(() -> relay.relay(collection, id, OutboxRelay.entries(document)))
                .onErrorResume(e -> {
                    log.warn("sweeping {} {} failed, left to its own due item: {}", collection, id, e.toString());
                    return relay.retryLater(collection, id).onErrorResume(f -> Mono.empty());
                });
    }

    /**
     * The sparse index the sweep reads through; created once per collection and instance (a no-op when it exists).
     * If it cannot be created the sweep reads anyway (a scan: slower, still right) and tries again next time.
     */
    private Mono<Void> ensureIndex(String collection) {
        if (indexed.contains(collection)) {
            return Mono.empty();
        }
        return mongo.indexOps(collection)
                .createIndex(new Index().on(OutboxRelay.PENDING_SINCE, Sort.Direction.ASC).sparse()
                        .named(OutboxRelay.PENDING_SINCE))
                .doOnSuccess(name -> indexed.add(collection))
                .onErrorResume(e -> {
                    log.warn("could not create the outbox sweep's index on {} (sweeping without it): {}", collection,
                            e.toString());
                    return Mono.empty();
                })
                .then();
    }
}
