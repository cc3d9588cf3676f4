package dev.kefu.aftersales.cases;

/** How a resolved case ended for the buyer. */
public enum Outcome {
    REFUNDED, RETURNED, EXCHANGED, COMPENSATED, EXPLAINED
}
