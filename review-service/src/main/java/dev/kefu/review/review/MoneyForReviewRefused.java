package dev.kefu.review.review;

/** A follow-up that offers the buyer money for a better review: platforms punish it, and Kefu will not record it. */
public class MoneyForReviewRefused extends RuntimeException {

    public static final String REASON = "never pay for a review revision";

    public MoneyForReviewRefused() {
        super(REASON);
    }
}
