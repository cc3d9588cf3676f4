package dev.kefu.gateway.summary;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * What the work summaries hold the figures to ({@code kefu.summaries.*}), with a shop's own 3-minute rate target and
 * conversion threshold under {@code kefu.summaries.shops.<id>.*}. The first-response target is the shop's
 * {@code sla.first-response} (ShopSettings), the same the response clock runs against.
 *
 * @param threeMinuteRate     the 3-minute response rate a shop aims at (default 0.80)
 * @param conversion          an inquiry conversion below this is an improvement point (default 0.20)
 * @param dominantReasonShare a complaint reason given by at least this share of the bad reviews dominates (0.5)
 * @param minBadReviews       how many bad reviews it takes before a reason can dominate (2)
 * @param minHourReplies      how many replies an hour needs to be judged on its own (3)
 */
@ConfigurationProperties("kefu.summaries")
public record SummaryTargets(Double threeMinuteRate, Double conversion, Double dominantReasonShare,
                             Integer minBadReviews, Integer minHourReplies, Map<String, Shop> shops) {

    /** A shop's own targets; what it leaves out is the default. */
    public record Shop(Double threeMinuteRate, Double conversion) {
    }

    public SummaryTargets {
        threeMinuteRate = threeMinuteRate == null ? 0.80 : threeMinuteRate;
        conversion = conversion == null ? 0.20 : conversion;
        dominantReasonShare = dominantReasonShare == null ? 0.5 : dominantReasonShare;
        minBadReviews = minBadReviews == null ? 2 : minBadReviews;
        minHourReplies = minHourReplies == null ? 3 : minHourReplies;
        shops = shops == null ? Map.of() : Map.copyOf(shops);
    }

    /** The targets of {@code shopId}, whose first-response target is {@code firstResponse}. */
    public SummaryRules.Targets of(String shopId, Duration firstResponse) {
        Shop own = shops.get(shopId);
        double rate = own != null && own.threeMinuteRate() != null ? own.threeMinuteRate() : threeMinuteRate;
        double conv = own != null && own.conversion() != null ? own.conversion() : conversion;
        return new SummaryRules.Targets(rate, firstResponse.toSeconds(), conv, dominantReasonShare, minBadReviews,
                minHourReplies);
    }
}
