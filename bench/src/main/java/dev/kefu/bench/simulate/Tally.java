package dev.kefu.bench.simulate;

import dev.kefu.bench.Stats;
import dev.kefu.events.kafka.EventJson;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What came of the webhooks sent, by type: accepted (202), rejected (4xx; the first reason kept, as the gateway
 * worded it) and failed (5xx, a timeout, no answer). Latencies are kept whole for exact percentiles: a long run at
 * a high rate is a few million doubles.
 */
final class Tally {

    static final class Row {
        long sent;
        long accepted;
        long rejected;
        long failed;
        String firstRejection;
        String firstFailure;
    }

    /** The figures the progress line shows. */
    record Snapshot(long sent, long accepted, long rejected, long failed, double p50Millis, double p99Millis) {
    }

    private final Map<String, Row> byType = new LinkedHashMap<>();
    private double[] latencies = new double[1024];
    private int count;
    private long sent;
    private long accepted;
    private long rejected;
    private long failed;

    synchronized void sent(String type) {
        row(type).sent++;
        sent++;
    }

    synchronized void answered(String type, int status, String body, double millis) {
        Row row = row(type);
        if (status == 202) {
            row.accepted++;
            accepted++;
        } else if (status >= 400 && status < 500) {
            row.rejected++;
            rejected++;
            if (row.firstRejection == null) {
                row.firstRejection = status + " " + reason(body);
            }
        } else {
            row.failed++;
            failed++;
            if (row.firstFailure == null) {
                row.firstFailure = (status < 0 ? "no answer: " : status + " ") + reason(body);
            }
        }
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = millis;
    }

    /** How many answers have arrived (the index the next answer's latency gets). */
    synchronized int answers() {
        return count;
    }

    /** The latencies of answers {@code from} (inclusive) to {@code to} (exclusive), in the order they arrived. */
    synchronized double[] latencies(int from, int to) {
        return Arrays.copyOfRange(latencies, from, to);
    }

    /** The counts without the percentiles (a sampler's every second; sorting every latency each time is not needed). */
    synchronized Snapshot counts() {
        return new Snapshot(sent, accepted, rejected, failed, Double.NaN, Double.NaN);
    }

    synchronized Snapshot snapshot() {
        double[] so = Arrays.copyOf(latencies, count);
        return new Snapshot(sent, accepted, rejected, failed, Stats.percentile(so, 50), Stats.percentile(so, 99));
    }

    /** A copy of the rows in the order the types were first sent. */
    synchronized Map<String, Row> rows() {
        Map<String, Row> copy = new LinkedHashMap<>();
        byType.forEach((type, row) -> {
            Row r = new Row();
            r.sent = row.sent;
            r.accepted = row.accepted;
            r.rejected = row.rejected;
            r.failed = row.failed;
            r.firstRejection = row.firstRejection;
            r.firstFailure = row.firstFailure;
            copy.put(type, r);
        });
        return copy;
    }

    private Row row(String type) {
        return byType.computeIfAbsent(type, t -> new Row());
    }

    /** A problem+json answer's {@code detail}, else the start of the body; on one line. */
    static String reason(String body) {
        String text = body == null ? "" : body.strip();
        if (text.startsWith("{")) {
            try {
                var detail = EventJson.mapper().readTree(text).path("detail");
                if (detail.isString()) {
                    text = detail.asString();
                }
            } catch (RuntimeException notJson) {
                // keep the raw text
            }
        }
        text = text.replaceAll("\\s+", " ");
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }
}
