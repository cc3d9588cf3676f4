package dev.kefu.aftersales.cases;

/** A change the case's state does not allow (e.g. escalating a resolved case). */
public class CaseRuleViolation extends RuntimeException {

    public CaseRuleViolation(String message) {
        super(message);
    }
}
