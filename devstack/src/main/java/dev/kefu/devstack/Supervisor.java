package dev.kefu.devstack;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Restarts the devstack's children when they exit on their own (a crash, an out-of-memory kill, a {@code kill -9}),
 * the same command with the same data dir and port, after a {@link Backoff} per child. Nothing is restarted once the
 * stack is stopping. What happens is told to {@link Events}, which prints it on the console.
 */
final class Supervisor implements AutoCloseable {

    /** Starts a child again (or the first time); throws when it cannot (the stack is stopping, the exec failed). */
    interface Launcher {
        void launch(ChildProcess child) throws Exception;
    }

    interface Events {
        void exited(ChildProcess child, int code, Duration upFor, Duration restartIn, int exitsInARow);

        void restarted(ChildProcess child);

        void restartFailed(ChildProcess child, Exception cause, Duration retryIn);
    }

    private final Launcher launcher;
    private final Events events;
    private final java.util.function.Supplier<Backoff> backoffs;
    private final LongSupplier nanoClock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "devstack-supervisor");
        t.setDaemon(true);
        return t;
    });
    private final Map<ChildProcess, Backoff> backoff = new ConcurrentHashMap<>();
    private final Map<ChildProcess, Long> startedAt = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Supervisor(Launcher launcher, Events events, java.util.function.Supplier<Backoff> backoffs, LongSupplier nanoClock) {
        this.launcher = launcher;
        this.events = events;
        this.backoffs = backoffs;
        this.nanoClock = nanoClock;
    }

    /** From now on, restarts {@code child} (already started) whenever it exits, until {@link #close()}. */
    void supervise(ChildProcess child) {
        backoff.computeIfAbsent(child, c -> backoffs.get());
        startedAt.put(child, nanoClock.getAsLong());
        Process process = child.process();
        process.onExit().thenAccept(p -> exited(child, p));
    }

    private void exited(ChildProcess child, Process process) {
        if (closed) {
            return;
        }
        Duration upFor = Duration.ofNanos(nanoClock.getAsLong() - startedAt.getOrDefault(child, nanoClock.getAsLong()));
        Backoff b = backoff.get(child);
        Duration delay = b.next(upFor);
        events.exited(child, process.exitValue(), upFor, delay, b.failures());
        schedule(child, delay);
    }

    private void schedule(ChildProcess child, Duration delay) {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(() -> restart(child), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void restart(ChildProcess child) {
        if (closed) {
            return;
        }
        try {
            launcher.launch(child);
        } catch (Exception e) {
            if (closed) {
                return;
            }
            Duration delay = backoff.get(child).next(Duration.ZERO);
            events.restartFailed(child, e, delay);
            schedule(child, delay);
            return;
        }
        events.restarted(child);
        supervise(child);
    }

    /** Restarts nothing more; a restart that is already under way may still finish (the stop then stops it). */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
    }
}
