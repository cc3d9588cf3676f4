package dev.kefu.conversation.conversation;

import dev.kefu.events.KefuEvent;
import dev.kefu.events.aftersales.CaseResolved;
import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.events.inbound.MarketplaceOrderAddressChanged;
import dev.kefu.events.inbound.MarketplaceOrderFeeModified;
import dev.kefu.events.order.OrderItem;
import dev.kefu.events.order.OrderPaid;
import dev.kefu.events.order.PaymentReminderDue;
import dev.kefu.events.order.ShipmentDelayed;
import dev.kefu.events.review.ReviewPosted;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What customer service says, unasked, when something happens to a buyer's order: thanks after payment, an apology
 * for a delay or a delivery problem before the buyer has to ask, acknowledgement of a complaint, one reminder of an
 * unpaid order (催付), the new price after a change (改价), a request to check a changed address, word that the
 * refund the marketplace completed is paid out. A bad review (差评,
 * or a 中评 that gives a complaint reason) gets a {@code draft} an agent sends personally; {@code needsAttention} puts the
 * conversation at the top of the agents' queue. One cause, one message: the case Kefu opens by itself for a delay or a
 * bad review is not acknowledged again.
 */
public record Proactive(String buyerId, String orderId, String platform, String scriptKey, Map<String, String> values,
                        List<OrderItem> items, boolean draft, boolean needsAttention) {

    public static Optional<Proactive> forEvent(KefuEvent event) {
        if (event instanceof OrderPaid paid) {
            return send(paid.buyerId(), paid.orderId(), paid.platform(), "payment-received",
                    values(paid.orderId(), "amount", paid.amount().toPlainString()), false);
        }
        if (event instanceof ShipmentDelayed delayed) {
            Map<String, String> values = values(delayed.orderId(), "trackingNo", delayed.trackingNo());
            if (delayed.carrier() != null) {
                values.put("carrier", delayed.carrier());
            }
            // A parcel that failed or was lost is an exception to explain, not just a late one to apologise for.
            boolean exception = delayed.reason() == ShipmentDelayed.Reason.CARRIER_FAILED
                    || delayed.reason() == ShipmentDelayed.Reason.PARCEL_LOST;
            return send(delayed.buyerId(), delayed.orderId(), delayed.platform(),
                    exception && delayed.trackingNo() != null ? "delivery-exception" : "shipment-delayed", values,
                    delayed.reason() == ShipmentDelayed.Reason.PARCEL_LOST);
        }
        if (event instanceof ComplaintOpened complaint) {
            if (spokenForByItsCause(complaint)) {
                return Optional.empty();
            }
            return send(complaint.buyerId(), complaint.orderId(), complaint.platform(), "complaint-opened",
                    values(complaint.orderId() == null ? complaint.caseId() : complaint.orderId(), null, null), true);
        }
        if (event instanceof ReviewPosted review) {
            // 中差评: a bad review, or a 中评 that gives a complaint reason (the contract's one rule)
            boolean bad = review.followable();
            if (!bad && review.sentiment() != ReviewPosted.Sentiment.POSITIVE) {
                return Optional.empty();
            }
            // A bad review is answered by a person, never automatically: the draft waits for an agent.
            return Optional.of(new Proactive(review.buyerId(), review.orderId(), review.platform(),
                    bad ? "bad-review-followup" : "positive-review-thanks", values(review.orderId(), null, null),
                    List.of(), bad, bad));
        }
        if (event instanceof CaseResolved resolved) {
            // the buyer's money is back: said once, when the marketplace completed the refund (an agent's resolution
            // is told by the agent)
            if (!resolved.refundCompleted() || resolved.orderId() == null) {
                return Optional.empty();
            }
            return send(resolved.buyerId(), resolved.orderId(), resolved.platform(), "return-refund-processed",
                    values(resolved.orderId(), "amount", resolved.compensation() == null ? null
                            : resolved.compensation().toPlainString()), false);
        }
        if (event instanceof PaymentReminderDue due) {
            return Optional.of(new Proactive(due.buyerId(), due.orderId(), due.platform(), "payment-reminder",
                    values(due.orderId(), null, null), due.items(), false, false));
        }
        if (event instanceof MarketplaceOrderFeeModified modified) {
            return send(modified.buyerId(), modified.orderId(), modified.platform(), "price-modified",
                    values(modified.orderId(), "amount", modified.totalAmount().toPlainString()), false);
        }
        if (event instanceof MarketplaceOrderAddressChanged changed) {
            return send(changed.buyerId(), changed.orderId(), changed.platform(), "address-confirm",
                    values(changed.orderId(), null, null), false);
        }
        return Optional.empty();
    }

    /**
     * One message per cause: a case Kefu opened by itself for a delayed parcel (LOGISTICS) or a bad review
     * (REVIEW_RECOVERY) was already spoken for by its cause, the delay's apology or the review's follow-up draft, so
     * its opening is not acknowledged a second time. A case of those kinds an agent opened is acknowledged as any other.
     */
    private static boolean spokenForByItsCause(ComplaintOpened complaint) {
        return complaint.openedBy() == ComplaintOpened.OpenedBy.AUTOMATION
                && (complaint.kind() == ComplaintOpened.Kind.LOGISTICS
                || complaint.kind() == ComplaintOpened.Kind.REVIEW_RECOVERY);
    }

    private static Optional<Proactive> send(String buyerId, String orderId, String platform, String scriptKey,
                                            Map<String, String> values, boolean needsAttention) {
        return Optional.of(new Proactive(buyerId, orderId, platform, scriptKey, values, List.of(), false,
                needsAttention));
    }

    private static Map<String, String> values(String orderId, String key, String value) {
        Map<String, String> values = new HashMap<>();
        values.put("orderId", orderId);
        if (key != null && value != null) {
            values.put(key, value);
        }
        return values;
    }
}
