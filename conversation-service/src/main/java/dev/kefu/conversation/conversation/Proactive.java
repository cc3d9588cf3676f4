package dev.kefu.conversation.conversation;

import dev.kefu.events.KefuEvent;
import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.events.order.OrderPaid;
import dev.kefu.events.order.ShipmentDelayed;
import dev.kefu.events.review.ReviewPosted;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What customer service says, unasked, when something happens to a buyer's order: thanks after payment, an apology
 * for a delay before the buyer has to ask, acknowledgement of a complaint. A bad review gets a drafted follow-up an
 * agent sends personally; {@code needsAttention} puts the conversation at the top of the agents' queue.
 */
public record Proactive(String buyerId, String orderId, String scriptKey, Map<String, String> values,
                        Delivery delivery, boolean needsAttention) {

    public enum Delivery { SENT, SUGGESTED }

    public static Optional<Proactive> forEvent(KefuEvent event) {
        if (event instanceof OrderPaid paid) {
            return Optional.of(new Proactive(paid.buyerId(), paid.orderId(), "payment-received",
                    values(paid.orderId(), "amount", paid.amount().toPlainString()), Delivery.SENT, false));
        }
        if (event instanceof ShipmentDelayed delayed) {
            Map<String, String> values = values(delayed.orderId(), "trackingNo", delayed.trackingNo());
            if (delayed.carrier() != null) {
                values.put("carrier", delayed.carrier());
            }
            return Optional.of(new Proactive(delayed.buyerId(), delayed.orderId(), "shipment-delayed", values,
                    Delivery.SENT, delayed.reason() == ShipmentDelayed.Reason.PARCEL_LOST));
        }
        if (event instanceof ComplaintOpened complaint) {
            return Optional.of(new Proactive(complaint.buyerId(), complaint.orderId(), "complaint-opened",
                    values(complaint.orderId() == null ? complaint.caseId() : complaint.orderId(), null, null),
                    Delivery.SENT, true));
        }
        if (event instanceof ReviewPosted review) {
            boolean bad = review.sentiment() == ReviewPosted.Sentiment.NEGATIVE;
            if (!bad && review.sentiment() != ReviewPosted.Sentiment.POSITIVE) {
                return Optional.empty();
            }
            // A bad review is answered by a person, never automatically: the draft waits for an agent.
            return Optional.of(new Proactive(review.buyerId(), review.orderId(),
                    bad ? "bad-review-followup" : "positive-review-thanks", values(review.orderId(), null, null),
                    bad ? Delivery.SUGGESTED : Delivery.SENT, bad));
        }
        return Optional.empty();
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
