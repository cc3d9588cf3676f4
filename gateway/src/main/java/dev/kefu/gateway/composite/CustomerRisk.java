package dev.kefu.gateway.composite;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * How carefully to treat this buyer now: open or escalated after-sales cases, bad reviews, an upset or threatening
 * buyer, a late parcel. The reasons are shown to the agent, so the score never hides why.
 */
record CustomerRisk(Level level, int score, List<String> reasons) {

    enum Level { LOW, MEDIUM, HIGH }

    static CustomerRisk assess(List<JsonNode> orders, JsonNode conversation, List<JsonNode> openCases,
                               List<JsonNode> reviews) {
        int score = 0;
        List<String> reasons = new ArrayList<>();
        if (!openCases.isEmpty()) {
            score += 2;
            reasons.add(openCases.size() + " open after-sales case(s)");
        }
        long escalated = openCases.stream().filter(c -> "ESCALATED".equals(text(c, "status"))).count();
        if (escalated > 0) {
            score += 1;
            reasons.add(escalated + " escalated case(s)");
        }
        long bad = reviews.stream().filter(r -> "NEGATIVE".equals(text(r, "sentiment"))).count();
        if (bad > 0) {
            score += 2;
            reasons.add(bad + " bad review(s)");
        }
        if (conversation != null) {
            JsonNode summary = conversation.path("conversation");
            if (summary.path("needsAttention").asBoolean(false)) {
                score += 1;
                reasons.add("conversation needs attention (complaint, bad review or escalation words)");
            }
            if ("NEGATIVE".equals(text(summary, "buyerMood"))) {
                score += 1;
                reasons.add("buyer's last message was negative");
            }
        }
        long late = orders.stream().filter(o -> !o.path("delayReported").isNull() && !o.path("delayReported").isMissingNode())
                .count();
        if (late > 0) {
            score += 1;
            reasons.add(late + " delayed shipment(s)");
        }
        Level level = score >= 3 ? Level.HIGH : score >= 1 ? Level.MEDIUM : Level.LOW;
        return new CustomerRisk(level, score, List.copyOf(reasons));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }
}
