package dev.kefu.platform.outbox;

import dev.kefu.platform.messaging.EventPublisher;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Publishes the {@code outbox} array of aggregate documents to Kafka, in order, then removes what was acknowledged.
 * Services call {@link #publishSoon} right after a write; the periodic sweep catches whatever a crash or a broker outage
 * left behind. Publishing twice is possible (at-least-once); consumers deduplicate on the entry id.
 */
public class OutboxRelay {

    public static final String FIELD = "outbox";
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final ReactiveMongoTemplate mongo;
    private final EventPublisher publisher;
    private final List<OutboxCollection> collections;
    private final Duration sweepAge;

    public OutboxRelay(ReactiveMongoTemplate mongo, EventPublisher publisher, List<OutboxCollection> collections,
                       Duration sweepAge) {
        this.mongo = mongo;
        this.publisher = publisher;
        this.collections = collections;
        this.sweepAge = sweepAge;
    }

    /**
     * Right after a write: publishes the entries the document was just saved with (no read needed) if the broker
     * answers, else leaves them to the sweep. Never fails: what was stored is what counts.
     */
    public Mono<Void> publishSoon(String collection, Object documentId, List<OutboxEntry> pending) {
        return relay(collection, documentId, pending).onErrorResume(e -> {
            log.warn("publishing {} {} deferred to the outbox sweep: {}", collection, documentId, e.toString());
            return Mono.empty();
        });
    }

    /** Relays every document whose oldest pending entry is older than the sweep age. */
    @Scheduled(fixedDelayString = "${kefu.outbox.sweep-interval:PT2S}", initialDelayString = "PT2S")
    public void sweep() {
        Date cutoff = Date.from(Instant.now().minus(sweepAge));
        Flux.fromIterable(collections)
                .concatMap(c -> mongo.find(Query.query(Criteria.where(FIELD + ".0.time").lt(cutoff)).limit(500),
                                Document.class, c.name())
                        // one document that cannot be relayed must not hold back the others
                        .concatMap(document -> relay(c.name(), document.get("_id"), entries(document)).onErrorResume(e -> {
                            log.warn("outbox of {} {} not relayed, will retry: {}", c.name(), document.get("_id"), e.toString());
                            return Mono.empty();
                        }))
                        .onErrorResume(e -> {
                            log.warn("outbox sweep of {} failed, will retry: {}", c.name(), e.toString());
                            return Mono.empty();
                        }))
                .blockLast(Duration.ofMinutes(1));
    }

    /** Publishes {@code pending} in order, then removes from the document what the broker acknowledged. */
    private Mono<Void> relay(String collection, Object documentId, List<OutboxEntry> pending) {
        if (pending.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(pending)
                .concatMap(entry -> publisher.publishJson(entry.topic(), entry.key(), entry.attributes(),
                        entry.payload().getBytes(StandardCharsets.UTF_8)).thenReturn(entry.eventId()))
                .collectList()
                .flatMap(ids -> mongo.updateFirst(Query.query(Criteria.where("_id").is(documentId)),
                        new Update().pull(FIELD, Query.query(Criteria.where("eventId").in(ids))), collection))
                .then();
    }

    private static List<OutboxEntry> entries(Document document) {
        return document.getList(FIELD, Document.class, List.of()).stream().map(OutboxRelay::entry).toList();
    }

    private static OutboxEntry entry(Document d) {
        return new OutboxEntry(d.getString("eventId"), d.getString("type"), d.getString("topic"), d.getString("key"),
                d.getString("shopId"), d.getString("source"), d.getDate("time").toInstant(), d.getString("payload"));
    }
}
