package dev.kefu.platform.due;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveBulkOperations;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Work due at a time, kept in one small collection of its own ({@value #COLLECTION}), so finding what is due never
 * touches the aggregates it is about. One document per queue and key: {@code _id = "<queue>|<key>"}, indexed by
 * {@code (queue, dueAt)}, so the next due items are an index range on a real MongoDB and on the embedded server alike.
 * <ul>
 *   <li>{@link #schedule}: "look at this key no later than T" — the earliest request wins ({@code $min}), and every
 *       scheduling bumps {@code seq}.</li>
 *   <li>{@link #claim}: takes due items with a lease by moving their due time to the lease's end in one
 *       {@code findAndModify}; an instance that dies mid-work leaves the item to come due again when the lease ends.
 *       Replicas race for the same items; the guard "still due" lets exactly one win.</li>
 *   <li>{@link #complete}: removes the item or sets its next due time — unless it was scheduled again meanwhile, in
 *       which case that newer request stands.</li>
 * </ul>
 * Handlers therefore see "at least once, possibly early" and work out from current state what is due.
 */
public class DueWork {

    public static final String COLLECTION = "due_work";

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;
    private final String owner;
    private volatile BiConsumer<String, Instant> onScheduled = (queue, at) -> { };

    public DueWork(ReactiveMongoTemplate mongo, Clock clock, String owner) {
        this.mongo = mongo;
        this.clock = clock;
        this.owner = owner;
    }

    /** The index that serves {@link #claim}; created at start (a no-op when it exists). */
    public Mono<String> ensureIndex() {
        return mongo.indexOps(COLLECTION).createIndex(new Index().on("queue", Sort.Direction.ASC)
                .on("dueAt", Sort.Direction.ASC).named("queue_dueAt"));
    }

    /**
     * Makes sure {@code key} of {@code queue} is looked at no later than {@code at} (an earlier pending request
     * stands). Completes with the scheduling's sequence number, which {@link #cancel} takes.
     */
    public Mono<Long> schedule(String queue, String key, Instant at) {
        return mongo.findAndModify(byId(queue, key), scheduling(queue, key, at),
                        FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, COLLECTION)
                .doOnNext(d -> onScheduled.accept(queue, d.getDate("dueAt").toInstant()))
                .map(d -> ((Number) d.get("seq")).longValue());
    }

    /** A request to look at {@code key} of {@code queue} no later than {@code at} (see {@link #scheduleAll}). */
    public record Due(String queue, String key, Instant at) {
    }

    /**
     * {@link #schedule} for many items in one round trip (a bulk of the same upserts, in order), for work that
     * applies a batch of input at once; it answers no sequence numbers. Completes when all are stored.
     */
    public Mono<Void> scheduleAll(List<Due> items) {
        if (items.isEmpty()) {
            return Mono.empty();
        }
        ReactiveBulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, COLLECTION);
        items.forEach(item -> bulk.upsert(byId(item.queue(), item.key()), scheduling(item.queue(), item.key(), item.at())));
        // The runner wakes for the requested time; an earlier request already stored woke it before.
        return bulk.execute().doOnNext(result -> items.forEach(item -> onScheduled.accept(item.queue(), item.at())))
                .then();
    }

    private static Update scheduling(String queue, String key, Instant at) {
        return new Update().min("dueAt", Date.from(at)).inc("seq", 1)
                .setOnInsert("queue", queue).setOnInsert("key", key).setOnInsert("attempts", 0);
    }

    /** Told of every item scheduled through this instance, with the time it is now due (the runner's wake-up). */
    void onScheduled(BiConsumer<String, Instant> listener) {
        this.onScheduled = listener;
    }

    /**
     * The earliest due time in {@code queue} up to {@code until}, claimed items included (their lease's end): an index
     * range over the items due by then, so far-off items are never read.
     */
    public Mono<Instant> nextDue(String queue, Instant until) {
        Query soonest = dueBy(queue, Date.from(until), 1);
        soonest.fields().include("dueAt");
        return mongo.findOne(soonest, Document.class, COLLECTION).map(d -> d.getDate("dueAt").toInstant());
    }

    /** Withdraws the scheduling {@code seq} returned, unless the key was scheduled again since (then that one stands). */
    public Mono<Boolean> cancel(String queue, String key, long seq) {
        return mongo.remove(Query.query(Criteria.where("_id").is(id(queue, key)).and("seq").is(seq)), COLLECTION)
                .map(result -> result.getDeletedCount() > 0);
    }

    /** The time {@code key} of {@code queue} is next due, if it is scheduled (for tests and diagnostics). */
    public Mono<Instant> dueAt(String queue, String key) {
        return mongo.findOne(byId(queue, key), Document.class, COLLECTION).map(d -> d.getDate("dueAt").toInstant());
    }

    /**
     * Claims up to {@code max} items of {@code queue} that are due now, each for {@code lease}: the query reads only
     * due items (oldest first), and each is taken with a {@code findAndModify} guarded by "still due", so of several
     * replicas exactly one gets it.
     */
    public Flux<DueItem> claim(String queue, int max, Duration lease) {
        Instant claimedAt = clock.instant();
        Date now = Date.from(claimedAt);
        Date leaseEnd = Date.from(claimedAt.plus(lease));
        Query due = dueBy(queue, now, max);
        return mongo.find(due, Document.class, COLLECTION)
                .concatMap(candidate -> mongo.findAndModify(
                                // still due: a claim moved it past now, so of racing replicas exactly one matches
                                Query.query(Criteria.where("_id").is(candidate.get("_id")).and("dueAt").lte(now)),
                                new Update().set("dueAt", leaseEnd).set("claimedBy", owner).inc("attempts", 1),
                                FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION)
                        .map(claimed -> new DueItem(queue, claimed.getString("key"),
                                candidate.getDate("dueAt").toInstant(), ((Number) claimed.get("seq")).longValue(),
                                ((Number) claimed.get("attempts")).intValue())));
    }

    /**
     * Ends a claim: with {@code next == null} the item is removed, else it comes due again at {@code next}. If the key
     * was scheduled during the claim, that request stands (and {@code next} too, whichever is earlier).
     */
    public Mono<Void> complete(DueItem item, Instant next) {
        Query claimed = Query.query(Criteria.where("_id").is(id(item.queue(), item.key())).and("seq").is(item.seq()));
        if (next == null) {
            return mongo.remove(claimed, COLLECTION).then();
        }
        return mongo.updateFirst(claimed, new Update().set("dueAt", Date.from(next)).set("attempts", 0)
                        .unset("claimedBy"), COLLECTION)
                .flatMap(result -> result.getMatchedCount() > 0 ? Mono.empty()
                        : mongo.updateFirst(byId(item.queue(), item.key()), new Update().min("dueAt", Date.from(next)),
                        COLLECTION))
                .then();
    }

    /** A failed attempt: due again at {@code retryAt}, unless it was scheduled again meanwhile (then that stands). */
    public Mono<Void> retry(DueItem item, Instant retryAt) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(id(item.queue(), item.key())).and("seq").is(item.seq())),
                new Update().set("dueAt", Date.from(retryAt)).unset("claimedBy"), COLLECTION).then();
    }

    /** The first {@code max} items of {@code queue} due by {@code until}, soonest first: a range of the claim's index. */
    private static Query dueBy(String queue, Date until, int max) {
        return Query.query(Criteria.where("queue").is(queue).and("dueAt").lte(until))
                .with(Sort.by(Sort.Direction.ASC, "dueAt")).limit(max);
    }

    private static Query byId(String queue, String key) {
        return Query.query(Criteria.where("_id").is(id(queue, key)));
    }

    static String id(String queue, String key) {
        return queue + "|" + key;
    }
}
