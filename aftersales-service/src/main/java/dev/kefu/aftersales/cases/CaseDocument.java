package dev.kefu.aftersales.cases;

import dev.kefu.platform.outbox.AppliedEvents;
import dev.kefu.platform.outbox.OutboxEntry;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import java.util.List;

/**
 * How a case is stored: its state, the ids of the events already applied (redelivery changes nothing) and the
 * events still to publish. All three change in one document write, so state and outgoing events cannot diverge.
 */
@Document(CaseDocument.COLLECTION)
@CompoundIndex(name = "shop_buyer", def = "{'state.shopId': 1, 'state.buyerId': 1}")
@CompoundIndex(name = "shop_status", def = "{'state.shopId': 1, 'state.status': 1}")
public record CaseDocument(@Id String id, @Version Long version, Case.Snapshot state, List<String> appliedEventIds,
                           List<OutboxEntry> outbox) {

    public static final String COLLECTION = "cases";
    /** Enough to recognise any redelivery (they arrive within minutes), small enough to keep documents small. */
    static final int REMEMBERED_EVENT_IDS = 200;

    boolean hasApplied(String eventId) {
        return appliedEventIds.contains(eventId);
    }

    CaseDocument next(Case kase, String eventId, List<OutboxEntry> newEvents) {
        return new CaseDocument(kase.id(), version, kase.snapshot(),
                AppliedEvents.remember(appliedEventIds, eventId, REMEMBERED_EVENT_IDS), OutboxEntry.append(outbox, newEvents));
    }

    static CaseDocument empty(Case kase) {
        return new CaseDocument(kase.id(), null, kase.snapshot(), List.of(), List.of());
    }
}
