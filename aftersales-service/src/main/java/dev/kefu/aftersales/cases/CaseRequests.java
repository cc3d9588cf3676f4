package dev.kefu.aftersales.cases;

import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.platform.web.Requests;

import java.math.BigDecimal;

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
     * {@code GET /api/cases}: by buyer, by status, or the follow-up list ({@code followUp}, alone or with a buyer), never
     * the whole shop at once; at most {@code limit} ({@value #DEFAULT_LIMIT} when not given, 1-{@value #MAX_LIMIT}).
     */
    static Filter filter(String buyerId, String status, String followUp, String limit) {
        Requests errors = Requests.check();
        String validBuyer = errors.optionalText("buyerId", buyerId);
        CaseStatus validStatus = errors.oneOf("status", status, CaseStatus.class, false);
        FollowUp.Status validFollowUp = errors.oneOf("followUp", followUp, FollowUp.Status.class, false);
        if (blank(buyerId) && blank(status) && blank(followUp)) {
            errors.add("buyerId", "or status or followUp is required");
        }
        if (!blank(status) && !blank(followUp)) {
            errors.add("followUp", "cannot be combined with status (a follow-up is a resolved case's)");
        }
        int validLimit = limit(errors, limit);
        errors.orThrow();
        return new Filter(validBuyer, validStatus, validFollowUp, validLimit);
    }

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

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

    record Filter(String buyerId, CaseStatus status, FollowUp.Status followUp, int limit) {
    }
}
