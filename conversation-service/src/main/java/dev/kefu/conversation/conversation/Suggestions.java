package dev.kefu.conversation.conversation;

import dev.kefu.conversation.context.OrderContext;
import dev.kefu.conversation.intent.Intent;
import dev.kefu.conversation.script.ScriptCatalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The replies an agent can send a waiting buyer with one click: for each intent of the buyer's message, the scripts
 * the training material uses for it, chosen by what is known of the order (a shipped order is answered with its
 * tracking number, an unshipped one with its ship-by time), filled from context; each intent's best script comes
 * before any intent's second. A returning buyer (老顾客) is also offered the shop's benefit, unasked, as the seeds ask:
 * {@value #RETURNING} comes after the answers and always has a place. A script whose values are
 * not all known is skipped, so a suggestion never shows a {@code {placeholder}}; at most {@value #MAX} suggestions.
 */
final class Suggestions {

    static final int MAX = 3;
    private static final String FALLBACK = "please-wait";
    static final String RETURNING = "returning-customer";

    /** One suggested reply: the script, the intent it answers and the text ready to send. */
    record Suggestion(String scriptKey, Intent intent, String text) {
    }

    private Suggestions() {
    }

    static List<Suggestion> forMessage(List<Intent> intents, OrderContext order, ScriptCatalog scripts,
                                       String language, Map<String, String> values, boolean returning) {
        Optional<String> welcome = returning ? render(scripts, RETURNING, language, values) : Optional.empty();
        List<Suggestion> chosen = new ArrayList<>(answers(intents, order, scripts, language, values,
                welcome.isPresent() ? MAX - 1 : MAX));
        welcome.ifPresent(text -> chosen.add(new Suggestion(RETURNING,
                intents.isEmpty() ? Intent.OTHER : intents.get(0), text)));
        return List.copyOf(chosen);
    }

    private static List<Suggestion> answers(List<Intent> intents, OrderContext order, ScriptCatalog scripts,
                                            String language, Map<String, String> values, int max) {
        Map<String, Suggestion> chosen = new LinkedHashMap<>();
        // First the best script of each intent (a message asking two things gets an answer to each), then the rest.
        for (boolean bestOnly : new boolean[] {true, false}) {
            for (Intent intent : intents) {
                for (String key : scriptsFor(intent, order)) {
                    if (chosen.size() == max) {
                        return List.copyOf(chosen.values());
                    }
                    if (chosen.containsKey(key)) {
                        if (bestOnly) {
                            break;
                        }
                        continue;
                    }
                    var text = render(scripts, key, language, values);
                    text.ifPresent(t -> chosen.put(key, new Suggestion(key, intent, t)));
                    if (bestOnly && text.isPresent()) {
                        break;
                    }
                }
            }
        }
        if (chosen.isEmpty()) {
            render(scripts, FALLBACK, language, values).ifPresent(text ->
                    chosen.put(FALLBACK, new Suggestion(FALLBACK, intents.isEmpty() ? Intent.OTHER : intents.get(0), text)));
        }
        return List.copyOf(chosen.values());
    }

    /** The scripts for an intent, best first, given what is known of the order (null when none). */
    static List<String> scriptsFor(Intent intent, OrderContext order) {
        boolean shipped = order != null && order.isShipped();
        boolean scanned = order != null && order.latestScan() != null;
        return switch (intent) {
            case GREETING -> List.of("greeting");
            // product-fact and promotion-offer render only when the shop's knowledge gave their values
            case PRODUCT_QUESTION -> List.of("product-fact", FALLBACK, "promotion-recommend");
            case BARGAINING -> List.of("promotion-offer", "bargaining", "shipping-fee-adjust");
            case PAYMENT_TROUBLE -> List.of("payment-help");
            case SHIPPING_TIME -> shipped ? List.of("order-shipped", "logistics-update") : List.of("shipping-time", FALLBACK);
            case LOGISTICS -> scanned ? List.of("logistics-update", "logistics-inquiry")
                    : shipped ? List.of("logistics-inquiry", "order-shipped") : List.of("shipping-time", FALLBACK);
            case ADDRESS_CHANGE -> shipped ? List.of(FALLBACK) : List.of("address-change", "address-confirm");
            case RETURN_REFUND -> List.of("return-refund-guide", "issue-reported");
            case COMPLAINT -> List.of("issue-reported", "escalated-to-supervisor");
            case PRAISE -> List.of("farewell");
            case OTHER -> List.of(FALLBACK);
        };
    }

    private static Optional<String> render(ScriptCatalog scripts, String key, String language,
                                                     Map<String, String> values) {
        try {
            return Optional.of(scripts.render(key, language, values));
        } catch (ScriptCatalog.MissingValue | ScriptCatalog.UnknownScript e) {
            return Optional.empty();
        }
    }
}
