package dev.kefu.platform.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Event counters named {@code kefu.<service>.events.<outcome>}, tagged by event type (published/failed) or topic
 * (dead-lettered), so every service reports the same series under its own prefix.
 */
public class EventMetrics {

    private final MeterRegistry registry;
    private final String prefix;

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
        return Counter.builder(prefix + name).tags(tags).register(registry);
    }
}
