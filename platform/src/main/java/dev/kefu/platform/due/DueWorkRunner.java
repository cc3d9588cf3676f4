package dev.kefu.platform.due;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Drives the {@link DueHandler}s: per queue, one thread claims what is due (a batch at a time, straight on while
 * full batches come, else after the poll interval) and runs the handlers with bounded concurrency. With nothing due a
 * poll is one indexed query that reads no document; any number of replicas may run this side by side.
 */
public class DueWorkRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DueWorkRunner.class);

    /** How the runner works its queues; see {@code kefu.due.*} in kefu-defaults.properties. */
    public record Settings(Duration pollInterval, int batch, Duration lease, int concurrency, Duration firstRetry,
                           Duration maxRetry) {
    }

    private final DueWork store;
    private final Map<String, DueHandler> handlers;
    private final Settings settings;
    private final Clock clock;
    private final Map<String, Meters> meters;
    private final BooleanSupplier holding;
    private final List<ScheduledExecutorService> loops = new ArrayList<>();
    private volatile boolean running;

    public DueWorkRunner(DueWork store, List<DueHandler> handlers, Settings settings, Clock clock,
                         MeterRegistry registry, String applicationName) {
        this(store, handlers, settings, clock, registry, applicationName, () -> false);
    }

    /**
     * {@code holding}: while true, nothing is claimed (a rebuild from Kafka is replaying: a timer judged on half an
     * aggregate's history would fire wrongly); the items wait and come due once it is false.
     */
    public DueWorkRunner(DueWork store, List<DueHandler> handlers, Settings settings, Clock clock,
                         MeterRegistry registry, String applicationName, BooleanSupplier holding) {
        this.store = store;
        this.holding = holding;
        this.handlers = handlers.stream().collect(Collectors.toMap(DueHandler::queue, Function.identity(), (a, b) -> {
            throw new IllegalStateException("two handlers for due-work queue " + a.queue());
        }));
        this.settings = settings;
        this.clock = clock;
        String prefix = "kefu." + applicationName.replaceFirst("-service$", "") + ".due.";
        this.meters = this.handlers.keySet().stream()
                .collect(Collectors.toMap(Function.identity(), queue -> new Meters(registry, prefix, queue)));
    }

    @Override
    public synchronized void start() {
        if (running || handlers.isEmpty()) {
            return;
        }
        store.ensureIndex().onErrorResume(e -> {
            log.warn("could not create the due-work index (claims still work, by scanning): {}", e.toString());
            return Mono.empty();
        }).block(Duration.ofSeconds(30));
        running = true;
        for (DueHandler handler : handlers.values()) {
            ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "due-" + handler.queue());
                thread.setDaemon(true);
                return thread;
            });
            loops.add(loop);
            loop.schedule(() -> work(loop, handler), settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void work(ScheduledExecutorService loop, DueHandler handler) {
        if (!running) {
            return;
        }
        int claimed = 0;
        try {
            claimed = holding.getAsBoolean() ? 0 : pollOnce(handler);
        } catch (RuntimeException e) {
            log.warn("due-work queue {}: poll failed, will retry: {}", handler.queue(), e.toString());
        }
        // A full batch says more is waiting: go on at once; otherwise rest until the next poll.
        long delay = claimed >= settings.batch() ? 0 : settings.pollInterval().toMillis();
        if (running) {
            loop.schedule(() -> work(loop, handler), delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Claims and works one batch of {@code handler}'s queue; returns how many items it claimed. */
    public int pollOnce(DueHandler handler) {
        Meters m = meters.get(handler.queue());
        Long claimed = store.claim(handler.queue(), settings.batch(), settings.lease())
                .doOnNext(item -> m.lateness.record(Duration.between(item.dueAt(), clock.instant())))
                .flatMap(item -> Mono.defer(() -> handler.handle(item))
                        .timeout(settings.lease())
                        .flatMap(next -> store.complete(item, next).doOnSuccess(v -> m.rescheduled.increment())
                                .thenReturn(true))
                        .switchIfEmpty(Mono.defer(() -> store.complete(item, null).doOnSuccess(v -> m.done.increment())
                                .thenReturn(true)))
                        .onErrorResume(e -> {
                            m.failed.increment();
                            Instant retryAt = clock.instant().plus(backoff(item.attempts()));
                            log.warn("due-work {} {} failed (attempt {}), again at {}: {}", item.queue(), item.key(),
                                    item.attempts(), retryAt, e.toString());
                            return store.retry(item, retryAt).onErrorResume(f -> Mono.empty()).thenReturn(false);
                        }), settings.concurrency())
                .count()
                .block(settings.lease().plusSeconds(30));
        return claimed == null ? 0 : claimed.intValue();
    }

    /** Doubling from the first retry delay up to the maximum. */
    Duration backoff(int attempts) {
        Duration delay = settings.firstRetry();
        for (int i = 1; i < attempts && delay.compareTo(settings.maxRetry()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(settings.maxRetry()) > 0 ? settings.maxRetry() : delay;
    }

    @Override
    public synchronized void stop() {
        running = false;
        for (ScheduledExecutorService loop : loops) {
            loop.shutdown();
        }
        for (ScheduledExecutorService loop : loops) {
            try {
                // Work in hand finishes or its lease runs out and another replica takes it.
                loop.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loops.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static final class Meters {
        final Counter done;
        final Counter rescheduled;
        final Counter failed;
        final Timer lateness;

        Meters(MeterRegistry registry, String prefix, String queue) {
            done = Counter.builder(prefix + "handled").tags("queue", queue, "outcome", "done").register(registry);
            rescheduled = Counter.builder(prefix + "handled").tags("queue", queue, "outcome", "rescheduled").register(registry);
            failed = Counter.builder(prefix + "handled").tags("queue", queue, "outcome", "failed").register(registry);
            lateness = Timer.builder(prefix + "lateness").description("how long after its due time an item was claimed")
                    .tags("queue", queue).publishPercentileHistogram().register(registry);
        }
    }
}
