package dev.kefu.bench;

import dev.kefu.events.EventTypes;
import dev.kefu.events.inbound.MarketplaceEvent;
import dev.kefu.events.inbound.MarketplaceOrderEvent;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.events.webhook.WebhookSignature;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * One webhook as a marketplace integration sends it: the JSON envelope and its Standard Webhooks headers.
 * {@code orderId} is what the bench matches the webhook's effect by (the order id, or for a message its id).
 */
public record SignedWebhook(String orderId, String id, String timestamp, String signature, byte[] body) {

    /** Signs {@code event} with the shop's secret, timestamped now (the gateway accepts ±300 s). */
    public static SignedWebhook of(String secret, MarketplaceOrderEvent event) {
        return of(secret, event, event.orderId());
    }

    /** Any marketplace event, matched afterwards by {@code ref}. */
    public static SignedWebhook of(String secret, MarketplaceEvent event, String ref) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", EventTypes.of(event.getClass()).name());
        envelope.put("timestamp", Instant.now().toString());
        envelope.put("data", event);
        byte[] body = EventJson.mapper().writeValueAsBytes(envelope);
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return new SignedWebhook(ref, id, timestamp, WebhookSignature.signature(secret, id, timestamp, body), body);
    }

    /** The shop's webhook secret from the devstack's {@code shops.properties}. */
    public static String secret(Path dataDir, String shopId) throws IOException {
        Properties shops = new Properties();
        try (Reader r = Files.newBufferedReader(dataDir.resolve("shops.properties"))) {
            shops.load(r);
        }
        String secret = shops.getProperty(shopId);
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("no webhook secret for " + shopId + " in " + dataDir.resolve("shops.properties"));
        }
        return secret.trim();
    }
}
