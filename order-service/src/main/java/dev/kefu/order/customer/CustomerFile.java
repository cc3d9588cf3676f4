package dev.kefu.order.customer;

import dev.kefu.platform.text.PiiMasker;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A buyer's file (档案) with a shop: what they bought (paid orders, the total spent per currency, the first and the
 * latest order), what agents know of them (tags, notes, special requests such as "no invoice in the parcel") and every
 * change agents made to it (who, when, what). Kept up incrementally: one paid order adds to it once; nothing counts
 * over the orders. Contact data is not kept here at all (texts agents write are masked by the gateway).
 */
public record CustomerFile(String shopId, String buyerId, long paidOrders, Map<String, String> totalSpent,
                           OrderRef firstOrder, OrderRef lastOrder, List<String> tags, List<Entry> notes,
                           List<Entry> specialRequests, List<Change> changes, long changesTotal, Instant updatedAt) {

    /** Limits of what agents write; each is a 400 naming the field when exceeded. */
    public static final int MAX_TAGS = 20;
    public static final int MAX_TAG_LENGTH = 20;
    public static final int MAX_NOTES = 50;
    public static final int MAX_NOTE_LENGTH = 500;
    public static final int MAX_SPECIAL_REQUESTS = 10;
    public static final int MAX_SPECIAL_REQUEST_LENGTH = 200;
    /** The latest changes kept in the file ({@code changesTotal} counts them all). */
    public static final int KEPT_CHANGES = 100;

    /** An order as the file remembers it. */
    public record OrderRef(String orderId, Instant paidAt, String amount, String currency) {
    }

    /** A note or special request, with who wrote it and when. */
    public record Entry(String id, String text, String by, Instant at) {
    }

    /** One change an agent made: {@code field} tags, notes or specialRequests; {@code action} ADDED or REMOVED. */
    public record Change(Instant at, String by, String field, String action, String value) {
    }

    /** What an agent asks to change; any part may be empty. */
    public record Edit(List<String> addTags, List<String> removeTags, List<String> addNotes, List<String> removeNotes,
                       List<String> addSpecialRequests, List<String> removeSpecialRequests) {

        public Edit {
            addTags = orEmpty(addTags);
            removeTags = orEmpty(removeTags);
            addNotes = orEmpty(addNotes);
            removeNotes = orEmpty(removeNotes);
            addSpecialRequests = orEmpty(addSpecialRequests);
            removeSpecialRequests = orEmpty(removeSpecialRequests);
        }

        private static List<String> orEmpty(List<String> list) {
            return list == null ? List.of() : List.copyOf(list);
        }
    }

    /** An edit the file's limits do not allow (more tags, notes or requests than it keeps). */
    public static final class LimitExceeded extends RuntimeException {
        private final String field;

        LimitExceeded(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    public CustomerFile {
        totalSpent = totalSpent == null ? Map.of() : Map.copyOf(totalSpent);
        tags = tags == null ? List.of() : List.copyOf(tags);
        notes = notes == null ? List.of() : List.copyOf(notes);
        specialRequests = specialRequests == null ? List.of() : List.copyOf(specialRequests);
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public static CustomerFile empty(String shopId, String buyerId) {
        return new CustomerFile(shopId, buyerId, 0, Map.of(), null, null, List.of(), List.of(), List.of(), List.of(),
                0, null);
    }

    /** The id of a buyer's file with a shop: {@code shop|buyer}, so reading one is an {@code _id} lookup. */
    public static String idOf(String shopId, String buyerId) {
        return shopId + "|" + buyerId;
    }

    /** One more paid order (the caller makes sure each order is applied once). */
    public CustomerFile paid(String orderId, BigDecimal amount, String currency, Instant paidAt) {
        Map<String, String> spent = new TreeMap<>(totalSpent);
        spent.merge(currency, amount.toPlainString(), (a, b) -> new BigDecimal(a).add(new BigDecimal(b)).toPlainString());
        OrderRef order = new OrderRef(orderId, paidAt, amount.toPlainString(), currency);
        // Orders paid at the same instant are told apart by id, not by which arrived first: the file is then the same
        // whatever order its order-paid events come in (a replay reads partitions in an order of its own).
        OrderRef first = firstOrder == null || earlier(order, firstOrder) ? order : firstOrder;
        OrderRef last = lastOrder == null || earlier(lastOrder, order) ? order : lastOrder;
        return new CustomerFile(shopId, buyerId, paidOrders + 1, spent, first, last, tags, notes, specialRequests,
                changes, changesTotal, updatedAt);
    }

    private static boolean earlier(OrderRef a, OrderRef b) {
        int byTime = a.paidAt().compareTo(b.paidAt());
        return byTime < 0 || byTime == 0 && a.orderId().compareTo(b.orderId()) < 0;
    }

    /**
     * An agent's edit, recorded change by change. Removals first, then additions; adding a tag the file has, or
     * removing what it has not, changes nothing and is not recorded. Texts come checked for length by the caller.
     */
    public CustomerFile edit(Edit edit, String by, Instant at, IdSource ids) {
        List<Change> made = new ArrayList<>();
        LinkedHashSet<String> nextTags = new LinkedHashSet<>(tags);
        for (String tag : edit.removeTags()) {
            if (nextTags.remove(tag)) {
                made.add(new Change(at, by, "tags", "REMOVED", tag));
            }
        }
        for (String tag : edit.addTags()) {
            tag = PiiMasker.maskPhones(tag);
            if (nextTags.add(tag)) {
                made.add(new Change(at, by, "tags", "ADDED", tag));
            }
        }
        if (nextTags.size() > MAX_TAGS) {
            throw new LimitExceeded("addTags", "a file keeps at most " + MAX_TAGS + " tags; remove one first");
        }
        List<Entry> nextNotes = entries(notes, edit.removeNotes(), edit.addNotes(), "notes", by, at, ids, made);
        if (nextNotes.size() > MAX_NOTES) {
            throw new LimitExceeded("addNotes", "a file keeps at most " + MAX_NOTES + " notes; remove one first");
        }
        List<Entry> nextRequests = entries(specialRequests, edit.removeSpecialRequests(), edit.addSpecialRequests(),
                "specialRequests", by, at, ids, made);
        if (nextRequests.size() > MAX_SPECIAL_REQUESTS) {
            throw new LimitExceeded("addSpecialRequests", "a file keeps at most " + MAX_SPECIAL_REQUESTS
                    + " special requests; remove one first");
        }
        if (made.isEmpty()) {
            return this;
        }
        List<Change> log = new ArrayList<>(changes);
        log.addAll(made);
        List<Change> kept = log.size() > KEPT_CHANGES ? log.subList(log.size() - KEPT_CHANGES, log.size()) : log;
        return new CustomerFile(shopId, buyerId, paidOrders, totalSpent, firstOrder, lastOrder,
                List.copyOf(nextTags), nextNotes, nextRequests, kept, changesTotal + made.size(), at);
    }

    /** Ids for new notes and requests. */
    @FunctionalInterface
    public interface IdSource {
        String next();
    }

    private static List<Entry> entries(List<Entry> current, List<String> removeIds, List<String> addTexts,
                                       String field, String by, Instant at, IdSource ids, List<Change> made) {
        List<Entry> next = new ArrayList<>();
        for (Entry e : current) {
            if (removeIds.contains(e.id())) {
                made.add(new Change(at, by, field, "REMOVED", e.text()));
            } else {
                next.add(e);
            }
        }
        for (String written : addTexts) {
            String text = PiiMasker.maskPhones(written); // a file keeps no contact data, whatever an agent types
            next.add(new Entry(ids.next(), text, by, at));
            made.add(new Change(at, by, field, "ADDED", text));
        }
        return List.copyOf(next);
    }
}
