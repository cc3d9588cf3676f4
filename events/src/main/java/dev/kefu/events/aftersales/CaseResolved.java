package dev.kefu.events.aftersales;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.Fields;
import dev.kefu.events.KefuEvent;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An after-sales case was resolved: how it ended for the buyer, what the shop paid ({@code compensation}, the refund
 * or compensation amount, optional) and who decided — {@code resolvedBy} the agent (or {@code "marketplace"} when the
 * marketplace completed the refund), {@code approvedBy} the supervisor who approved an amount above the resolver's
 * limit (optional). {@code refundId} names the marketplace refund a refund case follows (optional); {@code orderId}
 * is optional. Once per resolution (a reopened case resolved again announces again). Keyed by case.
 */
public record CaseResolved(
        String shopId,
        String caseId,
        String buyerId,
        String orderId,
        String platform,
        ComplaintOpened.Kind kind,
        CaseUpdated.Outcome outcome,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal compensation,
        String refundId,
        String resolvedBy,
        String approvedBy,
        Instant resolvedAt) implements KefuEvent {

    /** Who resolved a case the marketplace's completed refund resolved. */
    public static final String BY_MARKETPLACE = "marketplace";

    public CaseResolved {
        Fields.text(shopId, "shopId");
        Fields.text(caseId, "caseId");
        Fields.text(buyerId, "buyerId");
        Fields.text(platform, "platform");
        Fields.present(kind, "kind");
        Fields.present(outcome, "outcome");
        Fields.text(resolvedBy, "resolvedBy");
        Fields.present(resolvedAt, "resolvedAt");
    }

    /** Whether the marketplace's completed refund resolved it (the buyer has their money back). */
    public boolean refundCompleted() {
        return BY_MARKETPLACE.equals(resolvedBy) && refundId != null;
    }

    @Override
    public String key() {
        return caseId;
    }
}
