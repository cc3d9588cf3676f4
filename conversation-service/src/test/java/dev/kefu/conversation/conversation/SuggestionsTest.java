package dev.kefu.conversation.conversation;

import dev.kefu.conversation.context.OrderContext;
import dev.kefu.conversation.intent.Intent;
import dev.kefu.conversation.script.ScriptCatalog;
import dev.kefu.events.order.OrderItem;
import dev.kefu.platform.shop.ShopSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {

    private static final ScriptCatalog SCRIPTS = ScriptCatalog.load("/scripts/replies.json");
    private static final ShopSettings.Resolved SHOP = ShopSettings.of(Map.of("shop-demo",
            new ShopSettings.Shop("客服演示店", "小美", "8", null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null))).of("shop-demo");
    private static final Instant CREATED = Instant.parse("2026-11-23T08:10:00Z");
    private static final Instant SHIP_BY = Instant.parse("2026-11-25T08:10:00Z"); // 16:10 in Shanghai

    private final OrderContext unshipped = order(null, null, null);
    private final OrderContext shipped = order(Instant.parse("2026-11-24T02:00:00Z"), "ZTO", null);
    private final OrderContext scanned = order(Instant.parse("2026-11-24T02:00:00Z"), "ZTO",
            new OrderContext.Scan("ARRIVAL", "到达杭州转运中心", "杭州", Instant.parse("2026-11-24T12:30:00Z")));

    @Test
    void aShippingTimeQuestionOnAnUnshippedOrderIsAnsweredWithItsShipBy() {
        List<Suggestions.Suggestion> suggestions = suggest(List.of(Intent.SHIPPING_TIME), unshipped, "zh");

        assertThat(suggestions.get(0).scriptKey()).isEqualTo("shipping-time");
        assertThat(suggestions.get(0).text()).contains("TB20261123001").contains("11月25日 16:10");
    }

    @Test
    void aShippedOrderIsAnsweredWithItsCarrierAndTrackingNumberAndAScannedOneWithItsLatestScan() {
        assertThat(suggest(List.of(Intent.SHIPPING_TIME), shipped, "en").get(0).text())
                .contains("ZTO").contains("ZT7730012345");
        Suggestions.Suggestion latest = suggest(List.of(Intent.LOGISTICS), scanned, "ko").get(0);
        assertThat(latest.scriptKey()).isEqualTo("logistics-update");
        assertThat(latest.text()).contains("ZT7730012345").contains("11월 24일 20:30").contains("杭州 到达杭州转运中心");
    }

    @Test
    void aScriptWhoseValuesAreUnknownIsSkippedNeverShownWithAGap() {
        List<Suggestions.Suggestion> noOrder = suggest(List.of(Intent.SHIPPING_TIME), null, "zh");

        assertThat(noOrder).extracting(Suggestions.Suggestion::scriptKey).containsExactly("please-wait");
    }

    @ParameterizedTest
    @EnumSource(Intent.class)
    void everyIntentGetsOneToThreeSuggestionsWithoutPlaceholdersWithOrWithoutAnOrder(Intent intent) {
        for (OrderContext order : new OrderContext[] {null, unshipped, shipped, scanned}) {
            for (String language : List.of("zh", "ko", "en")) {
                assertThat(suggest(List.of(intent), order, language))
                        .hasSizeBetween(1, Suggestions.MAX)
                        .allSatisfy(s -> assertThat(s.text()).doesNotContain("{").doesNotContain("}"));
            }
        }
    }

    @Test
    void aMessageWithSeveralAsksGetsAnAnswerForEachStrongestFirstAndAtMostThree() {
        List<Suggestions.Suggestion> suggestions = suggest(
                List.of(Intent.SHIPPING_TIME, Intent.BARGAINING, Intent.PRODUCT_QUESTION), unshipped, "zh");

        assertThat(suggestions).hasSize(3);
        assertThat(suggestions).extracting(Suggestions.Suggestion::intent)
                .startsWith(Intent.SHIPPING_TIME).contains(Intent.BARGAINING);
    }

    @Test
    void aReturningBuyerIsOfferedTheShopsBenefitUnaskedAfterTheAnswersAndAlwaysWithAPlace() {
        Map<String, String> values = ScriptValues.of(SHOP, "ko", unshipped);
        values.put("benefit", SHOP.returning().benefitIn("ko"));
        List<Suggestions.Suggestion> one = Suggestions.forMessage(List.of(Intent.SHIPPING_TIME), unshipped, SCRIPTS,
                "ko", values, true);
        assertThat(one).extracting(Suggestions.Suggestion::scriptKey).containsExactly("shipping-time", "please-wait",
                "returning-customer");
        assertThat(one.get(2).text()).contains("단골 고객님의 주문은 우선 발송해 드립니다").doesNotContain("{");

        List<Suggestions.Suggestion> many = Suggestions.forMessage(
                List.of(Intent.COMPLAINT, Intent.SHIPPING_TIME, Intent.RETURN_REFUND), unshipped, SCRIPTS, "ko", values,
                true);
        assertThat(many).hasSize(Suggestions.MAX).extracting(Suggestions.Suggestion::scriptKey)
                .containsExactly("issue-reported", "shipping-time", "returning-customer");

        assertThat(Suggestions.forMessage(List.of(Intent.SHIPPING_TIME), unshipped, SCRIPTS, "ko", values, false))
                .extracting(Suggestions.Suggestion::scriptKey).doesNotContain("returning-customer");
        // without a benefit to offer, nothing is shown with a gap
        assertThat(Suggestions.forMessage(List.of(Intent.GREETING), null, SCRIPTS, "zh", ScriptValues.of(SHOP, "zh"),
                true)).extracting(Suggestions.Suggestion::scriptKey).containsExactly("greeting");
    }

    @Test
    void theItemsAreNamedAsTheLanguageListsThem() {
        List<OrderItem> items = List.of(new OrderItem("S1", "明前龙井 250g", 2, null), new OrderItem(null, "运费险", 1, null));

        assertThat(ScriptValues.items(items, "zh")).isEqualTo("明前龙井 250g ×2、运费险");
        assertThat(ScriptValues.items(items, "en")).isEqualTo("明前龙井 250g ×2, 运费险");
        assertThat(ScriptValues.items(List.of(), "en")).isNull();
    }

    private static List<Suggestions.Suggestion> suggest(List<Intent> intents, OrderContext order, String language) {
        return Suggestions.forMessage(intents, order, SCRIPTS, language, ScriptValues.of(SHOP, language, order), false);
    }

    private static OrderContext order(Instant shippedAt, String carrier, OrderContext.Scan scan) {
        return new OrderContext("shop-demo:TB20261123001", "shop-demo", "taobao", "TB20261123001", "buyer-1",
                List.of(new OrderItem("SKU-TEA-250", "明前龙井 250g", 2, new BigDecimal("89.50"))),
                new BigDecimal("199.00"), null, null, "CNY", CREATED, SHIP_BY, null, shippedAt, null, null, carrier,
                shippedAt == null ? null : "ZT7730012345", scan);
    }
}
