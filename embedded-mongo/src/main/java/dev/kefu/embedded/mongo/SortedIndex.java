package dev.kefu.embedded.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A non-unique, possibly compound secondary index for mongo-java-server: a sorted map from (key values…, _id) to the
 * document's storage position.
 *
 * <p>It answers queries that constrain a prefix of its fields: equality ({@code v}, {@code $eq}, {@code $in}) on all
 * but the last used field, and equality or a range ({@code $gt}, {@code $gte}, {@code $lt}, {@code $lte}) on the last.
 * The positions it returns are a superset of the matches: the collection still runs the full query on every candidate,
 * so fields the index does not cover (and conditions it cannot use) are filtered there, and an answer is never wrong.
 *
 * <p>Arrays are indexed like MongoDB's multikey indexes: one entry per element. Ranges are not served from an index that
 * holds any array-valued document (a range may be met by different elements), those queries fall back. Missing fields
 * index as null. Documents whose values are not ordered (see {@link IndexValues}) are kept aside and offered to every
 * query. {@code sparse} is accepted and ignored: every document is indexed, which only adds candidates.
 *
 * <p>Entries live in memory on every backend; on a persistent backend the index is rebuilt from the stored documents
 * when the collection is opened.
 */
public final class SortedIndex<P> extends Index<P> {

    private static final int MAX_LOOKUPS = 1_000;

    private final List<String> paths;
    private final KeyOrder order;
    private final ConcurrentSkipListMap<Object[], P> entries;
    private final ConcurrentSkipListMap<Object, P> unordered = new ConcurrentSkipListMap<>(ValueComparator.asc());
    private final AtomicInteger multikeyDocuments = new AtomicInteger();

    public SortedIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.paths = keys.stream().map(IndexKey::getKey).toList();
        this.order = new KeyOrder(paths.size());
        this.entries = new ConcurrentSkipListMap<>(order);
    }

    List<String> paths() {
        return paths;
    }

    private record DocumentKeys(List<Object[]> entries, boolean multikey, Object id) {
        boolean ordered() {
            return entries != null;
        }
    }

    private DocumentKeys keysOf(Document document) {
        Object id = document.get("_id");
        boolean[] multikey = {false};
        List<Object[]> tuples = IndexValues.tuples(document, paths, multikey);
        if (tuples == null) {
            return new DocumentKeys(null, false, id);
        }
        List<Object[]> keyed = new ArrayList<>(tuples.size());
        for (Object[] tuple : tuples) {
            Object[] entry = Arrays.copyOf(tuple, tuple.length + 1);
            entry[tuple.length] = id;
            keyed.add(entry);
        }
        return new DocumentKeys(keyed, multikey[0], id);
    }

    @Override
    public P getPosition(Document document) {
        DocumentKeys keys = keysOf(document);
        return keys.ordered() ? entries.get(keys.entries().get(0)) : unordered.get(keys.id());
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // not unique: nothing to check
    }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
        add(keysOf(document), position);
    }

    private void add(DocumentKeys keys, P position) {
        if (!keys.ordered()) {
            unordered.put(keys.id(), position);
            return;
        }
        for (Object[] entry : keys.entries()) {
            entries.put(entry, position);
        }
        if (keys.multikey()) {
            multikeyDocuments.incrementAndGet();
        }
    }

    @Override
    public P remove(Document document) {
        return remove(keysOf(document));
    }

    private P remove(DocumentKeys keys) {
        if (!keys.ordered()) {
            return unordered.remove(keys.id());
        }
        P position = null;
        for (Object[] entry : keys.entries()) {
            P removed = entries.remove(entry);
            position = removed != null ? removed : position;
        }
        if (keys.multikey() && position != null) {
            multikeyDocuments.decrementAndGet();
        }
        return position;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        // not unique: nothing to check
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection) {
        DocumentKeys before = keysOf(oldDocument);
        DocumentKeys after = keysOf(newDocument);
        if (sameEntries(before, after)) {
            return;
        }
        remove(before);
        add(after, position);
    }

    private boolean sameEntries(DocumentKeys a, DocumentKeys b) {
        if (a.ordered() != b.ordered()) {
            return false;
        }
        if (!a.ordered()) {
            return ValueComparator.asc().compare(a.id(), b.id()) == 0;
        }
        if (a.entries().size() != b.entries().size() || a.multikey() != b.multikey()) {
            return false;
        }
        for (int i = 0; i < a.entries().size(); i++) {
            if (order.compare(a.entries().get(i), b.entries().get(i)) != 0) {
                return false;
            }
        }
        return true;
    }

    /** How well this index serves a query, and the positions it would read; null if it cannot serve it. */
    Plan<P> plan(Document query) {
        List<Condition.Equal> equalities = new ArrayList<>();
        Condition.Range range = null;
        for (String path : paths) {
            Condition condition = query.containsKey(path) ? Condition.parse(query.get(path)) : null;
            if (condition instanceof Condition.Equal equal) {
                equalities.add(equal);
                continue;
            }
            if (condition instanceof Condition.Range r && multikeyDocuments.get() == 0) {
                range = r;
            }
            break;
        }
        if (equalities.isEmpty() && range == null) {
            return null;
        }
        List<Object[]> prefixes = prefixes(equalities);
        if (prefixes == null) {
            return null;
        }
        return new Plan<>(this, prefixes, range, equalities.size() + (range != null ? 1 : 0), range == null);
    }

    /** The cartesian product of the equality values, or null if there are too many lookups. */
    private static List<Object[]> prefixes(List<Condition.Equal> equalities) {
        List<Object[]> prefixes = new ArrayList<>();
        prefixes.add(new Object[0]);
        for (Condition.Equal equal : equalities) {
            List<Object[]> next = new ArrayList<>();
            for (Object[] prefix : prefixes) {
                for (Object value : equal.values()) {
                    Object[] longer = Arrays.copyOf(prefix, prefix.length + 1);
                    longer[prefix.length] = value;
                    next.add(longer);
                }
            }
            if (next.size() > MAX_LOOKUPS) {
                return null;
            }
            prefixes = next;
        }
        return prefixes;
    }

    /** The positions for a plan: entries in the planned intervals, then the unordered documents. */
    private List<P> positions(List<Object[]> prefixes, Condition.Range range) {
        Set<P> positions = new LinkedHashSet<>();
        if (range == null || !range.empty()) {
            for (Object[] prefix : prefixes) {
                Object[] low = range == null ? append(prefix, KeyOrder.Edge.LOW) : lowerBound(prefix, range);
                Object[] high = range == null ? append(prefix, KeyOrder.Edge.HIGH) : upperBound(prefix, range);
                if (order.compare(low, high) < 0) {
                    positions.addAll(entries.subMap(low, true, high, true).values());
                }
            }
        }
        positions.addAll(unordered.values());
        return new ArrayList<>(positions);
    }

    private static Object[] lowerBound(Object[] prefix, Condition.Range range) {
        if (range.lower() == null) {
            return append(prefix, new KeyOrder.TypeEdge(range.rank(), false));
        }
        return append(append(prefix, range.lower()), range.lowerInclusive() ? KeyOrder.Edge.LOW : KeyOrder.Edge.HIGH);
    }

    private static Object[] upperBound(Object[] prefix, Condition.Range range) {
        if (range.upper() == null) {
            return append(prefix, new KeyOrder.TypeEdge(range.rank(), true));
        }
        return append(append(prefix, range.upper()), range.upperInclusive() ? KeyOrder.Edge.HIGH : KeyOrder.Edge.LOW);
    }

    private static Object[] append(Object[] tuple, Object value) {
        Object[] longer = Arrays.copyOf(tuple, tuple.length + 1);
        longer[tuple.length] = value;
        return longer;
    }

    /**
     * A way to answer a query from this index. {@code fields} is how many of the index's fields it constrains; more
     * is more selective, and a final equality beats a final range.
     */
    record Plan<P>(SortedIndex<P> index, List<Object[]> prefixes, Condition.Range range, int fields,
                   boolean equalityOnly) {

        List<P> positions() {
            return index.positions(prefixes, range);
        }

        boolean betterThan(Plan<?> other) {
            if (other == null) {
                return true;
            }
            if (fields != other.fields) {
                return fields > other.fields;
            }
            if (equalityOnly != other.equalityOnly) {
                return equalityOnly;
            }
            return index.paths.size() < other.index.paths.size(); // fewer extra fields: denser entries
        }
    }

    /** For the server's own planner: used only when the query's fields are exactly this index's fields. */
    @Override
    public boolean canHandle(Document query) {
        return query.keySet().equals(Set.copyOf(paths)) && plan(query) != null;
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        return plan(query).positions();
    }

    @Override
    public long getCount() {
        return entries.size() + unordered.size();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty() && unordered.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void drop() {
        entries.clear();
        unordered.clear();
        multikeyDocuments.set(0);
    }
}
