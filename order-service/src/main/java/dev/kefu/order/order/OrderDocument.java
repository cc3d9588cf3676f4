package dev.kefu.order.order;

import dev.kefu.platform.outbox.AppliedEvents;
import dev.kefu.platform.outbox.OutboxEntry;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * How an order is stored: its state, the ids of the events already applied (redelivery changes nothing) and the
 * events still to publish (and since when, which the outbox sweep's index holds). All change in one document write,
 * so state and outgoing events cannot diverge.
 */
@Document(OrderDocument.COLLECTION)
@CompoundIndex(name = "shop_buyer", def = "{'order.shopId': 1, 'order.buyerId': 1}")
@CompoundIndex(name = "shop_delayed", def = "{'order.shopId': 1, 'order.delayReported': 1, 'order.paidAt': 1}")
public record OrderDocument(@Id String id, @Version Long version, Order.Snapshot order, List<String> appliedEventIds,
                            List<OutboxEntry> outbox, Instant outboxSince) {

    public static final String COLLECTION = "orders";
    /** Enough to recognise any redelivery (they arrive within minutes), small enough to keep documents small. */
    static final int REMEMBERED_EVENT_IDS = 200;

    boolean hasApplied(String eventId) {
        return appliedEventIds.contains(eventId);
    }

    /** The id of the last input event applied (null before any): where a timer's effect sits in the order's history. */
    String lastAppliedEventId() {
        return appliedEventIds.isEmpty() ? null : appliedEventIds.get(appliedEventIds.size() - 1);
    }

    OrderDocument next(Order order, String eventId, List<OutboxEntry> newEvents) {
        List<OutboxEntry> pending = OutboxEntry.append(outbox, newEvents);
        return new OrderDocument(order.id(), version, order.snapshot(),
                AppliedEvents.remember(appliedEventIds, eventId, REMEMBERED_EVENT_IDS), pending,
                OutboxEntry.pendingSince(pending));
    }

    /** This document as written by a bulk write, which sets the version itself. */
    OrderDocument withVersion(long written) {
        return new OrderDocument(id, written, order, appliedEventIds, outbox, outboxSince);
    }

    static OrderDocument empty(Order order) {
        return new OrderDocument(order.id(), null, order.snapshot(), List.of(), List.of(), null);
    }
}
