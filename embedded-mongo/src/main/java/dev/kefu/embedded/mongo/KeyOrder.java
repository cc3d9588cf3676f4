package dev.kefu.embedded.mongo;

import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.ObjectId;

import java.time.Instant;
import java.util.Comparator;

/**
 * The order of a {@link SortedIndex}'s entries: tuples of ordered key values (see {@link IndexValues}) followed by the
 * document's {@code _id}. Key values compare by type rank first, then like the server's ValueComparator within a
 * type. Bound tuples used for lookups may end in a sentinel: {@link Edge#LOW}/{@link Edge#HIGH} sort before/after
 * everything, a {@link TypeEdge} before/after every value of one type rank.
 */
final class KeyOrder implements Comparator<Object[]> {

    enum Edge { LOW, HIGH }

    /** Before ({@code high=false}) or after all values of one type rank: type bracketing for one-sided ranges. */
    record TypeEdge(int rank, boolean high) {
    }

    private final int keyCount;

    KeyOrder(int keyCount) {
        this.keyCount = keyCount;
    }

    @Override
    public int compare(Object[] a, Object[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int c = i < keyCount ? compareValues(a[i], b[i]) : compareIds(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    private static int compareIds(Object a, Object b) {
        Integer edge = compareEdges(a, b);
        return edge != null ? edge : ValueComparator.asc().compare(a, b);
    }

    static int compareValues(Object a, Object b) {
        Integer edge = compareEdges(a, b);
        if (edge != null) {
            return edge;
        }
        if (a instanceof TypeEdge ta) {
            return b instanceof TypeEdge tb ? compareTypeEdges(ta, tb) : againstValue(ta, b);
        }
        if (b instanceof TypeEdge tb) {
            return -againstValue(tb, a);
        }
        int ra = IndexValues.rank(a);
        int rb = IndexValues.rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (ra) {
            case 0 -> 0;
            case 1 -> Double.compare((Double) a, (Double) b);
            case 2 -> ((String) a).compareTo((String) b);
            case 3 -> ((ObjectId) a).compareTo((ObjectId) b);
            case 4 -> Boolean.compare((Boolean) a, (Boolean) b);
            case 5 -> ((Instant) a).compareTo((Instant) b);
            default -> a.toString().compareTo(b.toString()); // UUID: ValueComparator compares their strings
        };
    }

    private static Integer compareEdges(Object a, Object b) {
        if (a == b) {
            return a instanceof Edge ? 0 : null;
        }
        if (a == Edge.LOW || b == Edge.HIGH) {
            return -1;
        }
        if (a == Edge.HIGH || b == Edge.LOW) {
            return 1;
        }
        return null;
    }

    private static int compareTypeEdges(TypeEdge a, TypeEdge b) {
        int c = Integer.compare(a.rank(), b.rank());
        return c != 0 ? c : Boolean.compare(a.high(), b.high());
    }

    private static int againstValue(TypeEdge edge, Object value) {
        int c = Integer.compare(edge.rank(), IndexValues.rank(value));
        return c != 0 ? c : (edge.high() ? 1 : -1);
    }
}
