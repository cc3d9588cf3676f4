package dev.kefu.review.review;

import dev.kefu.events.review.ReviewPosted.Reason;
import dev.kefu.events.review.ReviewPosted.Sentiment;
import dev.kefu.platform.kpi.Ratio;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shop's reviews over a period {@code [from, to)}, by posting time: how they are rated, how many read negative,
 * why buyers complain, and how the 中差评 were handled: the share followed up (回访) and the share recovered (the buyer
 * later revised the rating up). Reads only the period's reviews ({@code shop_posted} index) and only the fields it
 * counts.
 */
@Component
public class ReviewAnalytics {

    /** How often a reason was given in the period's reviews. */
    public record ReasonCount(Reason reason, long count) {
    }

    /**
     * {@code ratingDistribution}: reviews per star 1-5; {@code negativeRate}: reviews that read negative;
     * {@code followable}: 中差评 (negative, or neutral with a complaint reason); {@code followUpRate} and
     * {@code recoveryRate} are shares of those; {@code topReasons}: most given first, only reasons given.
     */
    public record Figures(Instant from, Instant to, long reviews, Map<Integer, Long> ratingDistribution,
                          Ratio negativeRate, long followable, List<ReasonCount> topReasons, Ratio followUpRate,
                          Ratio recoveryRate) {
    }

    private final ReactiveMongoTemplate mongo;

    public ReviewAnalytics(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Mono<Figures> of(String shopId, Instant from, Instant to) {
        Query query = Query.query(Criteria.where("review.shopId").is(shopId)
                .and("review.postedAt").gte(Date.from(from)).lt(Date.from(to)));
        for (String field : List.of("rating", "sentiment", "reasons", "followable", "followUp", "improved")) {
            query.fields().include("review." + field);
        }
        return mongo.find(query, Document.class, ReviewDocument.COLLECTION)
                .map(d -> d.get("review", Document.class))
                .collectList()
                .map(reviews -> figures(from, to, reviews));
    }

    private static Figures figures(Instant from, Instant to, List<Document> reviews) {
        Map<Integer, Long> stars = new LinkedHashMap<>();
        for (int i = 1; i <= 5; i++) {
            stars.put(i, 0L);
        }
        Map<Reason, Long> reasons = new EnumMap<>(Reason.class);
        long negative = 0, followable = 0, followedUp = 0, recovered = 0;
        for (Document r : reviews) {
            stars.merge(r.getInteger("rating", 0), 1L, Long::sum);
            boolean isNegative = Sentiment.NEGATIVE.name().equals(r.getString("sentiment"));
            negative += isNegative ? 1 : 0;
            List<?> given = r.get("reasons", List.class);
            if (given != null) {
                given.forEach(reason -> reasons.merge(Reason.valueOf(reason.toString()), 1L, Long::sum));
            }
            // a review stored before "followable" existed was followable when negative
            if (r.getBoolean("followable", isNegative)) {
                followable++;
                followedUp += FollowUpStatus.NONE.name().equals(r.getString("followUp")) ? 0 : 1;
                recovered += r.getBoolean("improved", false) ? 1 : 0;
            }
        }
        List<ReasonCount> top = new ArrayList<>();
        reasons.forEach((reason, count) -> top.add(new ReasonCount(reason, count)));
        top.sort(Comparator.comparingLong(ReasonCount::count).reversed().thenComparing(ReasonCount::reason));
        return new Figures(from, to, reviews.size(), stars, Ratio.of(negative, reviews.size()), followable, top,
                Ratio.of(followedUp, followable), Ratio.of(recovered, followable));
    }
}
