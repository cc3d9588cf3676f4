package dev.kefu.gateway.summary;

import dev.kefu.platform.kpi.Ratio;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The improvement points (改进点) of a work summary, each derived from the KPI figures by one stated rule (the list
 * in docs/desk.md, "Work summaries"). Pure: figures and targets in, findings out, in the order of {@link #RULES}.
 * <ol>
 *   <li>{@value #THREE_MINUTE_RATE}: the 3-minute response rate is below the shop's target.</li>
 *   <li>{@value #THREE_MINUTE_RATE_HOURS}: in a run of consecutive local hours, each with at least
 *       {@code minHourReplies} replies, every hour's 3-minute rate is below the target; one finding per run, with the
 *       run's rate (its replies within three minutes of all its replies), "between 20:00 and 23:00".</li>
 *   <li>{@value #FIRST_RESPONSE_P90}: the first-response p90 is above the shop's first-response target.</li>
 *   <li>{@value #CONVERSION}: the inquiry-to-order conversion is below the threshold (with at least one inquiry).</li>
 *   <li>{@value #RESOLUTION_TARGET}: cases resolved in the period missed their resolution target.</li>
 *   <li>{@value #BAD_REVIEW_REASON}: at least {@code minBadReviews} bad reviews, and one reason is given by at least
 *       {@code dominantReasonShare} of them and by more than any other reason.</li>
 *   <li>{@value #FOLLOW_UP_VISITS}: follow-up visits came due in the period and are still not made.</li>
 * </ol>
 * A figure that is absent (its service did not answer, or nothing to divide by) fires no rule.
 */
public final class SummaryRules {

    public static final String THREE_MINUTE_RATE = "three-minute-rate-below-target";
    public static final String THREE_MINUTE_RATE_HOURS = "three-minute-rate-below-target-in-hours";
    public static final String FIRST_RESPONSE_P90 = "first-response-p90-above-target";
    public static final String CONVERSION = "conversion-below-threshold";
    public static final String RESOLUTION_TARGET = "resolution-target-missed";
    public static final String BAD_REVIEW_REASON = "bad-reviews-dominant-reason";
    public static final String FOLLOW_UP_VISITS = "follow-up-visits-not-done";
    public static final List<String> RULES = List.of(THREE_MINUTE_RATE, THREE_MINUTE_RATE_HOURS, FIRST_RESPONSE_P90,
            CONVERSION, RESOLUTION_TARGET, BAD_REVIEW_REASON, FOLLOW_UP_VISITS);

    /**
     * What the figures are held to: the 3-minute rate target (share), the first-response target (seconds), the
     * conversion threshold (share), the share of bad reviews that makes a reason dominant and how many bad reviews it
     * takes, and how many replies an hour needs to be judged on its own.
     */
    public record Targets(double threeMinuteRate, long firstResponseSeconds, double conversion,
                          double dominantReasonShare, int minBadReviews, int minHourReplies) {
    }

    /** One local hour's replies: within three minutes ({@code count}) of all ({@code of}). */
    public record Hour(int hour, long count, long of) {
    }

    /** The figures the rules read (null: absent). */
    public record Input(Ratio threeMinuteRate, List<Hour> byHour, Double firstResponseP90Seconds,
                        Ratio inquiryConversionRate, Ratio resolutionTargetMetRate, Long badReviews,
                        Map<String, Long> badReviewsByReason, Long followUpVisitsOverdue) {

        /** The input of one subject's KPI figures as {@code /api/kpis} gives them (the shop's or an agent's). */
        public static Input of(JsonNode figures) {
            List<Hour> hours = new ArrayList<>();
            for (JsonNode h : figures.path("byHour")) {
                Ratio r = ratio(h.path("threeMinuteResponseRate"));
                if (r != null && h.path("hour").isNumber()) {
                    hours.add(new Hour(h.get("hour").asInt(), r.count(), r.of()));
                }
            }
            Map<String, Long> reasons = null;
            if (figures.path("badReviewsByReason").isObject()) {
                reasons = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : figures.get("badReviewsByReason").properties()) {
                    reasons.put(e.getKey(), e.getValue().asLong());
                }
            }
            return new Input(ratio(figures.path("threeMinuteResponseRate")), hours,
                    number(figures.path("firstResponseP90Seconds")), ratio(figures.path("inquiryConversionRate")),
                    ratio(figures.path("resolutionTargetMetRate")), count(figures.path("badReviews")), reasons,
                    count(figures.path("followUpVisitsOverdue")));
        }

        private static Ratio ratio(JsonNode node) {
            if (!node.isObject() || !node.path("count").isNumber() || !node.path("of").isNumber()) {
                return null;
            }
            return Ratio.of(node.get("count").asLong(), node.get("of").asLong());
        }

        private static Double number(JsonNode node) {
            return node.isNumber() ? node.asDouble() : null;
        }

        private static Long count(JsonNode node) {
            return node.isNumber() ? node.asLong() : null;
        }
    }

    /** An improvement point: the rule that fired and the values it fired on (shares as 0-1, times in seconds). */
    public record Finding(String rule, Map<String, Object> values) {
    }

    private SummaryRules() {
    }

    public static List<Finding> apply(Input in, Targets t) {
        List<Finding> findings = new ArrayList<>();
        Ratio rate = in.threeMinuteRate();
        if (rate != null && rate.value() != null && rate.value() < t.threeMinuteRate()) {
            findings.add(finding(THREE_MINUTE_RATE, "rate", rate.value(), "count", rate.count(), "of", rate.of(),
                    "target", t.threeMinuteRate()));
        }
        findings.addAll(slowHours(in.byHour() == null ? List.of() : in.byHour(), t));
        Double p90 = in.firstResponseP90Seconds();
        if (p90 != null && p90 > t.firstResponseSeconds()) {
            findings.add(finding(FIRST_RESPONSE_P90, "seconds", p90, "targetSeconds", t.firstResponseSeconds()));
        }
        Ratio conversion = in.inquiryConversionRate();
        if (conversion != null && conversion.value() != null && conversion.value() < t.conversion()) {
            findings.add(finding(CONVERSION, "rate", conversion.value(), "count", conversion.count(),
                    "of", conversion.of(), "threshold", t.conversion()));
        }
        Ratio met = in.resolutionTargetMetRate();
        if (met != null && met.count() < met.of()) {
            findings.add(finding(RESOLUTION_TARGET, "missed", met.of() - met.count(), "of", met.of()));
        }
        Finding reason = dominantReason(in, t);
        if (reason != null) {
            findings.add(reason);
        }
        Long overdue = in.followUpVisitsOverdue();
        if (overdue != null && overdue > 0) {
            findings.add(finding(FOLLOW_UP_VISITS, "count", overdue));
        }
        return findings;
    }

    /** Runs of consecutive judged hours (enough replies) each below the target. */
    private static List<Finding> slowHours(List<Hour> hours, Targets t) {
        Hour[] byHour = new Hour[24];
        for (Hour h : hours) {
            if (h.hour() >= 0 && h.hour() < 24) {
                byHour[h.hour()] = h;
            }
        }
        List<Finding> runs = new ArrayList<>();
        int h = 0;
        while (h < 24) {
            if (!slow(byHour[h], t)) {
                h++;
                continue;
            }
            int start = h;
            long count = 0;
            long of = 0;
            while (h < 24 && slow(byHour[h], t)) {
                count += byHour[h].count();
                of += byHour[h].of();
                h++;
            }
            runs.add(finding(THREE_MINUTE_RATE_HOURS, "from", start, "to", h, "rate", Ratio.of(count, of).value(),
                    "count", count, "of", of, "target", t.threeMinuteRate()));
        }
        return runs;
    }

    private static boolean slow(Hour hour, Targets t) {
        return hour != null && hour.of() > 0 && hour.of() >= t.minHourReplies()
                && (double) hour.count() / hour.of() < t.threeMinuteRate();
    }

    private static Finding dominantReason(Input in, Targets t) {
        Long bad = in.badReviews();
        if (bad == null || bad < t.minBadReviews() || bad == 0 || in.badReviewsByReason() == null) {
            return null;
        }
        String top = null;
        long topCount = 0;
        long second = 0;
        for (Map.Entry<String, Long> e : in.badReviewsByReason().entrySet()) {
            long n = e.getValue() == null ? 0 : e.getValue();
            if (n > topCount) {
                second = topCount;
                top = e.getKey();
                topCount = n;
            } else if (n > second) {
                second = n;
            }
        }
        if (top == null || topCount <= second || (double) topCount / bad < t.dominantReasonShare()) {
            return null;
        }
        return finding(BAD_REVIEW_REASON, "reason", top, "count", topCount, "of", bad);
    }

    private static Finding finding(String rule, Object... keyValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Finding(rule, values);
    }
}
