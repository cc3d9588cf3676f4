package dev.kefu.aftersales.cases;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.kefu.aftersales.cases.CaseAction.*;

/**
 * Where a case is, and the one table of which action moves it where. Open work: OPEN (nobody took it yet),
 * IN_PROGRESS, WAITING_FOR_BUYER (a photo, the return parcel), WAITING_FOR_APPROVAL (an amount above the resolver's
 * limit awaits a supervisor), ESCALATED (beyond an agent's authority, with supervisors). Ended: RESOLVED, REJECTED,
 * FOLLOWED_UP (resolved and the buyer visited, 回访), CLOSED (final: nothing moves a closed case, notes may still be
 * added as evidence; the buyer's next problem is a new case). A resolved, rejected or followed-up case can be reopened.
 */
public enum CaseStatus {
    OPEN, IN_PROGRESS, WAITING_FOR_BUYER, WAITING_FOR_APPROVAL, ESCALATED, RESOLVED, REJECTED, FOLLOWED_UP, CLOSED;

    /** The statuses of open work: the resolution target runs, the inbox shows them. */
    public static final Set<CaseStatus> OPEN_WORK =
            EnumSet.of(OPEN, IN_PROGRESS, WAITING_FOR_BUYER, WAITING_FOR_APPROVAL, ESCALATED);

    /**
     * Every legal move: status → (action → next status). An action missing from a status's row is illegal there
     * (409 naming the current status); an action that keeps the status (a note, a re-assignment) maps to itself.
     */
    private static final Map<CaseStatus, Map<CaseAction, CaseStatus>> MOVES = Map.of(
            OPEN, Map.of(ASSIGN, IN_PROGRESS, WAIT_FOR_BUYER, WAITING_FOR_BUYER, ESCALATE, ESCALATED,
                    RESOLVE, RESOLVED, REQUEST_APPROVAL, WAITING_FOR_APPROVAL, REJECT, REJECTED, NOTE, OPEN,
                    CLOSE, CLOSED),
            IN_PROGRESS, Map.of(ASSIGN, IN_PROGRESS, WAIT_FOR_BUYER, WAITING_FOR_BUYER, ESCALATE, ESCALATED,
                    RESOLVE, RESOLVED, REQUEST_APPROVAL, WAITING_FOR_APPROVAL, REJECT, REJECTED, NOTE, IN_PROGRESS,
                    CLOSE, CLOSED),
            WAITING_FOR_BUYER, Map.of(ASSIGN, WAITING_FOR_BUYER, RESUME, IN_PROGRESS, ESCALATE, ESCALATED,
                    RESOLVE, RESOLVED, REQUEST_APPROVAL, WAITING_FOR_APPROVAL, REJECT, REJECTED,
                    NOTE, WAITING_FOR_BUYER, CLOSE, CLOSED),
            // decided by a supervisor; the marketplace settling the case meanwhile supersedes the request first
            WAITING_FOR_APPROVAL, Map.of(APPROVE, RESOLVED, DENY, IN_PROGRESS, SUPERSEDE, IN_PROGRESS,
                    NOTE, WAITING_FOR_APPROVAL, CLOSE, CLOSED),
            ESCALATED, Map.of(ASSIGN, ESCALATED, RESOLVE, RESOLVED, REQUEST_APPROVAL, WAITING_FOR_APPROVAL,
                    REJECT, REJECTED, NOTE, ESCALATED, CLOSE, CLOSED),
            RESOLVED, Map.of(VISIT, FOLLOWED_UP, ANSWER, RESOLVED, REOPEN, IN_PROGRESS, NOTE, RESOLVED,
                    CLOSE, CLOSED),
            REJECTED, Map.of(REOPEN, IN_PROGRESS, NOTE, REJECTED, CLOSE, CLOSED),
            FOLLOWED_UP, Map.of(ANSWER, FOLLOWED_UP, REOPEN, IN_PROGRESS, NOTE, FOLLOWED_UP, CLOSE, CLOSED),
            CLOSED, Map.of(NOTE, CLOSED));

    /** Where {@code action} takes a case in this status, or empty when it is not allowed here. */
    public Optional<CaseStatus> after(CaseAction action) {
        return Optional.ofNullable(MOVES.get(this).get(action));
    }

    /** The actions allowed in this status (what an agent's view offers). */
    public Set<CaseAction> actions() {
        Set<CaseAction> allowed = EnumSet.noneOf(CaseAction.class);
        allowed.addAll(MOVES.get(this).keySet());
        return allowed;
    }

    public boolean isOpenWork() {
        return OPEN_WORK.contains(this);
    }
}
