package dev.kefu.platform.bulk;

import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.ReactiveBulkOperations;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates collected while input is applied, then written in one ordered bulk write per collection: a poll batch
 * costs a round trip per collection it touches instead of one per update, and a single input the same one round trip
 * it always did. The updates of one collection run in the order they were added; those of different collections are
 * independent of each other (nothing may depend on an order between them).
 */
public final class BulkUpdates {

    private record Op(Query query, Update update, boolean upsert) {
    }

    private final Map<Class<?>, List<Op>> byEntity = new LinkedHashMap<>();

    /** Updates the document {@code query} matches, inserting it when there is none. */
    public BulkUpdates upsert(Class<?> entity, Query query, Update update) {
        return add(entity, new Op(query, update, true));
    }

    /** Updates the first document {@code query} matches, if any. */
    public BulkUpdates updateFirst(Class<?> entity, Query query, Update update) {
        return add(entity, new Op(query, update, false));
    }

    /** Writes what was collected, a collection at a time; completes when all of it is stored. */
    public Mono<Void> write(ReactiveMongoTemplate mongo) {
        return Flux.fromIterable(byEntity.entrySet()).concatMap(entity -> {
            ReactiveBulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, entity.getKey());
            for (Op op : entity.getValue()) {
                if (op.upsert()) {
                    bulk.upsert(op.query(), op.update());
                } else {
                    bulk.updateOne(op.query(), op.update());
                }
            }
            return bulk.execute();
        }).then();
    }

    private BulkUpdates add(Class<?> entity, Op op) {
        byEntity.computeIfAbsent(entity, e -> new ArrayList<>()).add(op);
        return this;
    }
}
