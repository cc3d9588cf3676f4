package dev.kefu.bench.simulate;

import dev.kefu.bench.SignedWebhook;
import dev.kefu.bench.WebhookClient;
import dev.kefu.events.webhook.WebhookSignature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code devstack/simulate}: realistic marketplace traffic for some shops, as signed webhooks at a rate for a while,
 * then a summary table. Exit code 0 when every webhook was accepted, 1 when some were rejected or failed, 2 when the
 * options (or the shops' secrets) are wrong.
 */
public final class Simulate {

    static final int OK = 0;
    static final int NOT_ALL_ACCEPTED = 1;
    static final int USAGE = 2;
    /** An answer slower than this counts as failed: far above what the gateway takes to get a Kafka ack. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(15);
    /** A run this much longer than asked for fell behind its schedule: worth saying why. */
    static final double SLOW_BY = 1.1;

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
            throws InterruptedException {
        SimulateOptions options;
        Map<String, String> secrets;
        try {
            options = SimulateOptions.parse(args, env);
            if (options.help()) {
                out.println(SimulateOptions.USAGE);
                return OK;
            }
            secrets = shops(options);
        } catch (SimulateOptions.UsageException e) {
            err.println("simulate: " + e.getMessage() + " (devstack/simulate --help)");
            return USAGE;
        }
        long seed = options.seed() != null ? options.seed() : ThreadLocalRandom.current().nextLong(1, 1L << 40);
        err.printf("simulate: %d shop(s) %s -> %s, %s webhooks/s for %s, seed %d (--seed %d repeats it), "
                        + "concurrency %d%n", secrets.size(), secrets.keySet(), options.gateway(),
                trim(options.rate()), options.duration(), seed, seed, options.concurrency());

        Tally tally = new Tally();
        Traffic traffic = new Traffic(seed, new ArrayList<>(secrets.keySet()), Instant.now(), options.rate());
        long start = System.nanoTime();
        try (WebhookClient client = new WebhookClient(options.gateway(), options.concurrency(), RESPONSE_TIMEOUT);
             Progress ignored = new Progress(tally, options.duration(), options.bar(), err)) {
            new Simulation(traffic, secrets, client, options.concurrency(), tally).run(options.duration());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.print(SummaryTable.of(tally, seconds));
        if (seconds > options.duration().toNanos() / 1e9 * SLOW_BY) {
            err.printf("simulate: the gateway answered too slowly for %s webhooks/s with %d in flight; the run took "
                    + "%.0f s (more --concurrency, or a lower --rate)%n", trim(options.rate()), options.concurrency(),
                    seconds);
        }
        Tally.Snapshot all = tally.snapshot();
        return all.rejected() == 0 && all.failed() == 0 ? OK : NOT_ALL_ACCEPTED;
    }

    /** The shops to simulate, with their secrets, in the order given (or by id). */
    static Map<String, String> shops(SimulateOptions options) throws SimulateOptions.UsageException {
        if (!Files.isRegularFile(options.secrets())) {
            throw new SimulateOptions.UsageException("no secrets file " + options.secrets()
                    + " (start the devstack, set KEFU_DATA_DIR, or pass --secrets FILE)");
        }
        SortedMap<String, String> known;
        try {
            known = SignedWebhook.secrets(options.secrets());
        } catch (IOException | IllegalArgumentException e) {
            throw new SimulateOptions.UsageException("cannot read " + options.secrets() + ": " + e.getMessage());
        }
        Map<String, String> chosen = new LinkedHashMap<>();
        if (!options.shopIds().isEmpty()) {
            for (String shop : options.shopIds()) {
                String secret = known.get(shop);
                if (secret == null) {
                    throw new SimulateOptions.UsageException("no webhook secret for shop " + shop + " in "
                            + options.secrets() + " (the devstack adds one with devstack/run --add-shop=" + shop + ")");
                }
                chosen.put(shop, secret);
            }
        } else {
            int wanted = options.shops() > 0 ? options.shops() : known.size();
            if (wanted > known.size() || known.isEmpty()) {
                throw new SimulateOptions.UsageException("--shops " + wanted + " but " + options.secrets() + " has "
                        + known.size() + " shop(s) with a secret " + known.keySet()
                        + " (add some with devstack/run --add-shop=ID,...)");
            }
            List<String> ids = new ArrayList<>(known.keySet()).subList(0, wanted);
            ids.forEach(id -> chosen.put(id, known.get(id)));
        }
        for (Map.Entry<String, String> shop : chosen.entrySet()) {
            try {
                WebhookSignature.signature(shop.getValue(), "check", "0", new byte[0]);
            } catch (IllegalStateException e) {
                throw new SimulateOptions.UsageException("the webhook secret of shop " + shop.getKey()
                        + " is not whsec_<base64>");
            }
        }
        return chosen;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
