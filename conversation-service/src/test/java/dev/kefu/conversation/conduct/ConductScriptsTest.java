package dev.kefu.conversation.conduct;

import dev.kefu.conversation.script.Script;
import dev.kefu.conversation.script.ScriptCatalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every reply script Kefu itself sends, in every language and with realistic values, passes the guard. */
class ConductScriptsTest {

    private static final ScriptCatalog CATALOG = ScriptCatalog.load("/scripts/replies.json");

    /** Plausible values, including all-digit order and tracking numbers that contain phone-like runs. */
    private static final List<Map<String, String>> VALUES = List.of(
            with(Map.of("shopName", "小鹿家居旗舰店", "agentName", "8号客服", "buyerName", "王女士", "orderId", "TB20261123001",
                    "amount", "¥59.00", "carrier", "中通快递", "trackingNo", "ZT7730012345"),
                    kv("agentNumber", "8", "items", "明前龙井 250g ×2、运费险", "shipBy", "11月25日 16:10",
                            "scanTime", "11月24日 20:30", "scanDescription", "杭州 到达杭州转运中心", "backAt", "11月24日 09:00",
                            "title", "通勤托特包", "factName", "材质", "fact", "头层牛皮", "promotion", "全店满299减30",
                            "validUntil", "12月12日 23:59", "benefit", "老顾客的订单优先发货")),
            with(Map.of("shopName", "서울마켓", "agentName", "지수", "buyerName", "김민지", "orderId", "3287654321098765432",
                    "amount", "₩12,000", "carrier", "CJ대한통운", "trackingNo", "78123456789012"),
                    kv("agentNumber", "12", "items", "니트 가디건 ×1", "shipBy", "11월 25일 16:10",
                            "scanTime", "11월 24일 20:30", "scanDescription", "옥천HUB 간선상차", "backAt", "11월 24일 09:00",
                            "title", "니트 가디건", "factName", "소재", "fact", "울 30%", "promotion", "5만원 이상 무료배송",
                            "validUntil", "12월 12일 23:59", "benefit", "단골 고객님의 주문은 우선 발송해 드립니다")),
            with(Map.of("shopName", "Maple & Co", "agentName", "Lin", "buyerName", "Alice", "orderId", "#1001",
                    "amount", "$19.99", "carrier", "UPS", "trackingNo", "1Z999AA10123456784"),
                    kv("agentNumber", "3", "items", "Maple mug ×2, Gift box", "shipBy", "Nov 25, 16:10",
                            "scanTime", "Nov 24, 20:30", "scanDescription", "Louisville KY Departed facility",
                            "backAt", "Nov 24, 09:00", "title", "Maple mug", "factName", "material", "fact",
                            "stoneware", "promotion", "free gift box over $50", "validUntil", "Dec 12, 23:59", "benefit", "we ship our regular customers' orders first")),
            with(Map.of("shopName", "顺丰优选", "agentName", "小美", "buyerName", "李先生", "orderId", "1381234567890123456",
                    "amount", "138元", "carrier", "顺丰速运", "trackingNo", "SF1381234567890"),
                    kv("agentNumber", "138", "items", "1380号色卡 ×1", "shipBy", "12月1日 13:08",
                            "scanTime", "12月1日 13:08", "scanDescription", "深圳 1381234 站点已揽收", "backAt", "12月2日 09:00",
                            "title", "1380号色卡", "factName", "尺码", "fact", "138mm", "promotion", "满138减13",
                            "validUntil", "12月13日 13:08", "benefit", "老顾客满138减13")));

    private static Map<String, String> kv(String... pairs) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Map<String, String> with(Map<String, String> values, Map<String, String> more) {
        Map<String, String> all = new java.util.HashMap<>(values);
        all.putAll(more);
        return Map.copyOf(all);
    }

    static Stream<Arguments> renderedScripts() {
        return CATALOG.all().stream().flatMap(script -> script.text().keySet().stream()
                .flatMap(language -> VALUES.stream().map(values -> Arguments.of(script.key(), language,
                        CATALOG.render(script.key(), language, values)))));
    }

    @ParameterizedTest(name = "{0} [{1}]: {2}")
    @MethodSource("renderedScripts")
    void everyScriptPasses(String key, String language, String text) {
        assertThat(ConductGuard.standard().check(text)).as(text).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void everyTemplateAsWrittenPasses(String key, String text) {
        assertThat(ConductGuard.standard().check(text)).as(text).isEmpty();
    }

    static Stream<Arguments> templates() {
        return CATALOG.all().stream().flatMap((Script s) -> s.text().entrySet().stream()
                .map(e -> Arguments.of(s.key() + " [" + e.getKey() + "]", e.getValue())));
    }
}
