package dev.kefu.gateway.delivery;

import dev.kefu.events.Topics;
import dev.kefu.events.conversation.MessageOutbound;
import dev.kefu.platform.shop.ShopSettings;
import dev.kefu.platform.tracing.ContinuedTrace;
import dev.kefu.platform.tracing.Traceparent;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Delivers one outbound record to its shop's delivery URL and settles the outcome: delivered (and reported, for a
 * message to a shop whose integration does not report deliveries itself), sent on to the retry topic of its next
 * wait, or failed for good (dead-lettered, and reported as {@code message.failed} for a message).
 */
class Delivery {

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    private final ShopSettings shops;
    private final RetrySchedule schedule;
    private final DeliveryClient client;
    private final ShopCircuits circuits;
    private final Settlement settlement;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final ObservationRegistry observations;

    Delivery(ShopSettings shops, RetrySchedule schedule, DeliveryClient client, ShopCircuits circuits,
             Settlement settlement, DeliveryMetrics metrics, Clock clock, ObservationRegistry observations) {
        this.shops = shops;
        this.schedule = schedule;
        this.client = client;
        this.circuits = circuits;
        this.settlement = settlement;
        this.metrics = metrics;
        this.clock = clock;
        this.observations = observations;
    }

    /**
     * The job that delivers {@code record}, or null when there is nothing to do (the shop has no delivery URL: its
     * integration consumes the topic itself); {@code partition} learns when the record is settled.
     */
    Lanes.Job plan(ConsumerRecord<String, byte[]> record, Progress.Partition partition) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        Runnable settled = () -> partition.settled(record.offset());
        Outbound outbound;
        try {
            outbound = Outbound.read(record, clock.instant());
        } catch (IllegalArgumentException e) {
            String reason = "not a deliverable event: " + e.getMessage();
            log.warn("record {}@{} dead-lettered without an attempt: {}", tp, record.offset(), reason);
            return new Lanes.Job(tp, "", "offset-" + record.offset(),
                    settlement.deadLetter(record, reason).doOnSuccess(done -> metrics.failed()), settled);
        }
        ShopSettings.Resolved shop;
        try {
            shop = shops.of(outbound.shopId());
        } catch (RuntimeException e) {
            // A shop whose settings do not resolve (malformed hours, say) cannot be sent to until it is fixed.
            String reason = "the settings of shop " + outbound.shopId() + " do not resolve: " + e.getMessage();
            log.error("record {}@{} dead-lettered without an attempt: {}", tp, record.offset(), reason);
            return new Lanes.Job(tp, "", "offset-" + record.offset(),
                    settlement.deadLetter(record, reason).doOnSuccess(done -> metrics.failed()), settled);
        }
        if (shop.deliveryUrl().isEmpty()) {
            metrics.skipped();
            settled.run();
            return null;
        }
        String key = record.key() == null ? "" : record.key();
        // The poll loop is not a listener container: the attempt continues the record's trace itself, so the POST (its
        // traceparent header) and what settling it publishes belong to the trace that produced the record.
        return new Lanes.Job(tp, outbound.shopId(), key, ContinuedTrace.of(observations, "kefu.delivery",
                Traceparent.of(record.headers()), record.topic(), Mono.defer(() -> attempt(outbound, shop))), settled);
    }

    private Mono<Void> attempt(Outbound outbound, ShopSettings.Resolved shop) {
        Instant now = clock.instant();
        URI url = shop.deliveryUrl().orElseThrow();
        if (shop.webhookSecret().isEmpty()) {
            return fail(outbound, "shop " + shop.shopId() + " has a delivery URL but no webhook secret to sign with", now);
        }
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
            return fail(outbound, "the delivery URL is not http(s): " + url, now);
        }
        Instant openUntil = circuits.openUntil(shop.shopId());
        Mono<Attempt> result = openUntil != null
                ? Mono.just(new Attempt.Retry("not tried: the delivery URL kept timing out; paused until " + openUntil,
                        Duration.ZERO, false))
                : client.post(url, WebhookRequest.of(outbound, shop.webhookSecret().get(), now))
                        .doOnNext(attempt -> circuits.record(shop.shopId(), attempt));
        return result.flatMap(attempt -> settle(outbound, shop, attempt));
    }

    private Mono<Void> settle(Outbound outbound, ShopSettings.Resolved shop, Attempt attempt) {
        Instant now = clock.instant();
        if (attempt instanceof Attempt.Delivered) {
            MessageOutbound message = outbound.message();
            Mono<Void> report = message != null && !shop.reportsDelivery() ? settlement.delivered(message, now)
                    : Mono.empty();
            return report.doOnSuccess(done -> metrics.delivered());
        }
        if (attempt instanceof Attempt.Retry retry) {
            Optional<Duration> scheduled = schedule.delayAfter(outbound.attempt());
            if (scheduled.isPresent()) {
                Duration wanted = scheduled.get().compareTo(retry.notBefore()) >= 0 ? scheduled.get() : retry.notBefore();
                Duration tier = schedule.tierFor(wanted);
                log.debug("delivery of {} {} of shop {}: attempt {} failed ({}), next in {}", outbound.attributes().type(),
                        outbound.attributes().id(), shop.shopId(), outbound.attempt(), retry.reason(), tier);
                return settlement.retry(outbound, Topics.deliveryRetry(tier), now.plus(tier), retry.reason())
                        .doOnSuccess(done -> metrics.retried());
            }
            return fail(outbound, "no successful answer after " + attempts(outbound.attempt()) + " over "
                    + Durations.human(Duration.between(outbound.firstAttempt(), now)) + " (last: " + retry.reason() + ")",
                    now);
        }
        return fail(outbound, ((Attempt.Rejected) attempt).reason(), now);
    }

    private static String attempts(int n) {
        return n == 1 ? "1 attempt" : n + " attempts";
    }

    private Mono<Void> fail(Outbound outbound, String reason, Instant now) {
        log.warn("delivery of {} {} of shop {} failed for good after {}: {}", outbound.attributes().type(),
                outbound.attributes().id(), outbound.shopId(), attempts(outbound.attempt()), reason);
        MessageOutbound message = outbound.message();
        Mono<Void> report = message == null ? Mono.empty() : settlement.failed(message, now, reason);
        return settlement.deadLetter(outbound, reason).then(report).doOnSuccess(done -> metrics.failed());
    }
}
