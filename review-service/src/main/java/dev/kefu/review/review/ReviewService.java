package dev.kefu.review.review;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.inbound.MarketplaceReviewPosted;
import dev.kefu.events.inbound.MarketplaceReviewRevised;
import dev.kefu.events.review.ReviewPosted.Sentiment;
import dev.kefu.platform.messaging.EventMetrics;
import dev.kefu.platform.outbox.OutboxEntry;
import dev.kefu.platform.outbox.OutboxRelay;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/** Applies marketplace reviews exactly once per event id, hands review-posted to the outbox, records follow-ups. */
@Service
public class ReviewService {

    static final String SOURCE = "/review-service";
    private final ReviewRepository reviews;
    private final ReactiveMongoTemplate mongo;
    private final OutboxRelay outbox;
    private final EventMetrics metrics;
    private final Clock clock;
    private final ReasonLexicons lexicons;

    public ReviewService(ReviewRepository reviews, ReactiveMongoTemplate mongo, OutboxRelay outbox,
                         EventMetrics metrics, Clock clock, ReasonLexicons lexicons) {
        this.lexicons = lexicons;
        this.reviews = reviews;
        this.mongo = mongo;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Mono<Void> posted(CloudEvent attributes, MarketplaceReviewPosted event) {
        Review fresh = Review.firstSeen(event);
        return apply(attributes, fresh.id(), Mono.fromSupplier(() -> ReviewDocument.empty(fresh)),
                review -> review.post(event, lexicons.of(event.shopId())));
    }

    /** A revision of a review never posted cannot be applied: retrying will not make it known, so it is dead-lettered. */
    public Mono<Void> revised(CloudEvent attributes, MarketplaceReviewRevised event) {
        String id = Review.id(event.shopId(), event.reviewId());
        return apply(attributes, id, Mono.error(() -> new ReviewRuleViolation("review " + event.reviewId() + " of shop "
                        + event.shopId() + " is unknown: review.revised arrived without its review.posted")),
                review -> review.revise(event));
    }

    /** A page of a review list, and the cursor of the next one (null on the last). */
    public record Page(List<Review.Snapshot> items, String next) {
    }

    /**
     * Reviews of one shop matching every filter given (null = any), newest first (ties by id), at most {@code limit},
     * after {@code cursor} (null: from the newest).
     */
    public Mono<Page> find(String shopId, String buyerId, Sentiment sentiment, FollowUpStatus followUp,
                           Boolean followable, String cursor, int limit) {
        Criteria criteria = Criteria.where("review.shopId").is(shopId);
        if (followable != null) {
            criteria = criteria.and("review.followable").is(followable);
        }
        if (cursor != null) {
            ReviewCursor after = ReviewCursor.parse(cursor);
            criteria = criteria.orOperator(Criteria.where("review.postedAt").lt(after.postedAt()),
                    Criteria.where("review.postedAt").is(after.postedAt()).and("_id").lt(after.id()));
        }
        if (buyerId != null) {
            criteria = criteria.and("review.buyerId").is(buyerId);
        }
        if (sentiment != null) {
            criteria = criteria.and("review.sentiment").is(sentiment.name());
        }
        if (followUp != null) {
            criteria = criteria.and("review.followUp").is(followUp.name());
        }
        Sort newestFirst = Sort.by(Sort.Direction.DESC, "review.postedAt").and(Sort.by(Sort.Direction.DESC, "_id"));
        return mongo.find(Query.query(criteria).with(newestFirst).limit(limit + 1), ReviewDocument.class)
                .collectList()
                .map(found -> {
                    List<ReviewDocument> page = found.subList(0, Math.min(limit, found.size()));
                    ReviewDocument last = page.isEmpty() ? null : page.get(page.size() - 1);
                    String next = found.size() > limit
                            ? new ReviewCursor(last.review().postedAt(), last.id()).text() : null;
                    return new Page(page.stream().map(ReviewDocument::review).toList(), next);
                });
    }

    public Mono<Review.Snapshot> review(String shopId, String reviewId) {
        return reviews.findById(Review.id(shopId, reviewId)).map(ReviewDocument::review);
    }

    /** Records a follow-up step; empty if the shop has no such review. */
    public Mono<Review.Snapshot> followUp(String shopId, String reviewId, FollowUpStatus status, String note,
                                          String agentId) {
        return reviews.findById(Review.id(shopId, reviewId))
                .flatMap(stored -> {
                    Review review = Review.restore(stored.review());
                    review.followUp(status, note, agentId, clock.instant());
                    return reviews.save(stored.next(review, null, List.of()));
                })
                .map(ReviewDocument::review)
                // a review.revised may land between read and write: read again rather than fail the agent
                .retryWhen(Retry.max(3).filter(OptimisticLockingFailureException.class::isInstance));
    }

    /** Writes or rewrites the seller's explanation of a review; empty if the shop has no such review. */
    public Mono<Review.Snapshot> explain(String shopId, String reviewId, String text, String agentId) {
        return change(shopId, reviewId, review -> {
            review.explain(text, agentId, clock.instant());
            return List.of();
        });
    }

    /** Publishes the explanation, once, as {@code review-reply-outbound}; empty if the shop has no such review. */
    public Mono<Review.Snapshot> publishExplanation(String shopId, String reviewId, String agentId) {
        return change(shopId, reviewId, review -> review.publishExplanation(agentId, clock.instant()));
    }

    private Mono<Review.Snapshot> change(String shopId, String reviewId, Function<Review, List<KefuEvent>> change) {
        return Mono.defer(() -> reviews.findById(Review.id(shopId, reviewId)))
                .flatMap(stored -> {
                    Review review = Review.restore(stored.review());
                    List<KefuEvent> caused = change.apply(review);
                    ReviewDocument next = stored.next(review, null, OutboxEntry.allOf(caused, SOURCE, clock.instant()));
                    return save(next).thenReturn(next.review());
                })
                // a review.revised may land between read and write: read again rather than fail the agent
                .retryWhen(Retry.max(3).filter(OptimisticLockingFailureException.class::isInstance));
    }

    private Mono<Void> apply(CloudEvent attributes, String id, Mono<ReviewDocument> ifUnknown,
                             Function<Review, List<KefuEvent>> change) {
        return reviews.findById(id)
                .switchIfEmpty(ifUnknown)
                .flatMap(stored -> {
                    if (stored.hasApplied(attributes.id())) {
                        metrics.consumed(attributes.type(), true);
                        return Mono.empty();
                    }
                    Review review = Review.restore(stored.review());
                    List<KefuEvent> caused = change.apply(review);
                    metrics.consumed(attributes.type(), false);
                    return save(stored.next(review, attributes.id(), OutboxEntry.allOf(caused, SOURCE, clock.instant())));
                });
    }

    private Mono<Void> save(ReviewDocument next) {
        return outbox.write(ReviewDocument.COLLECTION, next.id(), next.outbox(), reviews.save(next)).then();
    }
}
