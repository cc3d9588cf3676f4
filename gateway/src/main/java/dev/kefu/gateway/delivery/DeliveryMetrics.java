package dev.kefu.gateway.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code kefu.gateway.delivery{outcome}}: records settled as {@code delivered} (a 2xx), {@code retried} (sent to a
 * retry topic), {@code failed} (dead-lettered: rejected, out of attempts or unreadable) or {@code skipped} (the shop
 * has no delivery URL); all registered at zero. {@code kefu.gateway.delivery.attempts{result}}: each POST's latency
 * by {@code delivered}, {@code retry}, {@code rejected}. {@code kefu.gateway.delivery.in.flight}: attempts running.
 */
class DeliveryMetrics {

    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;
    private final Counter skipped;
    private final Timer attemptDelivered;
    private final Timer attemptRetry;
    private final Timer attemptRejected;

    DeliveryMetrics(MeterRegistry registry) {
        delivered = outcome(registry, "delivered");
        retried = outcome(registry, "retried");
        failed = outcome(registry, "failed");
        skipped = outcome(registry, "skipped");
        attemptDelivered = attempt(registry, "delivered");
        attemptRetry = attempt(registry, "retry");
        attemptRejected = attempt(registry, "rejected");
    }

    void inFlight(MeterRegistry registry, Supplier<Number> running) {
        Gauge.builder("kefu.gateway.delivery.in.flight", running).description("delivery attempts running")
                .register(registry);
    }

    void delivered() {
        delivered.increment();
    }

    void retried() {
        retried.increment();
    }

    void failed() {
        failed.increment();
    }

    void skipped() {
        skipped.increment();
    }

    void attempted(Attempt attempt, long nanos) {
        Timer timer = attempt instanceof Attempt.Delivered ? attemptDelivered
                : attempt instanceof Attempt.Retry ? attemptRetry : attemptRejected;
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("kefu.gateway.delivery").tag("outcome", outcome)
                .description("outbound records by how their delivery ended").register(registry);
    }

    private static Timer attempt(MeterRegistry registry, String result) {
        return Timer.builder("kefu.gateway.delivery.attempts").tag("result", result)
                .description("one POST to a shop's delivery URL").publishPercentileHistogram().register(registry);
    }
}
