package dev.kefu.events;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * The CloudEvents 1.0 attributes of a Kafka record, carried in headers (binary content mode) next to the JSON value.
 * {@code id} is the idempotency key every consumer deduplicates on.
 */
public record CloudEvent(String id, String type, String source, Instant time, String shopId) {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String SHOP_ID = "ce_shopid";
    public static final String CONTENT_TYPE = "content-type";
    public static final String SPEC_VERSION_1_0 = "1.0";

    public CloudEvent {
        Fields.text(id, ID);
        Fields.text(type, TYPE);
        Fields.text(source, SOURCE);
        Fields.present(time, TIME);
        Fields.text(shopId, SHOP_ID);
    }

    /** Attributes for a new event about {@code event}, published now by {@code source} (e.g. "/order-service"). */
    public static CloudEvent newEvent(KefuEvent event, String source, Instant time) {
        return new CloudEvent(UUID.randomUUID().toString(), EventTypes.of(event.getClass()).name(), source, time,
                event.shopId());
    }

    public void writeTo(Headers headers) {
        put(headers, ID, id);
        put(headers, TYPE, type);
        put(headers, SOURCE, source);
        put(headers, TIME, time.toString());
        put(headers, SHOP_ID, shopId);
        put(headers, SPEC_VERSION, SPEC_VERSION_1_0);
        put(headers, CONTENT_TYPE, "application/json");
    }

    /** Reads the attributes back; a record without them (or with a malformed time) is not a Kefu event. */
    public static CloudEvent readFrom(Headers headers) {
        try {
            return new CloudEvent(text(headers, ID), text(headers, TYPE), text(headers, SOURCE),
                    Instant.parse(Fields.text(text(headers, TIME), TIME)), text(headers, SHOP_ID));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(TIME + " is not an ISO-8601 instant", e);
        }
    }

    public static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
