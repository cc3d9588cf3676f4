package dev.kefu.system;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the gateway took to answer one route, by its own {@code http.server.requests} histogram (kefu-defaults
 * turns the percentile histogram on), read from its management port's Prometheus page: cumulative counts by bucket
 * upper bound, summed over status and outcome, and the recent maximum.
 */
record GatewayAnswerTimes(TreeMap<Double, Long> countAtMost, double maxSeconds) {

    private static final Pattern BUCKET = Pattern.compile("^http_server_requests_seconds_bucket\\{(.*)} (\\S+)$");
    private static final Pattern MAX = Pattern.compile("^http_server_requests_seconds_max\\{(.*)} (\\S+)$");
    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    static GatewayAnswerTimes read(int managementPort, String uri) throws Exception {
        HttpResponse<String> page = GatewayClient.HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        String route = "uri=\"" + uri + "\"";
        TreeMap<Double, Long> counts = new TreeMap<>();
        double max = 0;
        for (String line : page.body().split("\\n")) {
            Matcher bucket = BUCKET.matcher(line);
            if (bucket.matches() && bucket.group(1).contains(route)) {
                Matcher le = LE.matcher(bucket.group(1));
                if (le.find()) {
                    double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
                    counts.merge(bound, (long) Double.parseDouble(bucket.group(2)), Long::sum);
                }
            }
            Matcher m = MAX.matcher(line);
            if (m.matches() && m.group(1).contains(route)) {
                max = Math.max(max, Double.parseDouble(m.group(2)));
            }
        }
        if (counts.isEmpty()) {
            throw new AssertionError("no http_server_requests_seconds_bucket for " + uri + " on port " + managementPort);
        }
        return new GatewayAnswerTimes(counts, max);
    }

    /** Answers above the first histogram bucket at or past {@code bound}. */
    long slowerThan(Duration bound) {
        double seconds = bound.toMillis() / 1000.0;
        var bucket = countAtMost.ceilingEntry(seconds);
        return total() - (bucket == null ? total() : bucket.getValue());
    }

    long total() {
        return countAtMost.lastEntry().getValue();
    }

    String describe(Duration bound) {
        var bucket = countAtMost.ceilingKey(bound.toMillis() / 1000.0);
        return String.format(Locale.ROOT, "%d answers, %d above the %.3f s bucket, recent max %.3f s", total(),
                slowerThan(bound), bucket == null ? Double.NaN : bucket, maxSeconds);
    }
}
