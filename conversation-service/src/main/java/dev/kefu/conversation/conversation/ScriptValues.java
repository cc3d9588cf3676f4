package dev.kefu.conversation.conversation;

import dev.kefu.conversation.context.OrderContext;
import dev.kefu.events.order.OrderItem;
import dev.kefu.platform.shop.ShopSettings;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The values a reply script is filled from: who speaks (shop name, agent name and number) and, when the message is
 * about an order, what the buyer bought and where the parcel is, written the way the buyer's language writes them
 * (times in the shop's time zone). A value that is not known is left out, so a script needing it cannot be rendered
 * rather than being sent with a gap.
 */
final class ScriptValues {

    private static final Map<String, String> CARRIER_FALLBACK = Map.of("zh", "快递公司", "ko", "택배사", "en", "the carrier");
    private static final Map<String, DateTimeFormatter> TIME = Map.of(
            "zh", DateTimeFormatter.ofPattern("M月d日 HH:mm", Locale.CHINA),
            "ko", DateTimeFormatter.ofPattern("M월 d일 HH:mm", Locale.KOREA),
            "en", DateTimeFormatter.ofPattern("MMM d, HH:mm", Locale.ENGLISH));

    private ScriptValues() {
    }

    /** The speaker's values, in {@code language}. */
    static Map<String, String> of(ShopSettings.Resolved shop, String language) {
        Map<String, String> values = new HashMap<>();
        values.put("shopName", shop.name());
        values.put("agentName", shop.agentName());
        values.put("agentNumber", shop.agentNumber());
        values.put("carrier", CARRIER_FALLBACK.getOrDefault(language, CARRIER_FALLBACK.get("en")));
        return values;
    }

    /** The speaker's values plus what is known of {@code order} (may be null). */
    static Map<String, String> of(ShopSettings.Resolved shop, String language, OrderContext order) {
        Map<String, String> values = of(shop, language);
        if (order == null) {
            return values;
        }
        ZoneId zone = shop.timeZone();
        put(values, "orderId", order.orderId());
        put(values, "items", items(order.items(), language));
        put(values, "amount", order.total() == null ? null : order.total().toPlainString());
        put(values, "shipBy", order.shipBy() == null ? null : time(order.shipBy(), zone, language));
        put(values, "carrier", order.carrier());
        put(values, "trackingNo", order.trackingNo());
        OrderContext.Scan scan = order.latestScan();
        if (scan != null) {
            put(values, "scanTime", time(scan.occurredAt(), zone, language));
            String where = scan.location() == null ? "" : scan.location() + " ";
            put(values, "scanDescription", where + (scan.description() != null ? scan.description() : scan.action()));
        }
        return values;
    }

    /** "明前龙井 250g ×2、运费险" / "Longjing tea ×2, Insurance". */
    static String items(List<OrderItem> items, String language) {
        if (items == null || items.isEmpty()) {
            return null;
        }
        return items.stream().map(i -> i.quantity() > 1 ? i.title() + " ×" + i.quantity() : i.title())
                .collect(Collectors.joining("zh".equals(language) ? "、" : ", "));
    }

    static String time(Instant at, ZoneId zone, String language) {
        return TIME.getOrDefault(language, TIME.get("en")).format(at.atZone(zone));
    }

    private static void put(Map<String, String> values, String key, String value) {
        if (value != null && !value.isBlank()) {
            values.put(key, value);
        }
    }
}
