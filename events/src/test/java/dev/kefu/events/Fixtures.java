package dev.kefu.events;

import dev.kefu.events.kafka.EventJson;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The golden example of each event type ({@code /fixtures/<type>.json}), shared with every module's tests. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A fresh, mutable copy of the golden fixture. */
    public static ObjectNode json(EventType<?> type) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + type.name() + ".json")) {
            if (in == null) {
                throw new IllegalStateException("no golden fixture for " + type.name());
            }
            return (ObjectNode) EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T extends KefuEvent> T record(EventType<T> type) {
        return EventJson.mapper().treeToValue(json(type), type.recordType());
    }

    public static byte[] bytes(ObjectNode json) {
        return EventJson.mapper().writeValueAsBytes(json);
    }

    /** CloudEvents headers for a record of {@code type} about {@code shopId}, with a new event id. */
    public static Map<String, String> headers(EventType<?> type, String shopId) {
        return headers(type, shopId, UUID.randomUUID().toString());
    }

    public static Map<String, String> headers(EventType<?> type, String shopId, String eventId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEvent.ID, eventId);
        headers.put(CloudEvent.TYPE, type.name());
        headers.put(CloudEvent.SOURCE, "/tests");
        headers.put(CloudEvent.TIME, "2026-11-23T08:15:31Z");
        headers.put(CloudEvent.SHOP_ID, shopId);
        headers.put(CloudEvent.SPEC_VERSION, CloudEvent.SPEC_VERSION_1_0);
        return headers;
    }
}
