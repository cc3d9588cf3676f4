package dev.kefu.embedded.mongo;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses how a collection answers a query: the server's own unique indexes first (as upstream does, e.g. an
 * {@code _id} lookup), else the {@link SortedIndex} that constrains the most fields, which also serves queries with
 * more fields than it covers; else null, a full scan.
 */
final class QueryPlanner {

    private QueryPlanner() {
    }

    static <P> List<P> candidates(List<Index<P>> indexes, Document query) {
        SortedIndex.Plan<P> best = null;
        for (Index<P> index : indexes) {
            if (index instanceof SortedIndex<P> sorted) {
                SortedIndex.Plan<P> plan = sorted.plan(query);
                if (plan != null && plan.betterThan(best)) {
                    best = plan;
                }
            } else if (index.canHandle(query)) {
                List<P> positions = new ArrayList<>();
                index.getPositions(query).forEach(positions::add);
                return positions;
            }
        }
        return best == null ? null : best.positions();
    }
}
