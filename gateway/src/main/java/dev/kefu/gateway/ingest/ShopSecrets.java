package dev.kefu.gateway.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;
import java.util.Optional;

/** Each shop's webhook signing secrets ({@code kefu.shops.<shopId>.webhook-secret}; several, space-separated, while rotating). */
@ConfigurationProperties("kefu")
public record ShopSecrets(Map<String, Shop> shops) {

    public record Shop(String webhookSecret) {
    }

    public ShopSecrets {
        shops = shops == null ? Map.of() : Map.copyOf(shops);
    }

    public Optional<String> webhookSecret(String shopId) {
        return Optional.ofNullable(shops.get(shopId)).map(Shop::webhookSecret).filter(s -> !s.isBlank());
    }
}
