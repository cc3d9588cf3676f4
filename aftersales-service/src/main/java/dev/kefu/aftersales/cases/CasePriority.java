package dev.kefu.aftersales.cases;

import dev.kefu.events.aftersales.ComplaintOpened;

import java.time.Instant;
import java.util.Set;

/**
 * How urgent a case is in the shop's work queue ({@code GET /api/cases?sort=queue}), highest first; stored on the case
 * document so the queue is one indexed, sorted read:
 * <ul>
 *     <li>{@value #OVERDUE}: open work past its resolution target (the shop already owes the buyer), or escalated
 *     (a supervisor's to decide);</li>
 *     <li>{@value #PRESSING}: awaiting a supervisor's approval, or a complaint or a bad review's recovery (a buyer
 *     already upset, the review public);</li>
 *     <li>{@value #OPEN_WORK}: other open work;</li>
 *     <li>{@value #NOT_OURS}: waiting for the buyer (nothing to do until they answer), and ended cases.</li>
 * </ul>
 * Within a priority the earliest {@code resolutionDue} comes first ({@link #queueDue}).
 */
final class CasePriority {

    static final int OVERDUE = 3;
    static final int PRESSING = 2;
    static final int OPEN_WORK = 1;
    static final int NOT_OURS = 0;

    /** The queue's stand-in for "no resolution target": after every real one. */
    static final Instant NO_DUE = Instant.parse("9999-12-31T23:59:59Z");

    private static final Set<ComplaintOpened.Kind> PRESSING_KINDS =
            Set.of(ComplaintOpened.Kind.COMPLAINT, ComplaintOpened.Kind.REVIEW_RECOVERY);

    private CasePriority() {
    }

    static int of(Case.Snapshot kase) {
        return of(kase.status(), kase.kind(), kase.resolutionBreachedAt() != null);
    }

    static int of(CaseStatus status, ComplaintOpened.Kind kind, boolean targetBreached) {
        if (!status.isOpenWork()) {
            return NOT_OURS;
        }
        if (targetBreached || status == CaseStatus.ESCALATED) {
            return OVERDUE;
        }
        if (status == CaseStatus.WAITING_FOR_BUYER) {
            return NOT_OURS;
        }
        if (status == CaseStatus.WAITING_FOR_APPROVAL || PRESSING_KINDS.contains(kind)) {
            return PRESSING;
        }
        return OPEN_WORK;
    }

    /** The queue's deadline: the case's {@code resolutionDue}, {@link #NO_DUE} for none, so none sorts last. */
    static Instant queueDue(Case.Snapshot kase) {
        return kase.resolutionDue() == null ? NO_DUE : kase.resolutionDue();
    }
}
