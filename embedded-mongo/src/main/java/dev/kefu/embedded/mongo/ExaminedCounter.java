package dev.kefu.embedded.mongo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Documents read from storage to answer queries, per collection ("db.collection"): the candidates an index returned,
 * or every document for a full scan. Tests use it to prove a query or a sweep examines only the due items.
 */
public final class ExaminedCounter {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String namespace, long documents) {
        counts.computeIfAbsent(namespace, n -> new LongAdder()).add(documents);
    }

    public long get(String database, String collection) {
        LongAdder count = counts.get(database + "." + collection);
        return count == null ? 0 : count.sum();
    }

    public void reset() {
        counts.values().forEach(LongAdder::reset);
    }
}
