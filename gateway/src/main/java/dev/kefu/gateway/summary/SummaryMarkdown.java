package dev.kefu.gateway.summary;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders a work summary as Markdown in Chinese, Korean or English. Every text is in {@code /summaries/texts.json}
 * (one object per language, {@code {name}} placeholders); the figures are printed as the KPIs give them: a rate as
 * a percentage with one decimal and its count and base, a time in seconds as minutes and seconds.
 */
public final class SummaryMarkdown {

    public static final List<String> LANGUAGES = List.of("zh", "ko", "en");
    private static final String MISSING = "—";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter WINDOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final Map<String, Map<String, String>> texts;

    SummaryMarkdown(Map<String, Map<String, String>> texts) {
        this.texts = texts;
    }

    /** The texts of the classpath bundle {@code /summaries/texts.json}. */
    public static SummaryMarkdown standard() {
        try (InputStream in = SummaryMarkdown.class.getResourceAsStream("/summaries/texts.json")) {
            if (in == null) {
                throw new IllegalStateException("no /summaries/texts.json on the classpath");
            }
            JsonNode root = JsonMapper.builder().build().readTree(in);
            Map<String, Map<String, String>> texts = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> language : root.properties()) {
                Map<String, String> own = new LinkedHashMap<>();
                language.getValue().properties().forEach(e -> own.put(e.getKey(), e.getValue().asString()));
                texts.put(language.getKey(), own);
            }
            return new SummaryMarkdown(texts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text keys of {@code language} (every language has the same). */
    public Set<String> keys(String language) {
        return new TreeSet<>(texts.getOrDefault(language, Map.of()).keySet());
    }

    /** The text of a finding in {@code language}. */
    public String improvement(String language, SummaryRules.Finding finding) {
        Map<String, String> args = new LinkedHashMap<>();
        finding.values().forEach((name, value) -> args.put(name, value(language, name, value)));
        return text(language, "rule." + finding.rule(), args);
    }

    /** The whole summary: title, window, the shop's section (when there is one) and each agent's. */
    public String render(String language, String shopName, SummaryPeriod period, SummaryRules.Targets targets,
                         WorkSummary.Section shop, Map<String, WorkSummary.Section> agents, List<String> unavailable) {
        StringBuilder md = new StringBuilder();
        if (period.kind() == SummaryPeriod.Kind.DAY) {
            md.append(text(language, "title.day", Map.of("shop", shopName, "date", period.date().toString())));
        } else {
            md.append(text(language, "title.week", Map.of("shop", shopName, "first", period.firstDay().toString(),
                    "last", period.lastDay().toString())));
        }
        md.append("\n\n").append(text(language, "window", Map.of(
                "from", WINDOW.format(period.from().atZone(period.zone())),
                "to", WINDOW.format(period.to().atZone(period.zone())), "zone", period.zone().getId()))).append('\n');
        if (unavailable != null && !unavailable.isEmpty()) {
            md.append("\n> ").append(text(language, "unavailable", Map.of("services", String.join(", ", unavailable))))
                    .append('\n');
        }
        if (shop != null) {
            md.append("\n## ").append(text(language, "section.shop", Map.of())).append("\n\n");
            section(md, language, shop, period.zone(), targets, true);
        }
        agents.forEach((agent, section) -> {
            md.append("\n## ").append(text(language, "section.agent", Map.of("agent", agent))).append("\n\n");
            section(md, language, section, period.zone(), targets, false);
        });
        return md.toString();
    }

    private void section(StringBuilder md, String lang, WorkSummary.Section section, ZoneId zone,
                         SummaryRules.Targets targets, boolean shop) {
        JsonNode f = section.figures();
        md.append("### ").append(text(lang, "heading.figures", Map.of())).append("\n\n");
        int lines = 0;
        lines += line(md, lang, f, "line.conversations", List.of("conversationsHandled"),
                "handled", count(f, "conversationsHandled"), "inquiries", count(f.path("inquiryConversionRate"), "of"));
        lines += line(md, lang, f, "line.three-minute", List.of("threeMinuteResponseRate"),
                "rate", ratio(lang, f.path("threeMinuteResponseRate")), "target", percent(targets.threeMinuteRate()));
        lines += line(md, lang, f, "line.first-response", List.of("firstResponseAverageSeconds", "firstResponseP90Seconds"),
                "average", duration(lang, f.path("firstResponseAverageSeconds")),
                "p90", duration(lang, f.path("firstResponseP90Seconds")),
                "target", duration(lang, (double) targets.firstResponseSeconds()));
        lines += line(md, lang, f, "line.conversion", List.of("inquiryConversionRate"),
                "rate", ratio(lang, f.path("inquiryConversionRate")));
        if (shop) {
            lines += line(md, lang, f, "line.cases-opened", List.of("casesOpened"),
                    "count", count(f, "casesOpened"), "byKind", counts(lang, "kind.", f.path("casesOpenedByKind")));
        }
        lines += line(md, lang, f, "line.cases-closed", List.of("casesResolved", "casesEscalated"),
                "resolved", count(f, "casesResolved"), "byOutcome", counts(lang, "outcome.", f.path("casesResolvedByOutcome")),
                "rejected", count(f, "casesRejected"), "escalated", count(f, "casesEscalated"));
        lines += line(md, lang, f, "line.resolution", List.of("resolutionTargetMetRate"),
                "average", duration(lang, f.path("averageResolutionSeconds")),
                "rate", ratio(lang, f.path("resolutionTargetMetRate")));
        if (shop) {
            lines += line(md, lang, f, "line.bad-reviews", List.of("badReviews"),
                    "count", count(f, "badReviews"), "byReason", counts(lang, "reason.", f.path("badReviewsByReason")),
                    "followUp", ratio(lang, f.path("badReviewFollowUpRate")),
                    "recovered", count(f.path("badReviewRecoveryRate"), "count"),
                    "recovery", ratio(lang, f.path("badReviewRecoveryRate")));
        } else {
            lines += line(md, lang, f, "line.agent-reviews", List.of("badReviewsFollowedUp"),
                    "count", count(f, "badReviewsFollowedUp"),
                    "recovered", count(f.path("badReviewRecoveryRate"), "count"),
                    "recovery", ratio(lang, f.path("badReviewRecoveryRate")));
        }
        lines += line(md, lang, f, "line.follow-ups", List.of("followUpVisitsDone", "followUpVisitsOverdue"),
                "done", count(f, "followUpVisitsDone"), "overdue", count(f, "followUpVisitsOverdue"));
        lines += line(md, lang, f, "line.csat", List.of("csatCount"),
                "average", f.path("csatAverage").isNumber()
                        ? String.format(Locale.ROOT, "%.2f", f.get("csatAverage").asDouble()) : MISSING,
                "count", count(f, "csatCount"));
        if (lines == 0) {
            md.append("- ").append(text(lang, "none", Map.of())).append('\n');
        }

        md.append("\n### ").append(text(lang, "heading.notable", Map.of())).append("\n\n");
        WorkSummary.Notable notable = section.notable();
        for (WorkSummary.Wait wait : notable.longestWaits()) {
            md.append("- ").append(text(lang, "notable.wait", Map.of(
                    "buyer", wait.buyerId() == null ? MISSING : wait.buyerId(),
                    "wait", duration(lang, (double) wait.waitedSeconds()),
                    "when", wait.since() == null ? MISSING : WHEN.format(wait.since().atZone(zone))))).append('\n');
        }
        if (!notable.escalations().isEmpty()) {
            md.append("- ").append(text(lang, "notable.escalations",
                    Map.of("ids", String.join(text(lang, "list.separator", Map.of()), notable.escalations()))))
                    .append('\n');
        }
        if (notable.longestWaits().isEmpty() && notable.escalations().isEmpty()) {
            md.append("- ").append(text(lang, "none", Map.of())).append('\n');
        }

        md.append("\n### ").append(text(lang, "heading.improvements", Map.of())).append("\n\n");
        for (WorkSummary.Improvement improvement : section.improvements()) {
            md.append("- ").append(improvement.text()).append('\n');
        }
        if (section.improvements().isEmpty()) {
            md.append("- ").append(text(lang, "improvements.none", Map.of())).append('\n');
        }
    }

    /** Appends a line when one of its figures is present; 1 when it did. */
    private int line(StringBuilder md, String lang, JsonNode figures, String key, List<String> present,
                     String... args) {
        if (present.stream().noneMatch(field -> figures.path(field).isNumber() || figures.path(field).isObject())) {
            return 0;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            values.put(args[i], args[i + 1]);
        }
        md.append("- ").append(text(lang, key, values)).append('\n');
        return 1;
    }

    /** The text {@code key} of {@code language} (else English, else the key) with its placeholders filled. */
    String text(String language, String key, Map<String, String> args) {
        String template = texts.getOrDefault(language, Map.of()).get(key);
        if (template == null) {
            template = texts.getOrDefault("en", Map.of()).getOrDefault(key, key);
        }
        String out = template;
        for (Map.Entry<String, String> arg : args.entrySet()) {
            out = out.replace("{" + arg.getKey() + "}", arg.getValue());
        }
        return out;
    }

    /** A finding's value as the texts print it: shares as percentages, seconds as a duration, hours as HH:00. */
    private String value(String lang, String name, Object value) {
        if (value == null) {
            return MISSING;
        }
        switch (name) {
            case "rate", "target", "threshold":
                return percent(((Number) value).doubleValue());
            case "seconds", "targetSeconds":
                return duration(lang, ((Number) value).doubleValue());
            case "from", "to":
                return String.format(Locale.ROOT, "%02d:00", ((Number) value).intValue());
            case "reason":
                return label(lang, "reason.", value.toString());
            default:
                return value.toString();
        }
    }

    private String label(String lang, String prefix, String name) {
        String key = prefix + name;
        String label = text(lang, key, Map.of());
        return label.equals(key) ? name : label;
    }

    private String counts(String lang, String prefix, JsonNode counts) {
        if (!counts.isObject()) {
            return MISSING;
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : counts.properties()) {
            parts.add(label(lang, prefix, e.getKey()) + " " + e.getValue().asLong());
        }
        return parts.isEmpty() ? text(lang, "none", Map.of()) : String.join(text(lang, "list.separator", Map.of()), parts);
    }

    private String ratio(String lang, JsonNode ratio) {
        if (!ratio.isObject() || !ratio.path("value").isNumber()) {
            return ratio.isObject() ? text(lang, "fmt.ratio", Map.of("rate", MISSING,
                    "count", count(ratio, "count"), "of", count(ratio, "of"))) : MISSING;
        }
        return text(lang, "fmt.ratio", Map.of("rate", percent(ratio.get("value").asDouble()),
                "count", count(ratio, "count"), "of", count(ratio, "of")));
    }

    private static String count(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? Long.toString(value.asLong()) : MISSING;
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private String duration(String lang, JsonNode seconds) {
        return seconds.isNumber() ? duration(lang, seconds.asDouble()) : MISSING;
    }

    private String duration(String lang, Double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return text(lang, "duration.s", Map.of("s", Long.toString(s)));
        }
        if (s < 3600) {
            return text(lang, "duration.ms", Map.of("m", Long.toString(s / 60), "s", Long.toString(s % 60)));
        }
        return text(lang, "duration.hm", Map.of("h", Long.toString(s / 3600), "m", Long.toString(s % 3600 / 60)));
    }
}
