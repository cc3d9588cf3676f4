package dev.kefu.aftersales.cases;

import dev.kefu.events.EventTypes;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.aftersales.CaseUpdated;
import dev.kefu.platform.outbox.AppliedEvents;
import dev.kefu.platform.outbox.OutboxEntry;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * How a case is stored: its state, the ids of the events already applied (redelivery changes nothing) and the
 * events still to publish. All three change in one document write, so state and outgoing events cannot diverge.
 * <p>
 * <p>
 * {@code priority} and {@code queueDue} are derived from the state ({@link CasePriority}) every time a document is
 * built, so the work queue is sorted and indexed by Mongo; a document stored before they existed has neither (null:
 * it sorts after every ranked case) until its next write.
 * <p>
 * Indexes, one per list {@code GET /api/cases} offers, so each reads only what it returns: the queue (status,
 * priority, due); a buyer's cases and a status list, newest first; an agent's or the unassigned cases and a kind's,
 * by status; the follow-up visits due ({@code ?followUp=DUE}, oldest due first); and one per KPI period field
 * (opened, escalated, resolved, visited, rated).
 */
@Document(CaseDocument.COLLECTION)
@CompoundIndex(name = "shop_status_queue",
        def = "{'state.shopId': 1, 'state.status': 1, 'priority': -1, 'queueDue': 1}")
@CompoundIndex(name = "shop_buyer_opened", def = "{'state.shopId': 1, 'state.buyerId': 1, 'state.openedAt': -1}")
@CompoundIndex(name = "shop_status_opened", def = "{'state.shopId': 1, 'state.status': 1, 'state.openedAt': 1}")
@CompoundIndex(name = "shop_assignee_status", def = "{'state.shopId': 1, 'state.assignee': 1, 'state.status': 1}")
@CompoundIndex(name = "shop_kind_status", def = "{'state.shopId': 1, 'state.kind': 1, 'state.status': 1}")
@CompoundIndex(name = "shop_followup_due",
        def = "{'state.shopId': 1, 'state.followUp.status': 1, 'state.followUp.dueAt': 1}")
@CompoundIndex(name = "shop_opened", def = "{'state.shopId': 1, 'state.openedAt': 1}")
@CompoundIndex(name = "shop_escalated", def = "{'state.shopId': 1, 'state.escalatedAt': 1}")
@CompoundIndex(name = "shop_resolved", def = "{'state.shopId': 1, 'state.resolvedAt': 1}")
@CompoundIndex(name = "shop_visited", def = "{'state.shopId': 1, 'state.followUp.visitedAt': 1}")
@CompoundIndex(name = "shop_rated", def = "{'state.shopId': 1, 'state.followUp.csat.at': 1}")
public record CaseDocument(@Id String id, @Version Long version, Case.Snapshot state, List<String> appliedEventIds,
                           List<OutboxEntry> outbox, Integer priority, Instant queueDue, Instant outboxSince) {

    /** The stored fields {@link CaseService#list} sorts the queue by. */
    static final String PRIORITY = "priority";
    static final String QUEUE_DUE = "queueDue";

    /** How Mongo reads a stored document back, derived fields as stored (or missing). */
    @PersistenceCreator
    public CaseDocument {
    }

    /** Every document this service writes is built here: the derived fields follow the state and the outbox. */
    CaseDocument(String id, Long version, Case.Snapshot state, List<String> appliedEventIds, List<OutboxEntry> outbox) {
        this(id, version, state, appliedEventIds, outbox, CasePriority.of(state), CasePriority.queueDue(state),
                OutboxEntry.pendingSince(outbox));
    }

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

    /**
     * The case after a change an agent sees, with its {@code case-updated} in the outbox. The event id is the case's
     * document id and the version this write gives the document ({@code case-updated:<shop>:<case>:<version>}): one
     * change, one id, however often it is relayed; a write redone after losing a race is a new version.
     */
    CaseDocument updated(Case kase, String eventId, CaseUpdated update, Instant time) {
        return updated(kase, eventId, List.of(update), time);
    }

    /**
     * The same for a change announced by several events (a resolution's {@code case-updated} and
     * {@code case-resolved}): each one's id is its type's name, the document id and the version written.
     */
    CaseDocument updated(Case kase, String eventId, List<KefuEvent> events, Instant time) {
        long written = version == null ? 0 : version + 1;
        List<OutboxEntry> entries = events.stream().map(event -> OutboxEntry.of(
                EventTypes.of(event.getClass()).name() + ":" + id + ":" + written, event, CaseService.SOURCE, time))
                .toList();
        return next(kase, eventId, entries);
    }

    static CaseDocument empty(Case kase) {
        return new CaseDocument(kase.id(), null, kase.snapshot(), List.of(), List.of());
    }
}
