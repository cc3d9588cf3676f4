package dev.kefu.gateway.composite;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * How carefully to treat this buyer now: open or escalated after-sales cases, bad reviews, an upset or threatening
 * buyer, a late parcel. The reasons are shown to the agent, so the score never hides why: {@code reasons} in English
 * words, {@code signals} the same as codes with their counts, for a frontend to say in the agent's language.
 */
record CustomerRisk(Level level, int score, List<String> reasons, List<Signal> signals) {

    enum Level { LOW, MEDIUM, HIGH }

    /** One reason as a code ({@code open-cases}, {@code escalated-cases}, {@code bad-reviews}, {@code needs-attention},
     * {@code buyer-upset}, {@code delayed-shipments}) and how many there are (1 for the conversation's two). */
    record Signal(String code, long count) {
    }

    static CustomerRisk assess(List<JsonNode> orders, JsonNode conversation, List<JsonNode> openCases,
                               List<JsonNode> reviews) {
        int score = 0;
        List<String> reasons = new ArrayList<>();
        List<Signal> signals = new ArrayList<>();
        if (!openCases.isEmpty()) {
            score += 2;
            reasons.add(openCases.size() + " open after-sales case(s)");
            signals.add(new Signal("open-cases", openCases.size()));
        }
        long escalated = openCases.stream().filter(c -> "ESCALATED".equals(text(c, "status"))).count();
        if (escalated > 0) {
            score += 1;
            reasons.add(escalated + " escalated case(s)");
            signals.add(new Signal("escalated-cases", escalated));
        }
        long bad = reviews.stream().filter(r -> "NEGATIVE".equals(text(r, "sentiment"))).count();
        if (bad > 0) {
            score += 2;
            reasons.add(bad + " bad review(s)");
            signals.add(new Signal("bad-reviews", bad));
        }
        if (conversation != null) {
            JsonNode summary = conversation.path("conversation");
            if (summary.path("needsAttention").asBoolean(false)) {
                score += 1;
                reasons.add("conversation needs attention (complaint, bad review or escalation words)");
            signals.add(new Signal("needs-attention", 1));
            }
            if ("NEGATIVE".equals(text(summary, "buyerMood"))) {
                score += 1;
                reasons.add("buyer's last message was negative");
            signals.add(new Signal("buyer-upset", 1));
            }
        }
        long late = orders.stream().filter(o -> !o.path("delayReported").isNull() && !o.path("delayReported").isMissingNode())
                .count();
        if (late > 0) {
            score += 1;
            reasons.add(late + " delayed shipment(s)");
            signals.add(new Signal("delayed-shipments", late));
        }
        Level level = score >= 3 ? Level.HIGH : score >= 1 ? Level.MEDIUM : Level.LOW;
        return new CustomerRisk(level, score, List.copyOf(reasons), List.copyOf(signals));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }
}
