package dev.kefu.system;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How long this test JVM could not run while it was open: a thread that sleeps 20 ms at a time and records the
 * longest it overslept. On a 2-core machine that also hosts the stack (a broker restarting, five services
 * reconnecting) a client's measured wait includes such stalls of its own process, which the server under test did not
 * cause; a bound on client-side times adds the stall seen over the same period.
 */
final class SchedulingStall implements AutoCloseable {

    private static final long TICK_NANOS = 20_000_000;

    private final AtomicLong longestNanos = new AtomicLong();
    private final Thread ticker;
    private volatile boolean open = true;

    SchedulingStall() {
        ticker = new Thread(() -> {
            long before = System.nanoTime();
            while (open) {
                try {
                    Thread.sleep(TICK_NANOS / 1_000_000);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                longestNanos.accumulateAndGet(now - before - TICK_NANOS, Math::max);
                before = now;
            }
        }, "scheduling-stall");
        ticker.setDaemon(true);
        ticker.start();
    }

    /** The longest this JVM overslept a tick so far, in milliseconds. */
    long longestMillis() {
        return longestNanos.get() / 1_000_000;
    }

    @Override
    public void close() {
        open = false;
        ticker.interrupt();
    }
}
