package dev.kefu.review.review;

import dev.kefu.events.review.ReviewPosted.Sentiment;
import dev.kefu.platform.kpi.KpiQuery;
import dev.kefu.platform.kpi.Ratio;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bad-review figures of a period, from the stored reviews (so replaying the review topics rebuilds them): of the
 * bad reviews (中差评: negative, or neutral with a complaint reason) posted in it, how many were followed up (差评回访)
 * and how many recovered (revised to a better rating). A follow-up is the work of the agent who made the first one.
 * Reads the shop's reviews of the period ({@code shop_posted} index).
 */
@Component
class ReviewKpis {

    /**
     * The shop's: bad reviews posted in the period, the share followed up, the share recovered, and how many of them
     * gave each complaint reason ({@code badReviewsByReason}, most given first; a review may give several).
     */
    record ShopFigures(long badReviews, Ratio badReviewFollowUpRate, Ratio badReviewRecoveryRate,
                       Map<String, Long> badReviewsByReason) {
    }

    /** An agent's: the period's bad reviews they followed up first, and the share of those that recovered. */
    record AgentFigures(long badReviewsFollowedUp, Ratio badReviewRecoveryRate) {
    }

    /** {@code shop} is null when the query is one agent's. */
    record Answer(ShopFigures shop, Map<String, AgentFigures> agents) {
    }

    private final ReactiveMongoTemplate mongo;

    ReviewKpis(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    Mono<Answer> of(KpiQuery query) {
        // 中差评: negative, or followable (a neutral review with a complaint reason); reviews stored before
        // "followable" existed count when negative
        Query bad = Query.query(Criteria.where("review.shopId").is(query.shopId())
                .and("review.postedAt").gte(Date.from(query.from())).lt(Date.from(query.to()))
                .orOperator(Criteria.where("review.sentiment").is(Sentiment.NEGATIVE.name()),
                        Criteria.where("review.followable").is(true)));
        return mongo.find(bad, ReviewDocument.class).map(ReviewDocument::review).collectList().map(reviews -> {
            long followedUp = reviews.stream().filter(r -> r.followUp() != FollowUpStatus.NONE).count();
            long recovered = reviews.stream().filter(Review.Snapshot::improved).count();
            ShopFigures shop = query.wholeShop() ? new ShopFigures(reviews.size(), Ratio.of(followedUp, reviews.size()),
                    Ratio.of(recovered, reviews.size()), byReason(reviews)) : null;
            Map<String, long[]> byAgent = new TreeMap<>();
            for (Review.Snapshot review : reviews) {
                List<Review.FollowUp> steps = review.followUps() == null ? List.of() : review.followUps();
                String agent = steps.isEmpty() ? null : steps.get(0).agentId();
                if (query.includes(agent)) {
                    long[] counts = byAgent.computeIfAbsent(agent, a -> new long[2]);
                    counts[0]++;
                    counts[1] += review.improved() ? 1 : 0;
                }
            }
            Map<String, AgentFigures> agents = new TreeMap<>();
            byAgent.forEach((agent, counts) -> agents.put(agent, new AgentFigures(counts[0], Ratio.of(counts[1], counts[0]))));
            return new Answer(shop, agents);
        });
    }

    private static Map<String, Long> byReason(List<Review.Snapshot> reviews) {
        Map<String, Long> counts = new TreeMap<>();
        for (Review.Snapshot review : reviews) {
            if (review.reasons() != null) {
                review.reasons().stream().distinct().forEach(r -> counts.merge(r.name(), 1L, Long::sum));
            }
        }
        Map<String, Long> ordered = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }
}
