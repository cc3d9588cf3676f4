package dev.kefu.review.review;

import dev.kefu.events.review.ReviewPosted.Reason;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each shop's reason lexicon: the standard one plus the complaint phrases the shop adds,
 * {@code kefu.shops.<shopId>.review-reasons.<reason>} over {@code kefu.shop-defaults.review-reasons.<reason>}
 * (e.g. {@code kefu.shops.shop-demo.review-reasons.quality=起毛,开胶}). Bound beside platform's {@code ShopSettings}
 * from the same properties (which ignores them), so the shop record every service shares stays as it is.
 */
@ConfigurationProperties("kefu")
public final class ReasonLexicons {

    /** A shop's own complaint phrases per reason. */
    public record ShopReasons(Map<Reason, List<String>> reviewReasons) {
    }

    private final ShopReasons shopDefaults;
    private final Map<String, ShopReasons> shops;
    private final Map<String, ReasonLexicon> byShop = new ConcurrentHashMap<>();

    public ReasonLexicons(ShopReasons shopDefaults, Map<String, ShopReasons> shops) {
        this.shopDefaults = shopDefaults;
        this.shops = shops == null ? Map.of() : Map.copyOf(shops);
    }

    /** The lexicon reviews of {@code shopId} are read with. */
    public ReasonLexicon of(String shopId) {
        return byShop.computeIfAbsent(shopId, id -> {
            ReasonLexicon lexicon = ReasonLexicon.standard();
            if (shopDefaults != null) {
                lexicon = lexicon.with(shopDefaults.reviewReasons());
            }
            ShopReasons own = shops.get(id);
            return own == null ? lexicon : lexicon.with(own.reviewReasons());
        });
    }
}
