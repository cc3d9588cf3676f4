package dev.kefu.bench.simulate;

import dev.kefu.bench.WebhookClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulator as a library, for the bench's {@code simulate} scenario: the same {@link Traffic}, {@link Simulation}
 * and {@link Tally} as {@code devstack/simulate}, with what a sampler reads while it runs and the summary table after.
 */
public final class SimulationRun {

    /** The answers so far: counts, and how many latencies have been recorded (see {@link #latencies}). */
    public record Counts(long sent, long accepted, long rejected, long failed, int answers) {
    }

    private final Map<String, String> secrets;
    private final String gateway;
    private final double rate;
    private final long seed;
    private final int concurrency;
    private final Tally tally = new Tally();

    /** {@code secrets}: shop id → webhook secret, the shops to simulate. */
    public SimulationRun(String gateway, Map<String, String> secrets, double rate, long seed, int concurrency) {
        this.gateway = gateway;
        this.secrets = Map.copyOf(secrets);
        this.rate = rate;
        this.seed = seed;
        this.concurrency = concurrency;
    }

    /** Sends rate × duration webhooks on the schedule; returns once all were answered (or timed out). */
    public void run(Duration duration) throws InterruptedException {
        Traffic traffic = new Traffic(seed, new ArrayList<>(new TreeMap<>(secrets).keySet()), Instant.now(),
                rate);
        try (WebhookClient client = new WebhookClient(gateway, concurrency, Simulate.RESPONSE_TIMEOUT)) {
            new Simulation(traffic, secrets, client, concurrency, tally).run(duration);
        }
    }

    public Counts counts() {
        // answers first: a latency counted here is also in the counts
        int answers = tally.answers();
        Tally.Snapshot s = tally.counts();
        return new Counts(s.sent(), s.accepted(), s.rejected(), s.failed(), answers);
    }

    /** The answer latencies (ms) of answers {@code from} to {@code to}, as {@link Counts#answers()} numbers them. */
    public double[] latencies(int from, int to) {
        return tally.latencies(from, to);
    }

    /** {@code devstack/simulate}'s table: per type sent / accepted / rejected / failed, totals, p50 / p99. */
    public String summary(double seconds) {
        return SummaryTable.of(tally, seconds);
    }
}
