package dev.kefu.aftersales.cases;

/**
 * What can be done to a case, by agents (assign, wait for the buyer, resume, escalate, resolve, reject, note, visit,
 * close, reopen), supervisors (approve, deny), the buyer (answer the satisfaction survey) or the marketplace's refund
 * (which resolves, rejects or closes through the same moves, and supersedes an amount a supervisor was still to
 * decide). {@link CaseStatus#after} says where each one is allowed.
 */
public enum CaseAction {
    ASSIGN, WAIT_FOR_BUYER, RESUME, ESCALATE, REQUEST_APPROVAL, APPROVE, DENY, SUPERSEDE, RESOLVE, REJECT, NOTE, VISIT,
    ANSWER, CLOSE, REOPEN
}
