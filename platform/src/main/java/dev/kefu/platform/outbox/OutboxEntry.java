package dev.kefu.platform.outbox;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.tracing.Traceparent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An event waiting to be published, stored in the same document write as the state change that caused it
 * (no multi-document transaction needed). {@code eventId} becomes {@code ce_id}, so a re-relayed entry is a duplicate
 * every consumer recognises. {@code traceparent} is the W3C trace context of the work that created the entry (null
 * outside a trace, and on entries stored before tracing): the relay publishes the entry as a child of it, so the trace
 * goes on in the consumers however late and wherever the entry is relayed. {@code follows} is set only on an effect
 * that no input caused (a timer fired, a desk request): the id of the last input event its aggregate had applied then,
 * published as the {@value dev.kefu.platform.replay.Replay#FOLLOWS} header, so a rebuild from Kafka puts the effect back
 * into the aggregate at the same point of its history (see {@code docs/operations.md}, "Rebuild a service from Kafka").
 */
public record OutboxEntry(String eventId, String type, String topic, String key, String shopId, String source,
                          Instant time, String payload, String traceparent, String follows) {

    public static OutboxEntry of(KefuEvent event, String source, Instant time) {
        return of(CloudEvent.newEvent(event, source, time).id(), event, source, time);
    }

    /**
     * An entry with a given event id: for a write that may be repeated (an insert that can meet its own duplicate),
     * so that every attempt yields the same {@code ce_id} and consumers see one event.
     */
    public static OutboxEntry of(String eventId, KefuEvent event, String source, Instant time) {
        return new OutboxEntry(eventId, EventTypes.of(event.getClass()).name(), EventTypes.of(event.getClass()).topic(),
                event.key(), event.shopId(), source, time, EventJson.mapper().writeValueAsString(event),
                Traceparent.current(), null);
    }

    /** This entry as an effect recorded after the aggregate's input event {@code inputEventId} (null: none yet). */
    public OutboxEntry following(String inputEventId) {
        return new OutboxEntry(eventId, type, topic, key, shopId, source, time, payload, traceparent, inputEventId);
    }

    /**
     * This entry as part of the trace {@code traceparent} (when there is one): for work done for many inputs at once
     * (a batch listener), where the current trace is the batch's, not that of the input the entry came from.
     */
    public OutboxEntry tracedBy(String traceparent) {
        return traceparent == null ? this
                : new OutboxEntry(eventId, type, topic, key, shopId, source, time, payload, traceparent, follows);
    }

    /** Outbox entries for the events one change caused, in order. */
    public static List<OutboxEntry> allOf(List<? extends KefuEvent> events, String source, Instant time) {
        return events.stream().map(event -> of(event, source, time)).toList();
    }

    /** The entries still pending plus the new ones, in publishing order. */
    public static List<OutboxEntry> append(List<OutboxEntry> pending, List<OutboxEntry> added) {
        List<OutboxEntry> all = new ArrayList<>(pending == null ? List.of() : pending);
        all.addAll(added);
        return List.copyOf(all);
    }

    /**
     * What a document holding {@code outbox} stores as {@value OutboxRelay#PENDING_SINCE}: the time of its oldest
     * entry, or null (not stored) when nothing is pending.
     */
    public static Instant pendingSince(List<OutboxEntry> outbox) {
        return outbox == null ? null : outbox.stream().map(OutboxEntry::time).min(Instant::compareTo).orElse(null);
    }

    public CloudEvent attributes() {
        return new CloudEvent(eventId, type, source, time, shopId);
    }
}
