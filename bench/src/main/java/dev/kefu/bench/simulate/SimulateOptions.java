package dev.kefu.bench.simulate;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of {@code devstack/simulate}. {@code shops} is 0 and {@code shopIds} empty when neither was given (all
 * the shops with a secret); {@code seed} is null when none was given (a fresh one is drawn and printed).
 */
record SimulateOptions(String gateway, int shops, List<String> shopIds, Path secrets, double rate, Duration duration,
                       Long seed, int concurrency, boolean bar, boolean help) {

    static final String USAGE = """
            usage: devstack/simulate [options]   realistic signed marketplace webhooks for a while, then a summary
              --gateway URL          where to send them (default http://127.0.0.1:8080)
              --shops N              the first N shops (by id) of the secrets file; default: all of them
              --shop ID              this shop (repeatable); instead of --shops
              --secrets FILE         shopId=whsec_... lines (default: $KEFU_DATA_DIR/shops.properties, .kefu-data)
              --rate EVENTS_PER_S    webhooks a second, over all shops (default 20)
              --duration D           how long: PT5M, 5m, 30s, 1h30m (default 1m); rate x duration webhooks are
                                     sent, even when a slow gateway makes that take longer
              --seed S               the same seed sends the same stories and ids (default: drawn and printed)
              --concurrency C        webhooks in flight at most (default 64)
              --progress bar|lines   a live bar (a terminal) or a line every 5 s (default: lines)
            exit: 0 when every webhook was accepted, 1 when some were rejected or failed, 2 on a bad option""";

    private static final Pattern HUMAN_DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    /** A bad option: the one-line message says which and why. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** {@code env} gives {@code KEFU_DATA_DIR}'s default for the secrets file. */
    static SimulateOptions parse(String[] args, Map<String, String> env) throws UsageException {
        String gateway = "http://127.0.0.1:8080";
        int shops = 0;
        List<String> shopIds = new ArrayList<>();
        Path secrets = null;
        double rate = 20;
        Duration duration = Duration.ofMinutes(1);
        Long seed = null;
        int concurrency = 64;
        boolean bar = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return new SimulateOptions(gateway, 0, List.of(), null, rate, duration, null, concurrency, false, true);
            }
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(name + " needs a value");
            }
            switch (name) {
                case "--gateway" -> gateway = url(value);
                case "--shops" -> shops = positiveInt(name, value);
                case "--shop" -> shopIds.add(shopId(value));
                case "--secrets" -> secrets = Path.of(value);
                case "--rate" -> rate = positiveNumber(name, value);
                case "--duration" -> duration = duration(value);
                case "--seed" -> seed = seed(value);
                case "--concurrency" -> concurrency = positiveInt(name, value);
                case "--progress" -> bar = switch (value) {
                    case "bar" -> true;
                    case "lines" -> false;
                    default -> throw new UsageException("--progress must be bar or lines, not '" + value + "'");
                };
                default -> throw new UsageException("unknown option " + name);
            }
        }
        if (shops > 0 && !shopIds.isEmpty()) {
            throw new UsageException("--shops and --shop exclude each other");
        }
        if (secrets == null) {
            String dataDir = env.get("KEFU_DATA_DIR");
            secrets = Path.of(dataDir == null || dataDir.isBlank() ? ".kefu-data" : dataDir, "shops.properties");
        }
        return new SimulateOptions(gateway, shops, List.copyOf(shopIds), secrets, rate, duration, seed, concurrency,
                bar, false);
    }

    /** {@code PT5M}, or the short form {@code 1h30m}, {@code 5m}, {@code 20s}. */
    static Duration duration(String value) throws UsageException {
        Duration d;
        Matcher m = HUMAN_DURATION.matcher(value);
        if (value.startsWith("PT") || value.startsWith("pt")) {
            try {
                d = Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new UsageException("--duration '" + value + "' is not an ISO-8601 duration such as PT5M");
            }
        } else if (!value.isEmpty() && m.matches()) {
            d = Duration.ofHours(part(m, 1)).plusMinutes(part(m, 2)).plusSeconds(part(m, 3));
        } else {
            throw new UsageException("--duration '" + value + "' is not a duration such as PT5M, 5m or 30s");
        }
        if (d.isZero() || d.isNegative()) {
            throw new UsageException("--duration must be longer than zero");
        }
        return d;
    }

    private static long part(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }

    private static String url(String value) throws UsageException {
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below, with the value
        }
        throw new UsageException("--gateway '" + value + "' is not an http(s) URL");
    }

    private static String shopId(String value) throws UsageException {
        // The devstack's rule for shop ids; also what keeps the webhook path clean.
        if (!value.matches("[a-z0-9-]+")) {
            throw new UsageException("--shop '" + value + "' is not a shop id (lowercase letters, digits and -)");
        }
        return value;
    }

    private static int positiveInt(String name, String value) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below, with the value
        }
        throw new UsageException(name + " must be a whole number above zero, not '" + value + "'");
    }

    private static double positiveNumber(String name, String value) throws UsageException {
        try {
            double d = Double.parseDouble(value);
            if (d > 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below, with the value
        }
        throw new UsageException(name + " must be a number above zero, not '" + value + "'");
    }

    private static long seed(String value) throws UsageException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--seed must be a whole number, not '" + value + "'");
        }
    }
}
