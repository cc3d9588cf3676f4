package dev.kefu.events.kafka;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.KefuEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;

/**
 * Writes an event record as plain JSON and makes sure {@code ce_type} names its contract type. Already-serialized
 * values (byte[]: a dead-lettered record's original bytes, or an outbox entry) pass through unchanged.
 */
public class EventSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object data) {
        throw new UnsupportedOperationException("Kefu events need headers: use serialize(topic, headers, data)");
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Object data) {
        if (data == null || data instanceof byte[]) {
            return (byte[]) data;
        }
        if (!(data instanceof KefuEvent event)) {
            throw new SerializationException(data.getClass().getSimpleName() + " is not a Kefu event");
        }
        String type = EventTypes.of(event.getClass()).name();
        String declared = CloudEvent.text(headers, CloudEvent.TYPE);
        if (declared == null) {
            headers.add(CloudEvent.TYPE, type.getBytes(StandardCharsets.UTF_8));
        } else if (!declared.equals(type)) {
            throw new SerializationException("ce_type '" + declared + "' does not match the record (" + type + ")");
        }
        return EventJson.mapper().writeValueAsBytes(event);
    }
}
