package dev.kefu.conversation.knowledge;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.Map;

/**
 * What the shop tells buyers about one product (sku), per language ({@code zh}, {@code ko}, {@code en}): its title,
 * material, sizes, care and shipping time. An item seen in an order and not described yet is kept as a product to
 * complete ({@code complete} false, only its title from the order), so supervisors see what to write.
 */
@Document(Product.COLLECTION)
@CompoundIndex(name = "shop_complete_sku", def = "{'shopId': 1, 'complete': 1, 'sku': 1}")
public record Product(@Id String id, String shopId, String sku, boolean complete, Map<String, Facts> facts,
                      String orderTitle, String updatedBy, Instant updatedAt) {

    public static final String COLLECTION = "products";

    /** One language's facts; any may be missing. */
    public record Facts(String title, String material, String sizes, String care, String shippingTime) {
    }

    public static String idOf(String shopId, String sku) {
        return shopId + ":" + sku;
    }

    /** The facts in {@code language}, else in Chinese, else none. */
    public Facts factsIn(String language) {
        if (facts == null) {
            return null;
        }
        Facts own = facts.get(language);
        return own != null ? own : facts.get("zh");
    }
}
