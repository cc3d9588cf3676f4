package dev.kefu.review.review;

/** Input that contradicts the review's history or state (e.g. a revision of a review never posted). */
public class ReviewRuleViolation extends RuntimeException {

    public ReviewRuleViolation(String message) {
        super(message);
    }
}
