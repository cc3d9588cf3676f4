package dev.kefu.gateway.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;

/**
 * One thread polling a Kafka consumer for as long as the application runs (the gateway's delivery worker and agent
 * stream reader), started and stopped with the context. {@link #stop()} clears the flag, wakes the consumer out of
 * its poll and waits, bounded, for the thread to finish.
 */
public abstract class PollingThread implements SmartLifecycle {

    private final String name;
    private final Duration stopWait;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile Consumer<?, ?> polling;

    /** @param stopWait how long {@link #stop()} waits for the thread (it may be finishing work) */
    protected PollingThread(String name, Duration stopWait) {
        this.name = name;
        this.stopWait = stopWait;
    }

    /** The thread's work: poll while {@link #isRunning()}, with the consumer handed to {@link #polling(Consumer)}. */
    protected abstract void run();

    /** The consumer {@link #stop()} must wake; null once it is closed. */
    protected final void polling(Consumer<?, ?> consumer) {
        this.polling = consumer;
    }

    /** The work ended for good on its own (a failure it cannot go on from). */
    protected final void ended() {
        running = false;
    }

    @Override
    public final synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true); // stop() joins it; a daemon cannot keep a failed start's JVM alive
        thread.start();
    }

    @Override
    public final void stop() {
        Thread t;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            t = thread;
        }
        Consumer<?, ?> c = polling;
        if (c != null) {
            c.wakeup();
        }
        try {
            t.join(stopWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public final boolean isRunning() {
        return running;
    }
}
