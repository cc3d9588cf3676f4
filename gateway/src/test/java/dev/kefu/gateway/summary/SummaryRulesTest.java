package dev.kefu.gateway.summary;

import dev.kefu.platform.kpi.Ratio;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each improvement rule on controlled figures: one input that fires it and one just on the other side. */
class SummaryRulesTest {

    private static final SummaryRules.Targets TARGETS = new SummaryRules.Targets(0.80, 180, 0.20, 0.5, 2, 3);

    /** Figures that fire nothing: every rule's input just on the good side. */
    private static SummaryRules.Input good() {
        return new SummaryRules.Input(Ratio.of(8, 10), List.of(new SummaryRules.Hour(20, 4, 5)), 180.0,
                Ratio.of(1, 5), Ratio.of(3, 3), 4L, reasons("LOGISTICS", 2L, "QUALITY", 2L), 0L);
    }

    @Test
    void figuresOnTargetFireNothing() {
        assertThat(SummaryRules.apply(good(), TARGETS)).isEmpty();
    }

    @Test
    void absentFiguresFireNothing() {
        SummaryRules.Input none = new SummaryRules.Input(null, List.of(), null, null, null, null, null, null);
        assertThat(SummaryRules.apply(none, TARGETS)).isEmpty();
        SummaryRules.Input nothingToDivide = new SummaryRules.Input(Ratio.of(0, 0), List.of(), null, Ratio.of(0, 0),
                Ratio.of(0, 0), 0L, Map.of(), 0L);
        assertThat(SummaryRules.apply(nothingToDivide, TARGETS)).isEmpty();
    }

    @Test
    void theThreeMinuteRateBelowTarget() {
        SummaryRules.Input in = with(good(), Ratio.of(7, 10), null);
        List<SummaryRules.Finding> findings = SummaryRules.apply(in, TARGETS);
        assertThat(findings).extracting(SummaryRules.Finding::rule).containsExactly(SummaryRules.THREE_MINUTE_RATE);
        assertThat(findings.get(0).values()).containsEntry("rate", 0.7).containsEntry("target", 0.80)
                .containsEntry("count", 7L).containsEntry("of", 10L);
    }

    @Test
    void consecutiveHoursBelowTargetAreOneRangeAndAnHourWithTooFewRepliesIsNotJudged() {
        List<SummaryRules.Hour> hours = List.of(
                new SummaryRules.Hour(9, 5, 5),
                new SummaryRules.Hour(14, 0, 2),   // too few replies to judge
                new SummaryRules.Hour(20, 1, 4),
                new SummaryRules.Hour(21, 2, 5),
                new SummaryRules.Hour(22, 3, 5),
                new SummaryRules.Hour(23, 4, 4));  // on target: the range ends at 23:00
        List<SummaryRules.Finding> findings = SummaryRules.apply(with(good(), null, hours), TARGETS);
        assertThat(findings).extracting(SummaryRules.Finding::rule)
                .containsExactly(SummaryRules.THREE_MINUTE_RATE_HOURS);
        assertThat(findings.get(0).values()).containsEntry("from", 20).containsEntry("to", 23)
                .containsEntry("count", 6L).containsEntry("of", 14L).containsEntry("rate", 0.4286);

        List<SummaryRules.Hour> twoRuns = List.of(new SummaryRules.Hour(8, 0, 3), new SummaryRules.Hour(10, 1, 3),
                new SummaryRules.Hour(11, 1, 3));
        assertThat(SummaryRules.apply(with(good(), null, twoRuns), TARGETS))
                .extracting(f -> f.values().get("from") + "-" + f.values().get("to")).containsExactly("8-9", "10-12");
        // 4 of 5 is the target itself: not below
        assertThat(SummaryRules.apply(with(good(), null, List.of(new SummaryRules.Hour(20, 4, 5))), TARGETS)).isEmpty();
    }

    @Test
    void theFirstResponseP90AboveTarget() {
        SummaryRules.Input slow = new SummaryRules.Input(Ratio.of(8, 10), List.of(), 181.0, Ratio.of(1, 5),
                Ratio.of(3, 3), 0L, Map.of(), 0L);
        assertThat(SummaryRules.apply(slow, TARGETS)).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(SummaryRules.FIRST_RESPONSE_P90);
            assertThat(f.values()).containsEntry("seconds", 181.0).containsEntry("targetSeconds", 180L);
        });
    }

    @Test
    void theConversionBelowTheThreshold() {
        SummaryRules.Input low = new SummaryRules.Input(Ratio.of(8, 10), List.of(), 10.0, Ratio.of(1, 6),
                Ratio.of(3, 3), 0L, Map.of(), 0L);
        assertThat(SummaryRules.apply(low, TARGETS)).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(SummaryRules.CONVERSION);
            assertThat(f.values()).containsEntry("threshold", 0.20).containsEntry("count", 1L).containsEntry("of", 6L);
        });
    }

    @Test
    void aResolutionTargetMissed() {
        SummaryRules.Input missed = new SummaryRules.Input(Ratio.of(8, 10), List.of(), 10.0, Ratio.of(1, 5),
                Ratio.of(2, 3), 0L, Map.of(), 0L);
        assertThat(SummaryRules.apply(missed, TARGETS)).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(SummaryRules.RESOLUTION_TARGET);
            assertThat(f.values()).containsEntry("missed", 1L).containsEntry("of", 3L);
        });
    }

    @Test
    void badReviewsWithADominantReasonButNotATieNorTooFewReviews() {
        SummaryRules.Input dominant = new SummaryRules.Input(Ratio.of(8, 10), List.of(), 10.0, Ratio.of(1, 5),
                Ratio.of(3, 3), 4L, reasons("LOGISTICS", 3L, "QUALITY", 1L), 0L);
        assertThat(SummaryRules.apply(dominant, TARGETS)).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(SummaryRules.BAD_REVIEW_REASON);
            assertThat(f.values()).containsEntry("reason", "LOGISTICS").containsEntry("count", 3L).containsEntry("of", 4L);
        });
        SummaryRules.Input oneReview = new SummaryRules.Input(Ratio.of(8, 10), List.of(), 10.0, Ratio.of(1, 5),
                Ratio.of(3, 3), 1L, reasons("LOGISTICS", 1L), 0L);
        assertThat(SummaryRules.apply(oneReview, TARGETS)).isEmpty();
        SummaryRules.Input under = new SummaryRules.Input(Ratio.of(8, 10), List.of(), 10.0, Ratio.of(1, 5),
                Ratio.of(3, 3), 5L, reasons("LOGISTICS", 2L, "QUALITY", 1L), 0L);
        assertThat(SummaryRules.apply(under, TARGETS)).isEmpty(); // 2 of 5 is under half
    }

    @Test
    void followUpVisitsNotDone() {
        SummaryRules.Input overdue = new SummaryRules.Input(Ratio.of(8, 10), List.of(), 10.0, Ratio.of(1, 5),
                Ratio.of(3, 3), 0L, Map.of(), 2L);
        assertThat(SummaryRules.apply(overdue, TARGETS)).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(SummaryRules.FOLLOW_UP_VISITS);
            assertThat(f.values()).containsEntry("count", 2L);
        });
    }

    @Test
    void aShopsOwnTargetsOverrideTheDefaults() {
        SummaryTargets targets = new SummaryTargets(null, null, null, null, null,
                Map.of("shop-strict", new SummaryTargets.Shop(0.95, null)));
        assertThat(targets.of("shop-strict", java.time.Duration.ofMinutes(2)))
                .isEqualTo(new SummaryRules.Targets(0.95, 120, 0.20, 0.5, 2, 3));
        assertThat(targets.of("shop-other", java.time.Duration.ofMinutes(3))).isEqualTo(TARGETS);
    }

    @Test
    void aDayAndAnIsoWeekAreTheShopsLocalCalendar() {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        SummaryPeriod day = SummaryPeriod.of(SummaryPeriod.Kind.DAY, LocalDate.parse("2026-11-20"), shanghai);
        assertThat(day.from()).isEqualTo(Instant.parse("2026-11-19T16:00:00Z"));
        assertThat(day.to()).isEqualTo(Instant.parse("2026-11-20T16:00:00Z"));
        SummaryPeriod week = SummaryPeriod.of(SummaryPeriod.Kind.WEEK, LocalDate.parse("2026-11-22"), shanghai);
        assertThat(week.firstDay()).isEqualTo(LocalDate.parse("2026-11-16")); // a Sunday is the week's last day
        assertThat(week.lastDay()).isEqualTo(LocalDate.parse("2026-11-22"));
        assertThat(week.from()).isEqualTo(Instant.parse("2026-11-15T16:00:00Z"));
        assertThat(week.to()).isEqualTo(Instant.parse("2026-11-22T16:00:00Z"));
        // the day clocks go back in Berlin has 25 hours
        SummaryPeriod dst = SummaryPeriod.of(SummaryPeriod.Kind.DAY, LocalDate.parse("2026-10-25"),
                ZoneId.of("Europe/Berlin"));
        assertThat(java.time.Duration.between(dst.from(), dst.to())).hasHours(25);
    }

    private static SummaryRules.Input with(SummaryRules.Input in, Ratio rate, List<SummaryRules.Hour> hours) {
        return new SummaryRules.Input(rate == null ? in.threeMinuteRate() : rate, hours == null ? in.byHour() : hours,
                in.firstResponseP90Seconds(), in.inquiryConversionRate(), in.resolutionTargetMetRate(), in.badReviews(),
                in.badReviewsByReason(), in.followUpVisitsOverdue());
    }

    private static Map<String, Long> reasons(Object... pairs) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Long) pairs[i + 1]);
        }
        return map;
    }
}
