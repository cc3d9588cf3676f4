package dev.kefu.gateway.composite;

import dev.kefu.platform.shop.ShopSettings;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's work queue, ranked: what the services list as waiting (buyers awaiting a reply, open cases, follow-up
 * visits due, bad reviews without follow-up, delayed shipments) becomes one list of items, each with a priority and the
 * reasons for it, in one stable order (priority, then the earliest due, then the longest waiting). Pure: the same
 * lists and clock give the same page, which is what makes the cursor work.
 */
final class Inbox {

    /** What an item is about; its {@code ref} is the id of that thing. */
    enum Kind {
        /** A buyer waits for a person's reply; ref = buyerId. */
        AWAITING_REPLY,
        /** An after-sales case not resolved or rejected; ref = caseId. */
        CASE,
        /** A resolved case's follow-up visit (回访) is due; ref = caseId. */
        FOLLOW_UP_VISIT,
        /** A bad review nobody has followed up yet; ref = reviewId. */
        BAD_REVIEW,
        /** A paid order whose shipment is reported late; ref = orderId. */
        DELAYED_SHIPMENT,
        /** A buyer with a delay, an open case and a bad review at once; ref = buyerId. */
        AT_RISK
    }

    /** Which items by who is assigned: the caller's, nobody's, or all. */
    enum Assignee { ME, UNASSIGNED, ANY }

    record Item(Kind kind, String buyerId, String ref, int priority, List<String> reasons, Instant since, Instant due,
                String assignee, String summary) {
    }

    /**
     * The services' lists the queue is made from (a missing part is an empty list), and when the shop counts a buyer
     * as returning.
     */
    record Sources(List<JsonNode> awaiting, List<JsonNode> cases, List<JsonNode> visitsDue, List<JsonNode> badReviews,
                   List<JsonNode> delayedOrders, ShopSettings.Returning returning) {
    }

    record Filter(Assignee assignee, String agentId, Set<Kind> kinds) {

        boolean admits(Item item) {
            boolean who = switch (assignee) {
                case ME -> agentId.equals(item.assignee());
                case UNASSIGNED -> item.assignee() == null;
                case ANY -> true;
            };
            return who && (kinds.isEmpty() || kinds.contains(item.kind()));
        }
    }

    record Page(List<Item> items, InboxCursor next, Map<Kind, Integer> counts) {
    }

    static final int MAX_PRIORITY = 100;
    /** aftersales-service's id of the REVIEW_RECOVERY case it opens for a review: this prefix and the review id. */
    static final String RECOVERY_CASE_PREFIX = "RR-";
    /** A person's reply due within this is "due soon"; a case's resolution within {@link #RESOLUTION_SOON}. */
    static final Duration RESPONSE_SOON = Duration.ofSeconds(60);
    static final Duration RESOLUTION_SOON = Duration.ofHours(2);

    /** Highest priority first; then the earliest due (items without one after); then the longest waiting. */
    static final Comparator<Item> ORDER = Comparator.comparingInt(Item::priority).reversed()
            .thenComparing(Item::due, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Item::since, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Item::kind)
            .thenComparing(Item::ref);

    private Inbox() {
    }

    /** The page of at most {@code limit} items after {@code after} (null: the first), and per-kind counts. */
    static Page page(Sources sources, Filter filter, InboxCursor after, int limit, Instant now) {
        List<Item> all = items(sources, now).stream().filter(filter::admits).sorted(ORDER).toList();
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        all.forEach(item -> counts.merge(item.kind(), 1, Integer::sum));
        List<Item> rest = after == null ? all : all.stream().filter(after::isBefore).toList();
        List<Item> page = rest.subList(0, Math.min(limit, rest.size()));
        InboxCursor next = rest.size() > limit ? InboxCursor.after(page.get(page.size() - 1)) : null;
        return new Page(page, next, counts);
    }

    static List<Item> items(Sources sources, Instant now) {
        List<Item> items = new ArrayList<>();
        sources.awaiting().forEach(c -> items.add(awaiting(c, now, sources.returning())));
        sources.cases().forEach(c -> items.add(openCase(c, now)));
        sources.visitsDue().forEach(c -> items.add(visit(c)));
        // A bad review Kefu opened a recovery case for (RR-<reviewId>) is worked as that case: one item, not two.
        Set<String> recovering = new HashSet<>();
        sources.cases().forEach(c -> recovering.add(text(c, "caseId")));
        sources.badReviews().stream().filter(r -> !recovering.contains(RECOVERY_CASE_PREFIX + text(r, "reviewId")))
                .forEach(r -> items.add(badReview(r)));
        sources.delayedOrders().forEach(o -> items.add(delayed(o)));
        items.addAll(atRisk(sources));
        return items;
    }

    private static Item awaiting(JsonNode c, Instant now, ShopSettings.Returning returning) {
        Priority p = new Priority(50);
        Instant due = instant(c, "responseDue");
        Instant since = instant(c, "awaitingReplySince");
        if (instant(c, "responseBreachedAt") != null || (due != null && !due.isAfter(now))) {
            p.add(40, "response-target-missed");
        } else if (due != null && Duration.between(now, due).compareTo(RESPONSE_SOON) <= 0) {
            p.add(15, "response-due-soon");
        }
        if (c.path("needsAttention").asBoolean(false)) {
            p.add(10, "complaint-or-threat-words");
        }
        if ("NEGATIVE".equals(text(c, "buyerMood"))) {
            p.add(10, "buyer-upset");
        }
        if (returning.recognises(c.path("paidOrders").asLong(0))) {
            p.add(5, "returning-customer"); // a regular (老顾客) is recognised and offered the shop's benefit
        }
        return new Item(Kind.AWAITING_REPLY, text(c, "buyerId"), text(c, "buyerId"), p.value(), p.reasons(), since,
                due, text(c, "assignee"), null);
    }

    private static Item openCase(JsonNode c, Instant now) {
        String status = text(c, "status");
        Priority p = new Priority(35);
        if ("ESCALATED".equals(status)) {
            p.add(10, "escalated");
        } else if ("WAITING_FOR_APPROVAL".equals(status)) {
            p.add(10, "awaiting-approval"); // the buyer waits on a supervisor's decision
        } else if ("WAITING_FOR_BUYER".equals(status)) {
            p.add(-20, "waiting-for-buyer"); // the next step is the buyer's; its target still shows when it runs late
        }
        Instant due = instant(c, "resolutionDue");
        if (instant(c, "resolutionBreachedAt") != null || (due != null && !due.isAfter(now))) {
            p.add(40, "resolution-target-missed");
        } else if (due != null && Duration.between(now, due).compareTo(RESOLUTION_SOON) <= 0) {
            p.add(15, "resolution-due-soon");
        }
        if ("REVIEW_RECOVERY".equals(text(c, "kind"))) {
            p.add(0, "bad-review");
        }
        if ("COMPLAINT".equals(text(c, "kind"))) {
            p.add(5, "complaint");
        }
        return new Item(Kind.CASE, text(c, "buyerId"), text(c, "caseId"), p.value(), p.reasons(),
                instant(c, "openedAt"), due, text(c, "assignee"), summary(text(c, "kind"), text(c, "reason")));
    }

    private static Item visit(JsonNode c) {
        JsonNode followUp = c.path("followUp");
        Instant due = instant(followUp, "dueAt");
        String resolvedBy = text(c, "resolvedBy") != null ? text(c, "resolvedBy") : text(c, "closedBy");
        return new Item(Kind.FOLLOW_UP_VISIT, text(c, "buyerId"), text(c, "caseId"), 15, List.of("follow-up-due"),
                due, due, resolvedBy, summary(text(c, "kind"), text(c, "resolution")));
    }

    private static Item badReview(JsonNode r) {
        Priority p = new Priority(30);
        p.reasons.add("bad-review");
        if (r.path("rating").asInt(5) <= 1) {
            p.add(5, "one-star");
        }
        if (r.path("escalation").asBoolean(false)) {
            p.add(10, "threat-words");
        }
        return new Item(Kind.BAD_REVIEW, text(r, "buyerId"), text(r, "reviewId"), p.value(), p.reasons(),
                instant(r, "postedAt"), null, null, summary(r.path("rating").asInt() + "★", text(r, "content")));
    }

    private static Item delayed(JsonNode o) {
        String reason = text(o, "delayReported");
        Instant since = "SHIP_BY_MISSED".equals(reason) ? instant(o, "shipBy")
                : instant(o, "lastTraceAt") != null ? instant(o, "lastTraceAt") : instant(o, "paidAt");
        int base = "PARCEL_LOST".equals(reason) || "CARRIER_FAILED".equals(reason) ? 30 : 25;
        return new Item(Kind.DELAYED_SHIPMENT, text(o, "buyerId"), text(o, "orderId"), base,
                List.of(reason == null ? "delayed" : reason.toLowerCase().replace('_', '-')), since, null, null,
                summary(text(o, "carrier"), text(o, "lastTrace")));
    }

    /** A buyer late on a parcel, with an open case and a bad review: one item above each of the three. */
    private static List<Item> atRisk(Sources sources) {
        Set<String> delayed = buyers(sources.delayedOrders());
        Set<String> withCase = buyers(sources.cases());
        List<Item> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode review : sources.badReviews()) {
            String buyer = text(review, "buyerId");
            if (buyer != null && delayed.contains(buyer) && withCase.contains(buyer) && seen.add(buyer)) {
                items.add(new Item(Kind.AT_RISK, buyer, buyer, 70,
                        List.of("delayed-shipment", "open-case", "bad-review"), instant(review, "postedAt"), null,
                        null, null));
            }
        }
        return items;
    }

    private static Set<String> buyers(List<JsonNode> nodes) {
        Set<String> buyers = new HashSet<>();
        nodes.forEach(n -> {
            if (text(n, "buyerId") != null) {
                buyers.add(text(n, "buyerId"));
            }
        });
        return buyers;
    }

    private static String summary(String head, String text) {
        String body = text == null ? "" : text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return head == null ? (body.isEmpty() ? null : body) : body.isEmpty() ? head : head + ": " + body;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : Instant.parse(text);
    }

    /** A priority being added up, capped at {@link #MAX_PRIORITY}, with why. */
    private static final class Priority {
        private int value;
        private final List<String> reasons = new ArrayList<>();

        Priority(int base) {
            this.value = base;
        }

        void add(int points, String reason) {
            value += points;
            reasons.add(reason);
        }

        int value() {
            return Math.min(MAX_PRIORITY, value);
        }

        List<String> reasons() {
            return List.copyOf(reasons);
        }
    }
}
