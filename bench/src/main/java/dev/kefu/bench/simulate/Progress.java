package dev.kefu.bench.simulate;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The run's progress on stderr: on a terminal one line redrawn four times a second (a bar, sent, accepted/s,
 * rejected, failed, p50/p99 so far); otherwise, for logs and CI, a plain line every 5 s.
 */
final class Progress implements AutoCloseable {

    private static final int BAR = 24;

    private final Tally tally;
    private final Duration duration;
    private final boolean bar;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulate-progress");
        t.setDaemon(true);
        return t;
    });

    Progress(Tally tally, Duration duration, boolean bar, PrintStream out) {
        this.tally = tally;
        this.duration = duration;
        this.bar = bar;
        this.out = out;
        long every = bar ? 250 : 5000;
        timer.scheduleAtFixedRate(this::print, every, every, TimeUnit.MILLISECONDS);
    }

    private void print() {
        String line = line(tally.snapshot(), Duration.ofNanos(System.nanoTime() - start));
        if (bar) {
            out.print("\r" + line + "\u001b[K");
        } else {
            out.println(line);
        }
        out.flush();
    }

    String line(Tally.Snapshot s, Duration elapsed) {
        double seconds = Math.max(1e-3, elapsed.toNanos() / 1e9);
        double done = Math.min(1.0, seconds / (duration.toNanos() / 1e9));
        int filled = (int) Math.round(done * BAR);
        String head = bar ? "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " : "";
        return String.format(Locale.ROOT,
                "%s%3.0f%% %5.0fs  sent %d  accepted %.1f/s  rejected %d  failed %d  p50 %s  p99 %s",
                head, done * 100, seconds, s.sent(), s.accepted() / seconds, s.rejected(), s.failed(),
                millis(s.p50Millis()), millis(s.p99Millis()));
    }

    static String millis(double ms) {
        return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    /** Stops redrawing and ends the bar's line, so what follows starts on its own. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        print();
        if (bar) {
            out.println();
        }
    }
}
