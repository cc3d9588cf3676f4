package dev.kefu.gateway.delivery;

import dev.kefu.events.kafka.EventJson;
import dev.kefu.events.webhook.WebhookSignature;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One delivery POST, in the ingest's own Standard Webhooks scheme, so an integration verifies both directions with the
 * same code: body {@code {"type": <ce_type>, "timestamp": <ce_time>, "data": <the event JSON as published>}},
 * {@code webhook-id} = the event's {@code ce_id} (the same on every attempt: the integration's idempotency key),
 * {@code webhook-timestamp} = this attempt's time, {@code webhook-signature} by the shop's first secret.
 */
record WebhookRequest(String id, String timestamp, String signature, byte[] body) {

    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";

    static WebhookRequest of(Outbound outbound, String secrets, Instant now) {
        byte[] body = body(outbound.attributes().type(), outbound.attributes().time(), outbound.record().value());
        String id = outbound.attributes().id();
        String timestamp = Long.toString(now.getEpochSecond());
        return new WebhookRequest(id, timestamp, WebhookSignature.signature(firstSecret(secrets), id, timestamp, body), body);
    }

    /** The signing secret: the first of the shop's space-separated list (the one the integration has for sure). */
    static String firstSecret(String secrets) {
        String trimmed = secrets.trim();
        int space = trimmed.indexOf(' ');
        return space < 0 ? trimmed : trimmed.substring(0, space);
    }

    /** The envelope around the event's own bytes: fields this gateway's version does not know still reach the shop. */
    static byte[] body(String type, Instant time, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 96);
        out.writeBytes("{\"type\":".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(EventJson.mapper().writeValueAsBytes(type));
        out.writeBytes(",\"timestamp\":".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(EventJson.mapper().writeValueAsBytes(time.toString()));
        out.writeBytes(",\"data\":".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        out.write('}');
        return out.toByteArray();
    }
}
