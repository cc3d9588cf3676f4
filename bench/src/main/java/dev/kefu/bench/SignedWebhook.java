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
import java.util.SortedMap;
import java.util.TreeMap;
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
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        return signed(secret, ref, id, envelope(event, Instant.now()));
    }

    /** The webhook body: {@code {"type", "timestamp", "data"}}, {@code at} being when the marketplace sent it. */
    public static byte[] envelope(MarketplaceEvent event, Instant at) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", EventTypes.of(event.getClass()).name());
        envelope.put("timestamp", at.toString());
        envelope.put("data", event);
        return EventJson.mapper().writeValueAsBytes(envelope);
    }

    /** A prepared body under a chosen id, signed now: the signature's timestamp must be within the gateway's tolerance. */
    public static SignedWebhook signed(String secret, String ref, String id, byte[] body) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return new SignedWebhook(ref, id, timestamp, WebhookSignature.signature(secret, id, timestamp, body), body);
    }

    /** The shop's webhook secret from the devstack's {@code shops.properties}. */
    public static String secret(Path dataDir, String shopId) throws IOException {
        String secret = secrets(dataDir.resolve("shops.properties")).get(shopId);
        if (secret == null) {
            throw new IllegalStateException("no webhook secret for " + shopId + " in " + dataDir.resolve("shops.properties"));
        }
        return secret;
    }

    /** Every shop with a secret in a {@code shops.properties} file ({@code shopId=whsec_...}), by shop id. */
    public static SortedMap<String, String> secrets(Path file) throws IOException {
        Properties shops = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            shops.load(r);
        }
        SortedMap<String, String> secrets = new TreeMap<>();
        for (String shop : shops.stringPropertyNames()) {
            String secret = shops.getProperty(shop).trim();
            if (!secret.isEmpty()) {
                secrets.put(shop, secret);
            }
        }
        return secrets;
    }
}
