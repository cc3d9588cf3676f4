package dev.kefu.aftersales.cases;

/** Where a case is: opened → an agent works on it → escalated to a supervisor → resolved or rejected. */
public enum CaseStatus {
    OPEN, IN_PROGRESS, ESCALATED, RESOLVED, REJECTED;

    boolean isClosed() {
        return this == RESOLVED || this == REJECTED;
    }
}
