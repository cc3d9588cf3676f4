package dev.kefu.embedded.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which values a {@link SortedIndex} keeps in order, and how it reads them from a document.
 *
 * <p>Only scalars whose order and equality agree with the server's own matcher are ordered: null (also standing for a
 * missing field), numbers (as doubles), strings, ObjectIds, booleans, dates and UUIDs. A document whose indexed value is
 * anything else (a sub-document, a nested or empty array, Decimal128, a long beyond double precision, an array in the
 * middle of a dotted path) is "unordered": the index keeps it aside and offers it to every query, so the matcher decides.
 */
final class IndexValues {

    /** Marks a value the index does not order. */
    static final Object UNORDERED = new Object() {
        @Override
        public String toString() {
            return "UNORDERED";
        }
    };

    private static final int MAX_TUPLES = 64;

    private IndexValues() {
    }

    /** The rank of an ordered value's type; values of different ranks never match a range together. */
    static int rank(Object value) {
        if (value == null) {
            return 0;
        } else if (value instanceof Double) {
            return 1;
        } else if (value instanceof String) {
            return 2;
        } else if (value instanceof ObjectId) {
            return 3;
        } else if (value instanceof Boolean) {
            return 4;
        } else if (value instanceof Instant) {
            return 5;
        } else if (value instanceof UUID) {
            return 6;
        }
        throw new IllegalArgumentException("not an ordered value: " + value);
    }

    /** The ordered form of a scalar (numbers become doubles), or {@link #UNORDERED}. */
    static Object normalize(Object value) {
        if (value == null || isMissing(value)) {
            return null;
        } else if (value instanceof Double d) {
            return d == -0.0 ? 0.0 : d; // -0.0 == 0.0 for the matcher
        } else if (value instanceof Integer i) {
            return i.doubleValue();
        } else if (value instanceof Long l) {
            return (long) l.doubleValue() == l ? Double.valueOf(l.doubleValue()) : UNORDERED;
        } else if (value instanceof String || value instanceof ObjectId || value instanceof Boolean
                || value instanceof Instant || value instanceof UUID) {
            return value;
        }
        return UNORDERED;
    }

    static boolean isMissing(Object value) {
        return value instanceof de.bwaldvogel.mongo.backend.Missing;
    }

    /**
     * The key tuples of a document for the index paths (one per combination of array elements), or null if the
     * document is unordered. {@code multikey[0]} is set when an array was expanded.
     */
    static List<Object[]> tuples(Document document, List<String> paths, boolean[] multikey) {
        List<List<Object>> perPath = new ArrayList<>(paths.size());
        int combinations = 1;
        for (String path : paths) {
            List<Object> values = values(document, path, multikey);
            if (values == null) {
                return null;
            }
            combinations *= values.size();
            if (combinations > MAX_TUPLES) {
                return null;
            }
            perPath.add(values);
        }
        List<Object[]> tuples = new ArrayList<>(combinations);
        tuples.add(new Object[paths.size()]);
        for (int i = 0; i < paths.size(); i++) {
            List<Object[]> next = new ArrayList<>(combinations);
            for (Object[] tuple : tuples) {
                for (Object value : perPath.get(i)) {
                    Object[] copy = tuple.clone();
                    copy[i] = value;
                    next.add(copy);
                }
            }
            tuples = next;
        }
        return tuples;
    }

    private static List<Object> values(Document document, String path, boolean[] multikey) {
        Object value = document;
        for (String segment : path.split("\\.")) {
            if (value instanceof Document d) {
                value = d.get(segment);
            } else if (value instanceof Collection) {
                return null; // an array mid-path: positional and per-element semantics, leave to the matcher
            } else {
                value = null; // a scalar or nothing mid-path: the field is missing
            }
        }
        if (value instanceof Collection<?> elements) {
            if (elements.isEmpty()) {
                return null;
            }
            Set<Object> normalized = new LinkedHashSet<>();
            for (Object element : elements) {
                if (element instanceof Collection || element instanceof Document) {
                    return null;
                }
                Object n = normalize(element);
                if (n == UNORDERED) {
                    return null;
                }
                normalized.add(n);
            }
            multikey[0] = true;
            return new ArrayList<>(normalized);
        }
        Object n = normalize(value);
        if (n == UNORDERED) {
            return null;
        }
        List<Object> single = new ArrayList<>(1);
        single.add(n);
        return single;
    }
}
