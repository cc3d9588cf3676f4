package dev.kefu.review.messaging;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.Topics;
import dev.kefu.events.inbound.MarketplaceReviewPosted;
import dev.kefu.events.inbound.MarketplaceReviewRevised;
import dev.kefu.platform.messaging.Handled;
import dev.kefu.platform.messaging.UnprocessableEventException;
import dev.kefu.review.review.ReviewRuleViolation;
import dev.kefu.review.review.ReviewService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;


/**
 * Marketplace review input → {@link ReviewService}, one record at a time: the listener waits for the write, so the
 * offset is committed only after it and a review's revision is never applied before the review itself. (Returning the
 * Mono instead lets the container start the next record at once: a revision right behind its review found no review
 * and was dead-lettered.)
 */
@Component
class MarketplaceReviewsListener {

    private final ReviewService reviews;

    MarketplaceReviewsListener(ReviewService reviews) {
        this.reviews = reviews;
    }

    @KafkaListener(topics = Topics.MARKETPLACE_REVIEWS)
    void on(ConsumerRecord<String, KefuEvent> record) {
        Handled.await(Mono.defer(() -> {
            CloudEvent attributes = CloudEvent.readFrom(record.headers());
            if (record.value() instanceof MarketplaceReviewPosted posted) {
                return reviews.posted(attributes, posted);
            }
            if (record.value() instanceof MarketplaceReviewRevised revised) {
                return reviews.revised(attributes, revised);
            }
            return Mono.error(new UnprocessableEventException("not a review event: " + attributes.type()));
        }).onErrorMap(ReviewRuleViolation.class, e -> new UnprocessableEventException(e.getMessage())));
    }
}
