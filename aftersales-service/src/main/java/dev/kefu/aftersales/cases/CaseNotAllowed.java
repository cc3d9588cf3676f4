package dev.kefu.aftersales.cases;

/** A change the case allows, but not from this actor: it exceeds an agent's authority. */
public class CaseNotAllowed extends RuntimeException {

    public CaseNotAllowed(String message) {
        super(message);
    }
}
