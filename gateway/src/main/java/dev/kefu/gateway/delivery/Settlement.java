package dev.kefu.gateway.delivery;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Topics;
import dev.kefu.events.conversation.MessageOutbound;
import dev.kefu.events.inbound.MarketplaceEvent;
import dev.kefu.events.inbound.MarketplaceMessageDelivered;
import dev.kefu.events.inbound.MarketplaceMessageFailed;
import dev.kefu.platform.messaging.EventMetrics;
import dev.kefu.platform.messaging.EventPublisher;
import dev.kefu.platform.messaging.KafkaMessagingAutoConfiguration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What the worker writes to Kafka once an attempt is over: the record again on a retry topic, its dead letter, and
 * the report-back events {@code message.delivered} / {@code message.failed} on {@code marketplace.messages}. Every
 * write is retried until the broker takes it (an unavailable broker says nothing about the record); until then the
 * record's offset is not committed, so a restart delivers it again rather than losing the outcome.
 */
class Settlement {

    private static final Logger log = LoggerFactory.getLogger(Settlement.class);
    static final String SOURCE = "/gateway/delivery";

    private final KafkaTemplate<String, Object> kafka;
    private final EventPublisher publisher;
    private final EventMetrics events;

    Settlement(KafkaTemplate<String, Object> kafka, EventPublisher publisher, EventMetrics events) {
        this.kafka = kafka;
        this.publisher = publisher;
        this.events = events;
    }

    /** The record again, on {@code topic}, due at {@code due}, with the attempts made so far. */
    Mono<Void> retry(Outbound outbound, String topic, Instant due, String lastError) {
        ProducerRecord<String, Object> record = copy(outbound.record(), topic);
        Headers headers = record.headers();
        put(headers, Outbound.ORIGIN, outbound.origin());
        put(headers, Outbound.ATTEMPTS, Integer.toString(outbound.attempt()));
        put(headers, Outbound.FIRST_ATTEMPT, outbound.firstAttempt().toString());
        put(headers, Outbound.DUE, due.toString());
        put(headers, Outbound.LAST_ERROR, lastError);
        return send(record);
    }

    /** The record on its origin's dead-letter topic after its last attempt, with the reason and the attempts made. */
    Mono<Void> deadLetter(Outbound outbound, String reason) {
        ProducerRecord<String, Object> record = deadLetterOf(outbound.record(), outbound.origin(), reason);
        put(record.headers(), Outbound.ATTEMPTS, Integer.toString(outbound.attempt()));
        put(record.headers(), Outbound.FIRST_ATTEMPT, outbound.firstAttempt().toString());
        return send(record).doOnSuccess(done -> events.deadLettered(outbound.origin()));
    }

    /** A record that is not a deliverable event, on its origin's dead-letter topic at once, as it was read. */
    Mono<Void> deadLetter(ConsumerRecord<String, byte[]> unreadable, String reason) {
        String origin = CloudEvent.text(unreadable.headers(), Outbound.ORIGIN);
        String topic = origin == null ? unreadable.topic() : origin;
        return send(deadLetterOf(unreadable, topic, reason)).doOnSuccess(done -> events.deadLettered(topic));
    }

    private static ProducerRecord<String, Object> deadLetterOf(ConsumerRecord<String, byte[]> original, String origin,
                                                               String reason) {
        ProducerRecord<String, Object> record = copy(original, Topics.deadLetter(origin));
        Headers headers = record.headers();
        headers.remove(Outbound.DUE);
        put(headers, KafkaMessagingAutoConfiguration.DEAD_LETTER_REASON, reason);
        put(headers, KafkaHeaders.DLT_ORIGINAL_TOPIC, origin);
        return record;
    }

    /** {@code message.delivered} on behalf of an integration that does not report deliveries itself. */
    Mono<Void> delivered(MessageOutbound message, Instant at) {
        return publish(new MarketplaceMessageDelivered(message.shopId(), message.platform(), message.buyerId(),
                message.messageId(), at), message.messageId(), EventTypes.MARKETPLACE_MESSAGE_DELIVERED.name(), at);
    }

    /** {@code message.failed}: the message could not be delivered, and why. */
    Mono<Void> failed(MessageOutbound message, Instant at, String reason) {
        return publish(new MarketplaceMessageFailed(message.shopId(), message.platform(), message.buyerId(),
                message.messageId(), at, reason), message.messageId(), EventTypes.MARKETPLACE_MESSAGE_FAILED.name(), at);
    }

    /**
     * The report's event id depends only on the shop, the message and the outcome: a record delivered twice (after a
     * restart or rebalance) reports twice with the same {@code ce_id}, and consumers skip the second.
     */
    static String reportId(String shopId, String messageId, String type) {
        return UUID.nameUUIDFromBytes((SOURCE + "\n" + shopId + "\n" + messageId + "\n" + type)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Mono<Void> publish(MarketplaceEvent event, String messageId, String type, Instant at) {
        CloudEvent attributes = new CloudEvent(reportId(event.shopId(), messageId, type), type, SOURCE, at,
                event.shopId());
        return untilWritten(publisher.publish(attributes, event), type + " of message " + messageId);
    }

    private Mono<Void> send(ProducerRecord<String, Object> record) {
        // KafkaProducer.send blocks while it has no metadata or buffer: never on an event loop.
        Mono<Void> write = Mono.defer(() -> Mono.fromFuture(kafka.send(record))).subscribeOn(Schedulers.boundedElastic())
                .then();
        return untilWritten(write, "record " + CloudEvent.text(record.headers(), CloudEvent.ID) + " to " + record.topic());
    }

    private static Mono<Void> untilWritten(Mono<Void> write, String what) {
        return write.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                .doBeforeRetry(signal -> log.warn("could not write {} (attempt {}), retrying: {}", what,
                        signal.totalRetries() + 1, signal.failure().toString())));
    }

    private static ProducerRecord<String, Object> copy(ConsumerRecord<String, byte[]> original, String topic) {
        ProducerRecord<String, Object> record = new ProducerRecord<>(topic, original.key(), original.value());
        for (Header header : original.headers()) {
            record.headers().add(header.key(), header.value());
        }
        return record;
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
