package dev.kefu.embedded.mongo;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses how a collection answers a query: a unique index of the server's own (e.g. {@code _id}) whose fields the
 * query fixes, else the {@link SortedIndex} that constrains the most fields; else null, a full scan.
 *
 * <p>The top-level fields of a query, and those of a top-level {@code $and}, must all hold, so an index may be chosen
 * on any of them: the collection runs the whole query on every candidate afterwards. That is how
 * {@code {_id: x, version: 3}} is one lookup, and {@code {shopId, buyerId, status}} uses an index on (shopId, buyerId);
 * upstream's planner uses an index only when the query's fields are exactly its keys.
 */
final class QueryPlanner {

    private QueryPlanner() {
    }

    static <P> List<P> candidates(List<Index<P>> indexes, Document query) {
        Document fields = conjuncts(query);
        SortedIndex.Plan<P> best = null;
        for (Index<P> index : indexes) {
            if (index instanceof SortedIndex<P> sorted) {
                SortedIndex.Plan<P> plan = sorted.plan(fields);
                if (plan != null && plan.betterThan(best)) {
                    best = plan;
                }
                continue;
            }
            Document keyed = onKeys(fields, index.getKeys());
            if (keyed != null && index.canHandle(keyed)) {
                List<P> positions = new ArrayList<>();
                index.getPositions(keyed).forEach(positions::add);
                return positions;
            }
        }
        return best == null ? null : best.positions();
    }

    /** The query's fields that must all hold: its own and those of a top-level $and, first condition per field. */
    static Document conjuncts(Document query) {
        if (!query.containsKey("$and")) {
            return query;
        }
        Document fields = new Document();
        addConjuncts(query, fields);
        return fields;
    }

    private static void addConjuncts(Document query, Document fields) {
        query.forEach((key, value) -> {
            if (key.equals("$and") && value instanceof List<?> terms) {
                for (Object term : terms) {
                    if (term instanceof Document d) {
                        addConjuncts(d, fields);
                    }
                }
            } else if (!key.startsWith("$") && !fields.containsKey(key)) {
                fields.put(key, value);
            }
        });
    }

    /** The query restricted to the index's fields if it has them all, else null. */
    private static Document onKeys(Document fields, List<IndexKey> keys) {
        Document keyed = new Document();
        for (IndexKey key : keys) {
            if (!fields.containsKey(key.getKey())) {
                return null;
            }
            keyed.put(key.getKey(), fields.get(key.getKey()));
        }
        return keyed;
    }
}
