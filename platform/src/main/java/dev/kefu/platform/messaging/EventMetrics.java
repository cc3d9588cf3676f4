package dev.kefu.platform.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Event counters named {@code kefu.<service>.events.<outcome>}, tagged by event type (published/failed) or topic
 * (dead-lettered), so every service reports the same series under its own prefix. Each counter is looked up in the
 * registry once and then kept: counting is on the path of every record.
 */
public class EventMetrics {

    private final MeterRegistry registry;
    private final String prefix;
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    public EventMetrics(MeterRegistry registry, String applicationName) {
        this.registry = registry;
        this.prefix = "kefu." + applicationName.replaceFirst("-service$", "") + ".events.";
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
