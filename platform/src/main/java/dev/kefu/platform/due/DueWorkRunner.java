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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Drives the {@link DueHandler}s: per queue, one thread claims what is due (a batch at a time, straight on while
 * full batches come) and runs the handlers with bounded concurrency. Between looks a queue rests until its next item
 * is due, but at least the poll interval (so a busy queue is worked in batches) and at most the idle interval (so what
 * another replica scheduled, or a lease that ran out, is found without any word from it): one indexed query asks for
 * the earliest item due within the idle interval. An item scheduled through this instance's {@link DueWork} wakes its
 * queue if it is due before that queue's next look. So an idle queue costs one small query per idle interval, and a
 * timer fires on time (within the poll interval) instead of on the next fixed tick. Any number of replicas may run
 * this side by side.
 */
public class DueWorkRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DueWorkRunner.class);

    /**
     * How the runner works its queues; see {@code kefu.due.*} in kefu-defaults.properties. {@code pollInterval}: the
     * shortest rest between two looks at a queue that is not full; {@code idleInterval}: the longest.
     */
    public record Settings(Duration pollInterval, Duration idleInterval, int batch, Duration lease, int concurrency,
                           Duration firstRetry, Duration maxRetry) {
        public Settings {
            if (idleInterval.compareTo(pollInterval) < 0) {
                throw new IllegalArgumentException("kefu.due.idle-interval (" + idleInterval
                        + ") must not be shorter than kefu.due.poll-interval (" + pollInterval + ")");
            }
        }
    }

    private final DueWork store;
    private final Map<String, DueHandler> handlers;
    private final Settings settings;
    private final Clock clock;
    private final Map<String, Meters> meters;
    private final BooleanSupplier holding;
    private final Map<String, QueueLoop> loops = new ConcurrentHashMap<>();
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
            QueueLoop loop = new QueueLoop(handler);
            loops.put(handler.queue(), loop);
            loop.plan(clock.instant().plus(settings.pollInterval()));
        }
        store.onScheduled(this::wake);
    }

    /** {@code queue} has an item due at {@code at}: its loop looks no later than then (the poll interval apart). */
    private void wake(String queue, Instant at) {
        QueueLoop loop = loops.get(queue);
        if (loop != null) {
            loop.wake(at);
        }
    }

    /**
     * One queue's thread and its next look. {@code plannedAt} and the pending task change only under the lock; a
     * wake that comes while the queue is being worked is kept and taken into the next plan.
     */
    private final class QueueLoop {

        private final DueHandler handler;
        private final ScheduledThreadPoolExecutor thread;
        private ScheduledFuture<?> pending;
        private long plans;
        private Instant plannedAt = Instant.MAX;
        private Instant lastLook = Instant.MIN;
        private boolean working;
        private Instant wokenFor;

        QueueLoop(DueHandler handler) {
            this.handler = handler;
            this.thread = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread t = new Thread(runnable, "due-" + handler.queue());
                t.setDaemon(true);
                return t;
            });
            // a stop does not wait for the next look (up to the idle interval away), and a moved look leaves nothing
            this.thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            this.thread.setRemoveOnCancelPolicy(true);
        }

        /**
         * The next look, at {@code at}; it replaces any planned one. Each plan has its number: a task whose plan was
         * replaced while it was already starting (a cancel cannot stop it then) finds itself outdated and does
         * nothing, so a queue never has two chains of looks.
         */
        synchronized void plan(Instant at) {
            if (!running) {
                return;
            }
            if (pending != null) {
                pending.cancel(false);
            }
            long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
            long planned = ++plans;
            try {
                pending = thread.schedule(() -> work(planned), delay, TimeUnit.MILLISECONDS);
                plannedAt = at;
            } catch (RejectedExecutionException stopping) {
                // stop() shut the thread down meanwhile
            }
        }

        synchronized void wake(Instant at) {
            Instant look = latest(at, lastLook.plus(settings.pollInterval()));
            if (working) {
                wokenFor = wokenFor == null ? look : earliest(wokenFor, look);
            } else if (look.isBefore(plannedAt)) {
                plan(look);
            }
            // else the look already planned comes first
        }

        private void work(long planned) {
            Instant started;
            synchronized (this) {
                if (!running || planned != plans) {
                    return;
                }
                working = true;
                started = clock.instant();
                lastLook = started;
            }
            Instant next = started.plus(settings.pollInterval());
            try {
                next = look(handler, started);
            } catch (RuntimeException e) {
                log.warn("due-work queue {}: poll failed, will retry: {}", handler.queue(), e.toString());
            } finally {
                // also after an Error: the queue must keep being looked at
                synchronized (this) {
                    working = false;
                    if (wokenFor != null) {
                        next = earliest(next, wokenFor);
                        wokenFor = null;
                    }
                    plan(next);
                }
            }
        }

        void shutdown() {
            thread.shutdown();
        }

        boolean awaitTermination(long seconds) throws InterruptedException {
            return thread.awaitTermination(seconds, TimeUnit.SECONDS);
        }
    }

    /** One look at a queue that began at {@code started}: claims and works a batch; answers when to look next. */
    private Instant look(DueHandler handler, Instant started) {
        meters.get(handler.queue()).looks.increment();
        if (holding.getAsBoolean()) {
            return started.plus(settings.pollInterval());
        }
        // A full batch says more is waiting: go on at once.
        if (pollOnce(handler) >= settings.batch()) {
            return clock.instant();
        }
        Instant now = clock.instant();
        Instant idleEnd = now.plus(settings.idleInterval());
        Instant soonest = started.plus(settings.pollInterval());
        Instant nextDue = store.nextDue(handler.queue(), idleEnd).blockOptional(Duration.ofSeconds(30)).orElse(idleEnd);
        return latest(nextDue, soonest);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
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
        loops.values().forEach(QueueLoop::shutdown);
        for (QueueLoop loop : loops.values()) {
            try {
                // Work in hand finishes or its lease runs out and another replica takes it.
                loop.awaitTermination(5);
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
        final Counter looks;
        final Timer lateness;

        Meters(MeterRegistry registry, String prefix, String queue) {
            done = Counter.builder(prefix + "handled").tags("queue", queue, "outcome", "done").register(registry);
            rescheduled = Counter.builder(prefix + "handled").tags("queue", queue, "outcome", "rescheduled").register(registry);
            failed = Counter.builder(prefix + "handled").tags("queue", queue, "outcome", "failed").register(registry);
            looks = Counter.builder(prefix + "looks").description("looks at the queue: claims of what is due")
                    .tags("queue", queue).register(registry);
            lateness = Timer.builder(prefix + "lateness").description("how long after its due time an item was claimed")
                    .tags("queue", queue).publishPercentileHistogram().register(registry);
        }
    }
}
