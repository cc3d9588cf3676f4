package dev.kefu.review.review;

/** Where the follow-up of a bad review (差评回访) stands: not yet contacted → buyer contacted → resolved. */
public enum FollowUpStatus {
    NONE, CONTACTED, RESOLVED
}
