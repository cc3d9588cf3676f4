package dev.kefu.gateway.summary;

import dev.kefu.events.kafka.EventJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Markdown of a summary in each language, from the text bundle, with the figures printed as given. */
class SummaryMarkdownTest {

    private static final SummaryMarkdown MARKDOWN = SummaryMarkdown.standard();
    private static final SummaryRules.Targets TARGETS = new SummaryRules.Targets(0.80, 180, 0.20, 0.5, 2, 3);
    private static final SummaryPeriod DAY = SummaryPeriod.of(SummaryPeriod.Kind.DAY, LocalDate.parse("2026-11-20"),
            ZoneId.of("Asia/Shanghai"));
    private static final JsonNode SHOP = EventJson.mapper().readTree("""
            {"conversationsHandled":3,"threeMinuteResponseRate":{"count":2,"of":3,"value":0.6667},
             "firstResponseAverageSeconds":140.0,"firstResponseP90Seconds":300.0,
             "inquiryConversionRate":{"count":1,"of":5,"value":0.2},
             "longestWaits":[{"buyerId":"b-slow","waitedSeconds":300,"since":"2026-11-20T12:03:00Z","agentId":"agent-1"}],
             "casesOpened":3,"casesOpenedByKind":{"COMPLAINT":1,"REFUND":2},"casesResolved":2,
             "casesResolvedByOutcome":{"REFUNDED":2},"casesRejected":0,"casesEscalated":1,"escalatedCaseIds":["c-9"],
             "averageResolutionSeconds":5400,"resolutionTargetMetRate":{"count":1,"of":2,"value":0.5},
             "followUpVisitsDone":1,"followUpVisitsOverdue":1,"csatAverage":4.5,"csatCount":2,
             "badReviews":2,"badReviewsByReason":{"LOGISTICS":2},"badReviewFollowUpRate":{"count":1,"of":2,"value":0.5},
             "badReviewRecoveryRate":{"count":1,"of":2,"value":0.5}}""");

    @Test
    void everyLanguageHasEveryText() {
        assertThat(MARKDOWN.keys("zh")).isNotEmpty().isEqualTo(MARKDOWN.keys("ko")).isEqualTo(MARKDOWN.keys("en"));
        for (String rule : SummaryRules.RULES) {
            assertThat(MARKDOWN.keys("en")).contains("rule." + rule);
        }
    }

    @Test
    void theShopsDayInChinese() {
        String md = render("zh", SHOP, Map.of());
        assertThat(md).startsWith("# 茶叶旗舰店 工作总结 · 2026-11-20\n")
                .contains("统计时段：2026-11-20 00:00 – 2026-11-21 00:00（Asia/Shanghai）")
                .contains("## 全店")
                .contains("- 接待买家 3 位；咨询买家 5 位")
                .contains("- 3分钟响应率 66.7%（2/3），目标 80.0%")
                .contains("- 首次响应：平均 2 分 20 秒，P90 5 分 0 秒（目标 3 分 0 秒）")
                .contains("- 询单转化率 20.0%（1/5）")
                .contains("- 新开售后 3 件：投诉 1、退款 2")
                .contains("- 解决售后 2 件：已退款 2；驳回 0 件；升级 1 件")
                .contains("- 平均处理时长 1 小时 30 分；处理时效达标率 50.0%（1/2）")
                .contains("- 中差评 2 条：物流 2；回访率 50.0%（1/2）；挽回 1 条，挽回率 50.0%（1/2）")
                .contains("- 售后回访完成 1 次；到期未访 1 次")
                .contains("- 满意度 4.50（2 份评分）")
                .contains("- 等待较久：b-slow 等了 5 分 0 秒（11-20 20:03 起）")
                .contains("- 升级的售后：c-9")
                .contains("- 3分钟响应率 66.7% 低于目标 80.0%")
                .contains("- 首次响应 P90 为 5 分 0 秒，超过目标 3 分 0 秒")
                .contains("- 1 件售后未在处理时效内解决（共解决 2 件）")
                .contains("- 中差评集中在「物流」：2/2 条")
                .contains("- 1 次售后回访到期未做");
    }

    @Test
    void koreanAndEnglishAreTheSameFiguresInTheirWords() {
        String ko = render("ko", SHOP, Map.of());
        assertThat(ko).startsWith("# 茶叶旗舰店 업무 요약 · 2026-11-20\n")
                .contains("- 3분 응답률 66.7% (2/3), 목표 80.0%")
                .contains("- 새 A/S 건 3건: 불만 1, 환불 2")
                .contains("- 부정 리뷰가 '배송'에 몰려 있습니다: 2건 중 2건");
        String en = render("en", SHOP, Map.of());
        assertThat(en).startsWith("# 茶叶旗舰店 work summary · 2026-11-20\n")
                .contains("- First response: average 2 min 20 s, p90 5 min 0 s (target 3 min 0 s)")
                .contains("- Long wait: b-slow waited 5 min 0 s (from 11-20 20:03)")
                .contains("- 1 follow-up visits due and not made");
    }

    @Test
    void anAgentsSectionAndAWeekAndNothingToReport() {
        JsonNode agent = EventJson.mapper().readTree("""
                {"conversationsHandled":2,"threeMinuteResponseRate":{"count":2,"of":2,"value":1.0},
                 "badReviewsFollowedUp":1,"badReviewRecoveryRate":{"count":0,"of":1,"value":0.0}}""");
        SummaryPeriod week = SummaryPeriod.of(SummaryPeriod.Kind.WEEK, LocalDate.parse("2026-11-20"),
                ZoneId.of("Asia/Shanghai"));
        WorkSummary.Section section = new WorkSummary.Section(agent, WorkSummary.Notable.of(agent), List.of());
        Map<String, WorkSummary.Section> agents = new LinkedHashMap<>();
        agents.put("agent-1", section);
        String md = MARKDOWN.render("en", "Tea", week, TARGETS, null, agents, List.of("review-service"));
        assertThat(md).startsWith("# Tea weekly work summary · 2026-11-16 to 2026-11-22\n")
                .contains("> These services did not answer; their figures are missing: review-service")
                .doesNotContain("## Shop")
                .contains("## Agent agent-1")
                .contains("- Bad reviews followed up: 1; recovered 0, 0.0% (0/1)")
                .contains("### Notable\n\n- none")
                .contains("### Improvement points\n\n- Every figure met its target")
                .doesNotContain("Cases opened");
    }

    @Test
    void anHourRangeReadsAsTimes() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("from", 20);
        values.put("to", 23);
        values.put("rate", 0.4286);
        values.put("count", 6L);
        values.put("of", 14L);
        values.put("target", 0.8);
        SummaryRules.Finding finding = new SummaryRules.Finding(SummaryRules.THREE_MINUTE_RATE_HOURS, values);
        assertThat(MARKDOWN.improvement("en", finding))
                .isEqualTo("3-minute response rate 42.9% (6/14) below the target of 80.0% between 20:00 and 23:00");
        assertThat(MARKDOWN.improvement("zh", finding)).isEqualTo("20:00–23:00 的3分钟响应率 42.9%（6/14）低于目标 80.0%");
    }

    private static String render(String lang, JsonNode figures, Map<String, WorkSummary.Section> agents) {
        List<WorkSummary.Improvement> improvements = SummaryRules.apply(SummaryRules.Input.of(figures), TARGETS).stream()
                .map(f -> new WorkSummary.Improvement(f.rule(), f.values(), MARKDOWN.improvement(lang, f))).toList();
        WorkSummary.Section shop = new WorkSummary.Section(figures, WorkSummary.Notable.of(figures), improvements);
        return MARKDOWN.render(lang, "茶叶旗舰店", DAY, TARGETS, shop, agents, List.of());
    }
}
