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

    record Resolve(String outcome, String resolution) {

        Resolution validated() {
            Requests errors = Requests.check();
            Outcome validOutcome = errors.oneOf("outcome", outcome, Outcome.class, true);
            String validResolution = errors.requiredText("resolution", resolution);
            errors.orThrow();
            return new Resolution(validOutcome, validResolution);
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

    /** {@code GET /api/cases}: by buyer, by status or both, never the whole shop at once. */
    static Filter filter(String buyerId, String status) {
        Requests errors = Requests.check();
        String validBuyer = errors.optionalText("buyerId", buyerId);
        CaseStatus validStatus = errors.oneOf("status", status, CaseStatus.class, false);
        if ((buyerId == null || buyerId.isBlank()) && (status == null || status.isBlank())) {
            errors.add("buyerId", "or status is required");
        }
        errors.orThrow();
        return new Filter(validBuyer, validStatus);
    }

    record OpenCase(ComplaintOpened.Kind kind, Case.Details details) {
    }

    record Resolution(Outcome outcome, String text) {
    }

    record Filter(String buyerId, CaseStatus status) {
    }
}
