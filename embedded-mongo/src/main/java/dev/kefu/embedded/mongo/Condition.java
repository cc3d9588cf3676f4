package dev.kefu.embedded.mongo;

import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * What a query asks of one indexed field, in the forms a {@link SortedIndex} can answer: equality with one or more
 * ordered values ({@code v}, {@code $eq}, {@code $in}) or a range ({@code $gt}, {@code $gte}, {@code $lt},
 * {@code $lte}). Anything else (regex, {@code $ne}, {@code $exists}, arrays, sub-documents…) is not a condition the
 * index uses; the field may still be filtered by the matcher.
 */
sealed interface Condition {

    Set<String> RANGE_OPERATORS = Set.of("$gt", "$gte", "$lt", "$lte");

    /** Equal to any of the values (normalized, may include null). Empty: matches nothing. */
    record Equal(List<Object> values) implements Condition {
    }

    /**
     * Between the bounds, within one type rank (the matcher compares only values of the same type); a missing bound
     * is the edge of the type. {@code empty} when the bounds cannot both hold.
     */
    record Range(Object lower, boolean lowerInclusive, Object upper, boolean upperInclusive, int rank,
                 boolean empty) implements Condition {
    }

    /** The condition a query value puts on a field, or null if the index cannot use it. */
    static Condition parse(Object queryValue) {
        if (queryValue instanceof Collection) {
            return null; // equality with a whole array
        }
        if (!(queryValue instanceof Document operators)) {
            return equal(Collections.singletonList(queryValue));
        }
        if (operators.isEmpty() || !operators.keySet().stream().allMatch(k -> k.equals("$eq") || k.equals("$in")
                || RANGE_OPERATORS.contains(k))) {
            return null;
        }
        if (operators.containsKey("$eq")) {
            Object value = operators.get("$eq");
            return value instanceof Document || value instanceof Collection ? null
                    : equal(Collections.singletonList(value));
        }
        if (operators.containsKey("$in")) {
            return operators.get("$in") instanceof Collection<?> values ? equal(values) : null;
        }
        return range(operators);
    }

    private static Condition equal(Collection<?> values) {
        List<Object> normalized = new ArrayList<>(values.size());
        for (Object value : values) {
            if (value instanceof Collection || value instanceof Document) {
                return null;
            }
            Object n = IndexValues.normalize(value);
            if (n == IndexValues.UNORDERED) {
                return null;
            }
            normalized.add(n);
        }
        return new Equal(normalized);
    }

    private static Condition range(Document operators) {
        Object lower = null;
        Object upper = null;
        boolean lowerInclusive = false;
        boolean upperInclusive = false;
        Integer rank = null;
        boolean empty = false;
        for (var op : operators.entrySet()) {
            Object value = IndexValues.normalize(op.getValue());
            if (value == null || value == IndexValues.UNORDERED || op.getValue() instanceof Collection) {
                return null; // null, arrays, sub-documents, MinKey…: the matcher's own rules
            }
            int r = IndexValues.rank(value);
            if (rank != null && rank != r) {
                empty = true; // e.g. {$gt: 5, $lt: "x"}: no value is both a number and a string
            }
            rank = r;
            boolean inclusive = op.getKey().endsWith("e");
            if (op.getKey().startsWith("$g")) {
                int c = lower == null ? 1 : KeyOrder.compareValues(value, lower);
                if (c > 0 || (c == 0 && !inclusive)) {
                    lower = value;
                    lowerInclusive = inclusive;
                }
            } else {
                int c = upper == null ? -1 : KeyOrder.compareValues(value, upper);
                if (c < 0 || (c == 0 && !inclusive)) {
                    upper = value;
                    upperInclusive = inclusive;
                }
            }
        }
        return new Range(lower, lowerInclusive, upper, upperInclusive, rank, empty);
    }
}
