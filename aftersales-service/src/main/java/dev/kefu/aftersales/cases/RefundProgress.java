package dev.kefu.aftersales.cases;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.inbound.MarketplaceRefundAgreed;
import dev.kefu.events.inbound.MarketplaceRefundClosed;
import dev.kefu.events.inbound.MarketplaceRefundCompleted;
import dev.kefu.events.inbound.MarketplaceRefundRefused;
import dev.kefu.events.inbound.MarketplaceRefundRequested;
import dev.kefu.events.inbound.MarketplaceReturnShipped;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Where the marketplace's refund of a refund case stands (退款进度): REQUESTED → AGREED (refund only: the marketplace
 * pays out next) or AWAITING_RETURN (the buyer is to send the parcel back) → RETURN_SHIPPED (with carrier and
 * tracking) → REFUNDED; REFUSED by the seller; CLOSED without a payout. The marketplace's word, never overwritten
 * silently: the same step again with the same facts changes nothing (a re-send, or a late copy of a step the refund is
 * past), a step out of order or
 * contradicting the facts already recorded is a {@link CaseRuleViolation} naming both (the event goes to the dead
 * letters with that reason). A refused refund may still be paid out (the marketplace stepped in for the buyer) or
 * closed; nothing follows REFUNDED or CLOSED.
 */
public record RefundProgress(String refundId, MarketplaceRefundRequested.Kind kind, Stage stage,
                             @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal requested,
                             @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal refunded,
                             String carrier, String trackingNo, String reason, Instant requestedAt,
                             Instant agreedAt, Instant returnShippedAt, Instant completedAt, Instant endedAt) {

    public enum Stage { REQUESTED, AGREED, AWAITING_RETURN, RETURN_SHIPPED, REFUNDED, REFUSED, CLOSED }

    private static final Set<Stage> BEFORE_PAYOUT =
            EnumSet.of(Stage.REQUESTED, Stage.AGREED, Stage.AWAITING_RETURN, Stage.RETURN_SHIPPED);

    public RefundProgress {
        Objects.requireNonNull(refundId, "refundId");
        Objects.requireNonNull(stage, "stage");
    }

    static RefundProgress requested(MarketplaceRefundRequested request) {
        return new RefundProgress(request.refundId(), request.kind(), Stage.REQUESTED, request.amount(), null, null,
                null, null, request.requestedAt(), null, null, null, null);
    }

    /** Whether the buyer sends goods back: a return or an exchange (an old case without a kind: by its case kind). */
    boolean needsReturnParcel() {
        return kind != MarketplaceRefundRequested.Kind.REFUND_ONLY;
    }

    RefundProgress agreed(MarketplaceRefundAgreed agreed) {
        Stage next = needsReturnParcel() ? Stage.AWAITING_RETURN : Stage.AGREED;
        if (agreedAt != null) {
            return this; // agreed before: a re-send, or a late copy of a step the refund is past
        }
        require("refund.agreed", EnumSet.of(Stage.REQUESTED));
        return with(next, refunded, carrier, trackingNo, reason, agreed.agreedAt(), returnShippedAt, completedAt,
                endedAt);
    }

    RefundProgress returnShipped(MarketplaceReturnShipped shipped) {
        if (!needsReturnParcel()) {
            throw new CaseRuleViolation("return.shipped for refund " + refundId + ", a refund without a return "
                    + "(REFUND_ONLY): there is no parcel to send back");
        }
        if (trackingNo != null) {
            if (shipped.trackingNo().equals(trackingNo)) {
                return this;
            }
            throw new CaseRuleViolation("return.shipped for refund " + refundId + " with tracking number "
                    + shipped.trackingNo() + ", but its return parcel was shipped with " + trackingNo);
        }
        require("return.shipped", EnumSet.of(Stage.AWAITING_RETURN));
        return with(Stage.RETURN_SHIPPED, refunded, shipped.carrier(), shipped.trackingNo(), reason, agreedAt,
                shipped.shippedAt(), completedAt, endedAt);
    }

    RefundProgress completed(MarketplaceRefundCompleted completed) {
        if (stage == Stage.REFUNDED) {
            if (completed.amount().compareTo(refunded) == 0) {
                return this;
            }
            throw new CaseRuleViolation("refund.completed for refund " + refundId + " of " + completed.amount()
                    + ", but it was paid out with " + refunded);
        }
        Set<Stage> from = EnumSet.copyOf(BEFORE_PAYOUT);
        from.add(Stage.REFUSED);
        require("refund.completed", from);
        return with(Stage.REFUNDED, completed.amount(), carrier, trackingNo, reason, agreedAt, returnShippedAt,
                completed.completedAt(), completed.completedAt());
    }

    RefundProgress refused(MarketplaceRefundRefused refused) {
        if (stage == Stage.REFUSED) {
            return this;
        }
        require("refund.refused", BEFORE_PAYOUT);
        return with(Stage.REFUSED, refunded, carrier, trackingNo, refused.reason(), agreedAt, returnShippedAt,
                completedAt, refused.refusedAt());
    }

    RefundProgress closed(MarketplaceRefundClosed closed) {
        if (stage == Stage.CLOSED) {
            return this;
        }
        Set<Stage> from = EnumSet.copyOf(BEFORE_PAYOUT);
        from.add(Stage.REFUSED);
        require("refund.closed", from);
        return with(Stage.CLOSED, refunded, carrier, trackingNo, closed.reason(), agreedAt, returnShippedAt,
                completedAt, closed.closedAt());
    }

    private void require(String type, Set<Stage> from) {
        if (!from.contains(stage)) {
            throw new CaseRuleViolation(type + " for refund " + refundId + ", which is " + stage + ": "
                    + (stage == Stage.REFUNDED || stage == Stage.CLOSED ? "the refund has ended"
                    : "it comes out of order (expected after " + from + ")"));
        }
    }

    private RefundProgress with(Stage next, BigDecimal refunded, String carrier, String trackingNo, String reason,
                                Instant agreedAt, Instant returnShippedAt, Instant completedAt, Instant endedAt) {
        return new RefundProgress(refundId, kind, next, requested, refunded, carrier, trackingNo, reason, requestedAt,
                agreedAt, returnShippedAt, completedAt, endedAt);
    }
}
