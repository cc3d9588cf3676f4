package dev.kefu.conversation.script;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptCatalogTest {

    private static final Set<String> PLACEHOLDERS =
            Set.of("agentName", "agentNumber", "buyerName", "orderId", "amount", "carrier", "trackingNo", "shopName",
                    "items", "shipBy", "scanTime", "scanDescription", "backAt",
                    "title", "factName", "fact", "promotion", "validUntil", // these five from the shop's knowledge
                    "benefit"); // the shop's returning-customer benefit

    private final ScriptCatalog catalog = ScriptCatalog.load("/scripts/replies.json");

    @Test
    void everyScriptSpeaksChineseKoreanAndEnglishWithTheSamePlaceholders() {
        assertThat(catalog.hasLanguage("zh") && catalog.hasLanguage("ko") && catalog.hasLanguage("en")).isTrue();
        assertThat(catalog.all()).allSatisfy(script -> {
            Set<String> zh = placeholders(script.text().get("zh"));
            assertThat(PLACEHOLDERS).containsAll(zh);
            assertThat(placeholders(script.text().get("ko"))).as(script.key() + " ko").isEqualTo(zh);
            assertThat(placeholders(script.text().get("en"))).as(script.key() + " en").isEqualTo(zh);
        });
    }

    @Test
    void theCatalogueCoversTheAgentsDay() {
        assertThat(catalog.all()).extracting(Script::key).contains("greeting", "payment-received", "payment-reminder",
                "shipment-delayed", "complaint-opened", "bad-review-followup", "bargaining", "farewell");
    }

    @Test
    void noScriptOffersMoneyForAReview() {
        assertThat(catalog.find("bad-review-followup").orElseThrow().text().values())
                .noneMatch(text -> text.matches(".*(返现|红包|现金|cash|환급).*"));
    }

    @Test
    void renderingFillsEveryPlaceholder() {
        String text = catalog.render("payment-received", "zh", Map.of("orderId", "TB1", "agentName", "8号客服"));

        assertThat(text).contains("TB1").contains("8号客服").doesNotContain("{");
    }

    @Test
    void aLanguageWithoutTheScriptFallsBackToChinese() {
        assertThat(catalog.render("farewell", "fr", Map.of("shopName", "店", "agentName", "小客")))
                .isEqualTo(catalog.render("farewell", "zh", Map.of("shopName", "店", "agentName", "小客")));
    }

    @Test
    void aTextWithABlankLeftIsNeverSent() {
        assertThatThrownBy(() -> catalog.render("payment-received", "en", Map.of("agentName", "Lin")))
                .hasMessageContaining("{orderId}");
    }

    private static Set<String> placeholders(String text) {
        Matcher m = Pattern.compile("\\{(\\w+)}").matcher(text);
        Set<String> found = new java.util.HashSet<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
