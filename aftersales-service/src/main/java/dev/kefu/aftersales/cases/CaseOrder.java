package dev.kefu.aftersales.cases;

import dev.kefu.platform.web.PageCursor;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;

/**
 * The orders a case list comes in, each ending in the document id so every case has one place, and how a page
 * continues after the last case of the one before ({@link After}, sent to the client as a {@link PageCursor}).
 * Continuing by the last case's sort key rather than an offset keeps a case from being skipped or repeated when
 * cases are added meanwhile; a case that moves (its priority changed) shows where it now is on the next refresh.
 */
enum CaseOrder {

    /** Newest opened first: a buyer's cases, an ended status's. */
    NEWEST("cases-newest", key("state.openedAt", Sort.Direction.DESC, Instant.class, d -> d.state().openedAt())),
    /** The work queue: the most urgent ({@link CasePriority}) first, then the earliest due (none last). */
    QUEUE("cases-queue", key(CaseDocument.PRIORITY, Sort.Direction.DESC, Integer.class, CaseDocument::priority),
            key(CaseDocument.QUEUE_DUE, Sort.Direction.ASC, Instant.class, CaseDocument::queueDue)),
    /** The follow-up visits due: the longest due first. */
    FOLLOW_UP_DUE("cases-follow-up-due",
            key("state.followUp.dueAt", Sort.Direction.ASC, Instant.class, CaseOrder::followUpDue)),
    /** The visits made or answered: the latest due first. */
    FOLLOW_UP_LATEST("cases-follow-up-latest",
            key("state.followUp.dueAt", Sort.Direction.DESC, Instant.class, CaseOrder::followUpDue));

    private static final String ID = "_id";

    private final String list;
    private final List<Key> keys;

    CaseOrder(String list, Key... keys) {
        this.list = list;
        this.keys = List.of(keys);
    }

    Sort sort() {
        Sort sort = Sort.unsorted();
        for (Key key : keys) {
            sort = sort.and(Sort.by(key.direction(), key.field()));
        }
        return sort.and(Sort.by(Sort.Direction.ASC, ID));
    }

    /** Where a page ending with {@code last} ends, as the cursor text of the next page. */
    String cursorAfter(CaseDocument last) {
        List<String> values = new ArrayList<>();
        keys.forEach(key -> values.add(PageCursor.text(key.value().apply(last))));
        values.add(last.id());
        return new PageCursor(list, values).text();
    }

    /** The position a client's cursor names; an {@link IllegalArgumentException} if it is not one of this order. */
    After after(String text) {
        PageCursor cursor = PageCursor.parse(list, keys.size() + 1, text);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            values.add(keys.get(i).type() == Integer.class ? cursor.integer(i) : cursor.instant(i));
        }
        return new After(values, cursor.value(keys.size()));
    }

    /**
     * The cases after {@code after} in this order: beyond it on the first key, or tied there and beyond on the next,
     * ..., or tied on every key with a greater id. A missing value (a document older than its field) is Mongo's
     * lowest: last when descending, first when ascending.
     */
    Criteria casesAfter(After after) {
        List<Criteria> either = new ArrayList<>();
        List<Criteria> tied = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Key key = keys.get(i);
            Object value = stored(after.values().get(i));
            Criteria beyond = key.beyond(value);
            if (beyond != null) {
                either.add(allOf(tied, beyond));
            }
            tied.add(Criteria.where(key.field()).is(value));
        }
        either.add(allOf(tied, Criteria.where(ID).gt(after.id())));
        return new Criteria().orOperator(either);
    }

    /** A position in an order: the sort key's values (Instant or Integer, null for missing) and the document id. */
    record After(List<Object> values, String id) {
    }

    private record Key(String field, Sort.Direction direction, Class<?> type, Function<CaseDocument, Object> value) {

        /** The documents past {@code value} on this key alone; null when none can be (descending past missing). */
        Criteria beyond(Object value) {
            if (direction == Sort.Direction.DESC) {
                return value == null ? null : new Criteria().orOperator(Criteria.where(field).lt(value),
                        Criteria.where(field).is(null));
            }
            return value == null ? Criteria.where(field).ne(null) : Criteria.where(field).gt(value);
        }
    }

    private static Key key(String field, Sort.Direction direction, Class<?> type,
                           Function<CaseDocument, Object> value) {
        return new Key(field, direction, type, value);
    }

    private static Criteria allOf(List<Criteria> tied, Criteria last) {
        if (tied.isEmpty()) {
            return last;
        }
        List<Criteria> all = new ArrayList<>(tied);
        all.add(last);
        return new Criteria().andOperator(all);
    }

    /** Stored instants are BSON dates (milliseconds); compared as such. */
    private static Object stored(Object value) {
        return value instanceof Instant at ? Date.from(at) : value;
    }

    private static Object followUpDue(CaseDocument document) {
        return document.state().followUp() == null ? null : document.state().followUp().dueAt();
    }
}
