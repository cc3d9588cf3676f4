package dev.kefu.platform.messaging;

import dev.kefu.events.EventType;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Event counters named {@code kefu.<service>.events.<outcome>}, tagged by event type (published/failed) or topic
 * (dead-lettered), so every service reports the same series under its own prefix. Each counter is looked up in the
 * registry once and then kept: counting is on the path of every record. The failure counters exist at zero from the
 * start, for every contract topic and type: a series that appears only at its first increment is invisible to
 * Prometheus' {@code increase()}, so an alert on it would miss the first dead letter of every pod.
 */
public class EventMetrics {

    private final MeterRegistry registry;
    private final String prefix;
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    public EventMetrics(MeterRegistry registry, String applicationName) {
        this.registry = registry;
        this.prefix = "kefu." + applicationName.replaceFirst("-service$", "") + ".events.";
        for (String topic : Topics.all()) {
            counter("dead.lettered", "topic", topic);
        }
        for (EventType<?> type : EventTypes.all()) {
            counter("publish.failed", "type", type.name());
        }
    }

    public void published(String type) {
        counter("published", "type", type).increment();
    }

    public void publishFailed(String type) {
        counter("publish.failed", "type", type).increment();
    }

    public void consumed(String type, boolean duplicate) {
        counter("consumed", "type", type, "outcome", duplicate ? "duplicate" : "applied").increment();
    }

    public void deadLettered(String topic) {
        counter("dead.lettered", "topic", topic).increment();
    }

    private Counter counter(String name, String... tags) {
        List<String> key = List.of(name, String.join("\u0000", tags));
        Counter counter = counters.get(key);
        return counter != null ? counter
                : counters.computeIfAbsent(key, k -> Counter.builder(prefix + name).tags(tags).register(registry));
    }
}
