package dev.kefu.aftersales.cases;

import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.platform.web.Requests;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The case API's request bodies. Fields arrive as text and are checked here rather than by the JSON reader, so a
 * bad enum value or amount is answered with the field's name instead of a parse error.
 */
final class CaseRequests {

    private CaseRequests() {
    }

    record Open(String buyerId, String orderId, String platform, String kind, String reason, String amount) {

        OpenCase validated() {
            Requests errors = Requests.check();
            String validBuyer = errors.requiredText("buyerId", buyerId);
            String validOrder = errors.optionalText("orderId", orderId);
            String validPlatform = errors.requiredText("platform", platform);
            ComplaintOpened.Kind validKind = errors.oneOf("kind", kind, ComplaintOpened.Kind.class, true);
            String validReason = errors.requiredText("reason", reason);
            BigDecimal validAmount = errors.amount("amount", amount);
            errors.orThrow();
            return new OpenCase(validKind,
                    new Case.Details(validOrder, validBuyer, validPlatform, validAmount, validReason));
        }
    }

    /** Why a case is escalated or rejected. */
    record Reason(String reason) {

        String validated() {
            Requests errors = Requests.check();
            String valid = errors.requiredText("reason", reason);
            errors.orThrow();
            return valid;
        }
    }

    /** {@code compensation}: the money the resolution grants (optional; a refund's or return's is the case amount). */
    record Resolve(String outcome, String resolution, String compensation) {

        Resolution validated() {
            Requests errors = Requests.check();
            Outcome validOutcome = errors.oneOf("outcome", outcome, Outcome.class, true);
            String validResolution = errors.requiredText("resolution", resolution);
            BigDecimal validCompensation = compensation == null || compensation.isBlank() ? null
                    : errors.amount("compensation", compensation);
            errors.orThrow();
            return new Resolution(validOutcome, validResolution, validCompensation);
        }
    }

    /** A supervisor's decision on an amount waiting for approval: APPROVE or DENY; a denial says why. */
    record Approve(String decision, String reason) {

        Decision validated() {
            Requests errors = Requests.check();
            DecisionKind kind = errors.oneOf("decision", decision, DecisionKind.class, true);
            String validReason = kind == DecisionKind.DENY ? errors.requiredText("reason", reason)
                    : errors.optionalText("reason", reason);
            errors.orThrow();
            return new Decision(kind == DecisionKind.APPROVE, validReason);
        }
    }

    enum DecisionKind { APPROVE, DENY }

    /** Why a case is closed: required when it closes unresolved (the case says so), optional after a resolution. */
    record Close(String reason) {

        String validated() {
            Requests errors = Requests.check();
            String valid = errors.optionalText("reason", reason);
            errors.orThrow();
            return valid;
        }
    }

    record Note(String text) {

        String validated() {
            Requests errors = Requests.check();
            String valid = errors.requiredText("text", text);
            errors.orThrow();
            return valid;
        }
    }

    /** An agent's record of a follow-up visit; the note is optional. */
    record Visit(String note) {

        String validated() {
            Requests errors = Requests.check();
            String valid = errors.optionalText("note", note);
            errors.orThrow();
            return valid;
        }
    }

    /**
     * {@code GET /api/cases}: any combination of buyerId, status (comma-separated, {@value #OPEN_WORK} for every
     * open-work status), kind (comma-separated), assignee (an agent id, {@value #CALLER} for the caller,
     * {@value #UNASSIGNED} for unassigned) and followUp (not with status or sort: the follow-up lists have their own order). No filter at
     * all: the shop's open work. {@code sort}: {@code queue} (default for open work, no buyer) or {@code newest}
     * (default otherwise). At most {@code limit} ({@value #DEFAULT_LIMIT} when not given, 1-{@value #MAX_LIMIT}) from
     * after {@code cursor}, the {@code next} of the page before.
     */
    static Filter filter(String caller, String buyerId, String status, String kind, String assignee, String followUp,
                         String sort, String cursor, String limit) {
        Requests errors = Requests.check();
        String validBuyer = errors.optionalText("buyerId", buyerId);
        Set<CaseStatus> statuses = statuses(errors, status);
        Set<ComplaintOpened.Kind> kinds = errors.someOf("kind", kind, ComplaintOpened.Kind.class);
        Assigned assigned = assigned(errors, caller, assignee);
        FollowUp.Status validFollowUp = errors.oneOf("followUp", followUp, FollowUp.Status.class, false);
        SortBy sortBy = errors.oneOf("sort", sort, SortBy.class, false);
        if (!blank(status) && !blank(followUp)) {
            errors.add("followUp", "cannot be combined with status (a follow-up is a resolved case's)");
        }
        if (!blank(sort) && !blank(followUp)) {
            errors.add("sort", "cannot be combined with followUp (its list has its own order)");
        }
        if (blank(buyerId) && blank(status) && blank(kind) && blank(assignee) && blank(followUp)) {
            statuses = CaseStatus.OPEN_WORK; // no filter: the shop's work
        }
        CaseOrder order = order(validFollowUp, sortBy, validBuyer, statuses);
        CaseOrder.After after = blank(sort) || sortBy != null
                ? errors.cursor("cursor", cursor, order::after) : null;
        int validLimit = limit(errors, limit);
        errors.orThrow();
        return new Filter(validBuyer, statuses, kinds, assigned, validFollowUp, order, after, validLimit);
    }

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final String OPEN_WORK = "open-work";
    static final String CALLER = "me";
    static final String UNASSIGNED = "none";

    /** The orders a client may ask for; the follow-up lists' are theirs alone. */
    enum SortBy { NEWEST, QUEUE }

    private static Set<CaseStatus> statuses(Requests errors, String status) {
        Set<CaseStatus> statuses = EnumSet.noneOf(CaseStatus.class);
        if (blank(status)) {
            return statuses;
        }
        for (String one : status.split(",", -1)) { // OPEN is the one status; open-work is all of them
            String name = one.strip().toUpperCase(Locale.ROOT);
            if (name.equals(OPEN_WORK.toUpperCase(Locale.ROOT))) {
                statuses.addAll(CaseStatus.OPEN_WORK);
            } else if (Arrays.stream(CaseStatus.values()).anyMatch(s -> s.name().equals(name))) {
                statuses.add(CaseStatus.valueOf(name));
            } else {
                errors.add("status", "must be one of " + Arrays.toString(CaseStatus.values()) + " or " + OPEN_WORK
                        + " (every open-work status), comma-separated");
            }
        }
        return statuses;
    }

    private static Assigned assigned(Requests errors, String caller, String assignee) {
        String valid = errors.optionalText("assignee", assignee);
        if (valid == null) {
            return null;
        }
        if (valid.equalsIgnoreCase(CALLER)) {
            return new Assigned(caller);
        }
        return valid.equalsIgnoreCase(UNASSIGNED) ? Assigned.NOBODY : new Assigned(valid);
    }

    /** The follow-up list's own order, else the one asked for, else the queue for open work and newest for the rest. */
    private static CaseOrder order(FollowUp.Status followUp, SortBy sortBy, String buyerId, Set<CaseStatus> statuses) {
        if (followUp != null) {
            return followUp == FollowUp.Status.DUE ? CaseOrder.FOLLOW_UP_DUE : CaseOrder.FOLLOW_UP_LATEST;
        }
        if (sortBy != null) {
            return sortBy == SortBy.QUEUE ? CaseOrder.QUEUE : CaseOrder.NEWEST;
        }
        boolean openWork = !statuses.isEmpty() && CaseStatus.OPEN_WORK.containsAll(statuses);
        return buyerId == null && openWork ? CaseOrder.QUEUE : CaseOrder.NEWEST;
    }

    private static int limit(Requests errors, String limit) {
        if (blank(limit)) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.strip());
            errors.rule(value >= 1 && value <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT);
            return value;
        } catch (NumberFormatException e) {
            errors.add("limit", "must be a whole number between 1 and " + MAX_LIMIT);
            return DEFAULT_LIMIT;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    record OpenCase(ComplaintOpened.Kind kind, Case.Details details) {
    }

    record Resolution(Outcome outcome, String text, BigDecimal compensation) {
    }

    record Decision(boolean approve, String reason) {
    }

    /**
     * What a list asks for; an empty set or a null field does not filter. {@code after}: where the page before ended
     * (null: from the start).
     */
    record Filter(String buyerId, Set<CaseStatus> statuses, Set<ComplaintOpened.Kind> kinds, Assigned assignee,
                  FollowUp.Status followUp, CaseOrder order, CaseOrder.After after, int limit) {
    }

    /** The cases of one agent, or ({@link #NOBODY}) those nobody has taken yet. */
    record Assigned(String agentId) {
        static final Assigned NOBODY = new Assigned(null);
    }
}
