package dev.kefu.bench.simulate;

import dev.kefu.events.EventType;
import dev.kefu.events.EventTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table printed at the end: per type sent / accepted / rejected / failed and the first reason, then the totals. */
final class SummaryTable {

    private SummaryTable() {
    }

    static String of(Tally tally, double seconds) {
        Map<String, Tally.Row> rows = tally.rows();
        Tally.Snapshot all = tally.snapshot();
        StringBuilder out = new StringBuilder();
        String format = "%-22s %8s %9s %9s %7s  %s%n";
        out.append(String.format(Locale.ROOT, format, "type", "sent", "accepted", "rejected", "failed",
                "first rejection / failure"));
        // The contract's order, so two runs' tables line up.
        List<String> types = new ArrayList<>(EventTypes.inbound().stream().map(EventType::name).toList());
        rows.keySet().stream().filter(t -> !types.contains(t)).forEach(types::add);
        for (String type : types) {
            Tally.Row row = rows.get(type);
            if (row == null) {
                continue;
            }
            String why = row.firstRejection != null ? row.firstRejection : row.firstFailure != null ? row.firstFailure : "";
            out.append(String.format(Locale.ROOT, format, type, row.sent, row.accepted, row.rejected, row.failed, why));
        }
        out.append(String.format(Locale.ROOT, format, "total", all.sent(), all.accepted(), all.rejected(), all.failed(),
                ""));
        out.append(String.format(Locale.ROOT, "latency p50 %s  p99 %s   %.1f webhooks/s over %.1f s%n",
                Progress.millis(all.p50Millis()), Progress.millis(all.p99Millis()), all.sent() / seconds, seconds));
        return out.toString();
    }
}
