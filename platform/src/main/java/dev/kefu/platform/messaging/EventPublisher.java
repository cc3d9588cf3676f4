package dev.kefu.platform.messaging;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.KefuEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sends events to Kafka with their CloudEvents headers and completes only when the broker acknowledged the write
 * ({@code acks=all}). The one place events leave a service, so it is also where they are counted.
 */
public class EventPublisher {

    private final KafkaTemplate<String, Object> kafka;
    private final EventMetrics metrics;

    public EventPublisher(KafkaTemplate<String, Object> kafka, EventMetrics metrics) {
        this.kafka = kafka;
        this.metrics = metrics;
    }

    /** Publishes an event record to its contract topic. */
    public Mono<Void> publish(CloudEvent attributes, KefuEvent event) {
        return send(EventTypes.of(event.getClass()).topic(), event.key(), attributes, event);
    }

    /** Publishes an already-serialized JSON value (an outbox entry or a validated webhook payload). */
    public Mono<Void> publishJson(String topic, String key, CloudEvent attributes, byte[] json) {
        return send(topic, key, attributes, json, Map.of());
    }

    /** As {@link #publishJson(String, String, CloudEvent, byte[])}, with Kefu headers beside the CloudEvents ones. */
    public Mono<Void> publishJson(String topic, String key, CloudEvent attributes, byte[] json,
                                  Map<String, String> headers) {
        return send(topic, key, attributes, json, headers);
    }

    private Mono<Void> send(String topic, String key, CloudEvent attributes, Object value) {
        return send(topic, key, attributes, value, Map.of());
    }

    private Mono<Void> send(String topic, String key, CloudEvent attributes, Object value, Map<String, String> headers) {
        return Mono.defer(() -> {
            ProducerRecord<String, Object> record = new ProducerRecord<>(topic, key, value);
            attributes.writeTo(record.headers());
            headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
            return Mono.fromFuture(kafka.send(record));
        })
                // KafkaProducer.send blocks while it has no metadata or buffer (up to max.block.ms): never on an event loop.
                .subscribeOn(Schedulers.boundedElastic())
                .doOnSuccess(sent -> metrics.published(attributes.type()))
                .doOnError(e -> metrics.publishFailed(attributes.type()))
                .then();
    }
}
