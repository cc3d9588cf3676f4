package dev.kefu.order.order;

import dev.kefu.platform.outbox.OutboxEntry;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * How an order is stored: its state, the ids of the events already applied (redelivery changes nothing) and the
 * events still to publish. All three change in one document write, so state and outgoing events cannot diverge.
 */
@Document(OrderDocument.COLLECTION)
@CompoundIndex(name = "shop_buyer", def = "{'order.shopId': 1, 'order.buyerId': 1}")
public record OrderDocument(@Id String id, @Version Long version, Order.Snapshot order, List<String> appliedEventIds,
                            List<OutboxEntry> outbox) {

    public static final String COLLECTION = "orders";
    /** Enough to recognise any redelivery (they arrive within minutes), small enough to keep documents small. */
    static final int REMEMBERED_EVENT_IDS = 200;

    boolean hasApplied(String eventId) {
        return appliedEventIds.contains(eventId);
    }

    OrderDocument next(Order order, String eventId, List<OutboxEntry> newEvents) {
        List<String> applied = new ArrayList<>(appliedEventIds);
        if (eventId != null) {
            applied.add(eventId);
        }
        if (applied.size() > REMEMBERED_EVENT_IDS) {
            applied = applied.subList(applied.size() - REMEMBERED_EVENT_IDS, applied.size());
        }
        List<OutboxEntry> pending = new ArrayList<>(outbox == null ? List.of() : outbox);
        pending.addAll(newEvents);
        return new OrderDocument(order.id(), version, order.snapshot(), List.copyOf(applied), List.copyOf(pending));
    }

    static OrderDocument empty(Order order) {
        return new OrderDocument(order.id(), null, order.snapshot(), List.of(), List.of());
    }
}
