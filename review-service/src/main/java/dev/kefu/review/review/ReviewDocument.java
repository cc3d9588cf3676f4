package dev.kefu.review.review;

import dev.kefu.platform.outbox.AppliedEvents;
import dev.kefu.platform.outbox.OutboxEntry;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * How a review is stored: its state, the ids of the events already applied (redelivery changes nothing) and the
 * events still to publish (and since when, which the outbox sweep's index holds). All change in one document write,
 * so state and outgoing events cannot diverge.
 */
@Document(ReviewDocument.COLLECTION)
@CompoundIndexes({
        @CompoundIndex(name = "shop_buyer", def = "{'review.shopId': 1, 'review.buyerId': 1}"),
        @CompoundIndex(name = "shop_work_list", def = "{'review.shopId': 1, 'review.sentiment': 1, 'review.followUp': 1}"),
        @CompoundIndex(name = "shop_sentiment_posted",
                def = "{'review.shopId': 1, 'review.sentiment': 1, 'review.postedAt': 1}"),
        @CompoundIndex(name = "shop_followable_work_list",
                def = "{'review.shopId': 1, 'review.followable': 1, 'review.followUp': 1}"),
        @CompoundIndex(name = "shop_posted", def = "{'review.shopId': 1, 'review.postedAt': -1, '_id': -1}")})
public record ReviewDocument(@Id String id, @Version Long version, Review.Snapshot review, List<String> appliedEventIds,
                             List<OutboxEntry> outbox, Instant outboxSince) {

    public static final String COLLECTION = "reviews";
    /** A review gets few events (posted, a revision or two); a short memory recognises every redelivery. */
    static final int REMEMBERED_EVENT_IDS = 50;

    boolean hasApplied(String eventId) {
        return appliedEventIds.contains(eventId);
    }

    ReviewDocument next(Review review, String eventId, List<OutboxEntry> newEvents) {
        List<OutboxEntry> pending = OutboxEntry.append(outbox, newEvents);
        return new ReviewDocument(review.id(), version, review.snapshot(),
                AppliedEvents.remember(appliedEventIds, eventId, REMEMBERED_EVENT_IDS), pending,
                OutboxEntry.pendingSince(pending));
    }

    static ReviewDocument empty(Review review) {
        return new ReviewDocument(review.id(), null, review.snapshot(), List.of(), List.of(), null);
    }
}
