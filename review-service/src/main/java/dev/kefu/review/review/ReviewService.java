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

    public ReviewService(ReviewRepository reviews, ReactiveMongoTemplate mongo, OutboxRelay outbox,
                         EventMetrics metrics, Clock clock) {
        this.reviews = reviews;
        this.mongo = mongo;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Mono<Void> posted(CloudEvent attributes, MarketplaceReviewPosted event) {
        Review fresh = Review.firstSeen(event);
        return apply(attributes, fresh.id(), Mono.fromSupplier(() -> ReviewDocument.empty(fresh)),
                review -> review.post(event));
    }

    /** A revision of a review never posted cannot be applied: retrying will not make it known, so it is dead-lettered. */
    public Mono<Void> revised(CloudEvent attributes, MarketplaceReviewRevised event) {
        String id = Review.id(event.shopId(), event.reviewId());
        return apply(attributes, id, Mono.error(() -> new ReviewRuleViolation("review " + event.reviewId() + " of shop "
                        + event.shopId() + " is unknown: review.revised arrived without its review.posted")),
                review -> review.revise(event));
    }

    /** Reviews of one shop matching every filter given (null = any), newest first, at most {@code limit}. */
    public Flux<Review.Snapshot> find(String shopId, String buyerId, Sentiment sentiment, FollowUpStatus followUp,
                                      int limit) {
        Criteria criteria = Criteria.where("review.shopId").is(shopId);
        if (buyerId != null) {
            criteria = criteria.and("review.buyerId").is(buyerId);
        }
        if (sentiment != null) {
            criteria = criteria.and("review.sentiment").is(sentiment.name());
        }
        if (followUp != null) {
            criteria = criteria.and("review.followUp").is(followUp.name());
        }
        return mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "review.postedAt")).limit(limit),
                        ReviewDocument.class)
                .map(ReviewDocument::review);
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
