package dev.kefu.aftersales.cases;

/**
 * A resolution that makes the buyer's compensation depend on changing or deleting a review (好评返现): the platforms
 * forbid bought reviews, so Kefu refuses it (422) whoever asks.
 */
public class ReviewConditionRefused extends RuntimeException {

    public ReviewConditionRefused() {
        super("a resolution must not make compensation conditional on changing or removing a review");
    }
}
