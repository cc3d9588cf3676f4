package dev.kefu.events.aftersales;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.Fields;
import dev.kefu.events.KefuEvent;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An after-sales case was opened: a complaint, return, refund or exchange, by the buyer, an agent or automation.
 * {@code orderId}, {@code amount} and {@code reason} are optional. Kefu opens two kinds by itself ({@code openedBy}
 * AUTOMATION), once per cause: LOGISTICS for a delayed parcel ({@code shipment-delayed}) and REVIEW_RECOVERY for a
 * review that needs a follow-up ({@code review-posted}, {@link dev.kefu.events.review.ReviewPosted#followable()}).
 */
public record ComplaintOpened(
        String shopId,
        String caseId,
        String orderId,
        String buyerId,
        String platform,
        Kind kind,
        OpenedBy openedBy,
        String reason,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        Instant openedAt) implements KefuEvent {

    public enum Kind { COMPLAINT, RETURN, REFUND, EXCHANGE, LOGISTICS, REVIEW_RECOVERY }

    public enum OpenedBy { BUYER, AGENT, AUTOMATION }

    public ComplaintOpened {
        Fields.text(shopId, "shopId");
        Fields.text(caseId, "caseId");
        Fields.text(buyerId, "buyerId");
        Fields.text(platform, "platform");
        Fields.present(kind, "kind");
        Fields.present(openedBy, "openedBy");
        Fields.present(openedAt, "openedAt");
    }

    @Override
    public String key() {
        return caseId;
    }
}
