package dev.kefu.gateway.summary;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/summaries}: a work summary (工作总结) of a shop's local day or ISO week, the shop's and each agent's.
 * Each section's {@code figures} are the KPIs of the window exactly as {@code /api/kpis} gives them; {@code markdown}
 * is the whole summary rendered in {@code language}.
 */
public record WorkSummary(String period, LocalDate date, LocalDate firstDay, LocalDate lastDay, Instant from,
                          Instant to, String timeZone, String language, Section shop, Map<String, Section> agents,
                          List<String> unavailable, String markdown) {

    /** One subject's (the shop's or an agent's) figures, notable items and improvement points. */
    public record Section(JsonNode figures, Notable notable, List<Improvement> improvements) {
    }

    /** The longest waits (longest first) and the cases escalated in the window. */
    public record Notable(List<Wait> longestWaits, List<String> escalations) {

        /** What the KPI figures name: conversation-service's {@code longestWaits}, aftersales' {@code escalatedCaseIds}. */
        public static Notable of(JsonNode figures) {
            List<Wait> waits = new ArrayList<>();
            for (JsonNode w : figures.path("longestWaits")) {
                waits.add(new Wait(text(w, "buyerId"), w.path("waitedSeconds").asLong(),
                        w.path("since").isString() ? Instant.parse(w.get("since").asString()) : null,
                        text(w, "agentId")));
            }
            List<String> escalations = new ArrayList<>();
            for (JsonNode id : figures.path("escalatedCaseIds")) {
                escalations.add(id.asString());
            }
            return new Notable(waits, escalations);
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.path(field);
            return value.isString() ? value.asString() : null;
        }
    }

    /** A buyer's wait a reply ended: how long (seconds), since when, who answered. */
    public record Wait(String buyerId, long waitedSeconds, Instant since, String agentId) {
    }

    /** An improvement point: the rule that fired, its values, and its text in the summary's language. */
    public record Improvement(String rule, Map<String, Object> values, String text) {
    }
}
