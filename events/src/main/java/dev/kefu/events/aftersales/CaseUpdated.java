package dev.kefu.events.aftersales;

import dev.kefu.events.Fields;
import dev.kefu.events.KefuEvent;

import java.time.Instant;

/**
 * One change of an after-sales case, after it was opened ({@link ComplaintOpened} announces the opening): enough for an
 * agent's view of the case to refresh without asking, and nothing personal (no note, reason or comment texts).
 * {@code status}, {@code assignee}, {@code outcome} and {@code followUp} are the case's after the change; {@code by} is
 * the agent who made it, {@code "buyer"} when the buyer's satisfaction answer made it, {@code "kefu"} when Kefu did
 * without an agent (a survey sent by automation). {@code orderId}, {@code assignee}, {@code outcome} (resolved cases),
 * {@code followUp} (resolved cases) and {@code csatScore} (answered ones) are optional. Keyed by case, so one case's
 * changes stay in order.
 */
public record CaseUpdated(
        String shopId,
        String caseId,
        String buyerId,
        String orderId,
        ComplaintOpened.Kind kind,
        Change change,
        Status status,
        String assignee,
        String by,
        Instant at,
        Outcome outcome,
        FollowUp followUp,
        Integer csatScore) implements KefuEvent {

    /** Who made a change that no agent made: Kefu itself. */
    public static final String BY_KEFU = "kefu";
    /** Who made a change by answering the satisfaction survey. */
    public static final String BY_BUYER = "buyer";

    /**
     * ASSIGNED (an agent or supervisor took it), ESCALATED (to supervisors), WAITING (for the buyer: a photo, the
     * return parcel), RESUMED (worked on again), APPROVAL_REQUESTED (an amount above the resolver's limit awaits a
     * supervisor), APPROVED, DENIED (that request), RESOLVED, REJECTED, REOPENED, CLOSED, NOTED (an agent added a
     * note), VISITED (its follow-up visit was made), ANSWERED (the buyer's satisfaction score), REFUND_PROGRESSED (the
     * marketplace's refund moved on without changing the case's status).
     */
    public enum Change {
        ASSIGNED, ESCALATED, WAITING, RESUMED, APPROVAL_REQUESTED, APPROVED, DENIED, RESOLVED, REJECTED, REOPENED,
        CLOSED, NOTED, VISITED, ANSWERED, REFUND_PROGRESSED
    }

    /**
     * Open work: OPEN, IN_PROGRESS, WAITING_FOR_BUYER, WAITING_FOR_APPROVAL, ESCALATED; ended: RESOLVED, REJECTED,
     * FOLLOWED_UP (resolved, the buyer visited), CLOSED (final).
     */
    public enum Status {
        OPEN, IN_PROGRESS, WAITING_FOR_BUYER, WAITING_FOR_APPROVAL, ESCALATED, RESOLVED, REJECTED, FOLLOWED_UP, CLOSED
    }

    /** How a resolved case ended for the buyer. */
    public enum Outcome { REFUNDED, RETURNED, EXCHANGED, COMPENSATED, EXPLAINED }

    /** A resolved case's follow-up visit: due, made, answered with a score. */
    public enum FollowUp { DUE, VISITED, ANSWERED }

    public CaseUpdated {
        Fields.text(shopId, "shopId");
        Fields.text(caseId, "caseId");
        Fields.text(buyerId, "buyerId");
        Fields.present(kind, "kind");
        Fields.present(change, "change");
        Fields.present(status, "status");
        Fields.text(by, "by");
        Fields.present(at, "at");
        if (csatScore != null && (csatScore < 1 || csatScore > 5)) {
            throw new IllegalArgumentException("csatScore must be between 1 and 5");
        }
    }

    @Override
    public String key() {
        return caseId;
    }
}
