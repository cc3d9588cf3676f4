package dev.kefu.events.kafka;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventType;
import dev.kefu.events.EventTypes;
import dev.kefu.events.KefuEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import tools.jackson.core.JacksonException;

/**
 * Reads an event record by its {@code ce_type} header. A record of an unknown type, with broken JSON or missing
 * required fields fails here, which the consumer's error handler routes straight to the dead-letter topic.
 */
public class EventDeserializer implements Deserializer<KefuEvent> {

    @Override
    public KefuEvent deserialize(String topic, byte[] data) {
        throw new UnsupportedOperationException("Kefu events need headers: use deserialize(topic, headers, data)");
    }

    @Override
    public KefuEvent deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        String typeName = CloudEvent.text(headers, CloudEvent.TYPE);
        if (typeName == null) {
            throw new SerializationException("record on " + topic + " has no " + CloudEvent.TYPE + " header");
        }
        EventType<?> type = EventTypes.named(typeName).orElseThrow(
                () -> new SerializationException("unknown " + CloudEvent.TYPE + " '" + typeName + "' on " + topic));
        try {
            return EventJson.mapper().readValue(data, type.recordType());
        } catch (JacksonException e) {
            throw new SerializationException("unreadable " + typeName + " on " + topic + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
