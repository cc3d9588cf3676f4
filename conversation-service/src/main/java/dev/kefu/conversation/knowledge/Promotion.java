package dev.kefu.conversation.knowledge;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.Map;

/**
 * A promotion the shop runs (满减 threshold discount, shipping-fee offer, gift), told to buyers who bargain instead of
 * a price cut, only while it is valid ({@code [validFrom, validUntil)}); its text per language.
 */
@Document(Promotion.COLLECTION)
@CompoundIndex(name = "shop_valid_until", def = "{'shopId': 1, 'validUntil': 1}")
public record Promotion(@Id String id, String shopId, String promotionId, Kind kind, Map<String, String> texts,
                        Instant validFrom, Instant validUntil, String updatedBy, Instant updatedAt) {

    public static final String COLLECTION = "promotions";

    public enum Kind { THRESHOLD_DISCOUNT, SHIPPING_FEE, GIFT }

    public static String idOf(String shopId, String promotionId) {
        return shopId + ":" + promotionId;
    }

    public boolean validAt(Instant at) {
        return !at.isBefore(validFrom) && at.isBefore(validUntil);
    }

    /** The text in {@code language}, else in Chinese, else any. */
    public String textIn(String language) {
        String own = texts.get(language);
        return own != null ? own : texts.getOrDefault("zh", texts.values().stream().findFirst().orElse(null));
    }
}
