package dev.kefu.aftersales.cases;

/** An action the case's status does not allow ({@link CaseStatus#after}): a 409 naming the status and the action. */
public class IllegalCaseMove extends CaseRuleViolation {

    private final CaseStatus currentStatus;
    private final CaseAction action;

    public IllegalCaseMove(String caseId, CaseStatus currentStatus, CaseAction action) {
        super("case " + caseId + " is " + currentStatus + "; " + action + " is not possible there (possible: "
                + currentStatus.actions() + ")");
        this.currentStatus = currentStatus;
        this.action = action;
    }

    public CaseStatus currentStatus() {
        return currentStatus;
    }

    public CaseAction action() {
        return action;
    }
}
