package dev.kefu.events.desk;

import dev.kefu.events.Fields;
import dev.kefu.events.KefuEvent;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A shop's work summary (工作总结) of a local day can be fetched: the day {@code date} in the shop's time zone, the
 * period {@code [from, to)} it covers, and where to read it ({@code summaryPath}, relative to the gateway). A
 * notification, not the summary: the figures are computed when it is read. Published once per shop and day.
 */
public record WorkSummaryReady(
        String shopId,
        String period,
        LocalDate date,
        Instant from,
        Instant to,
        String summaryPath) implements KefuEvent {

    public static final String DAY = "day";

    public WorkSummaryReady {
        Fields.text(shopId, "shopId");
        Fields.text(period, "period");
        Fields.present(date, "date");
        Fields.present(from, "from");
        Fields.present(to, "to");
        Fields.text(summaryPath, "summaryPath");
    }

    /** The notification of {@code shopId}'s summary of the local day {@code date}, which is {@code [from, to)}. */
    public static WorkSummaryReady ofDay(String shopId, LocalDate date, Instant from, Instant to) {
        return new WorkSummaryReady(shopId, DAY, date, from, to, "/api/summaries?period=day&date=" + date);
    }

    @Override
    public String key() {
        return shopId;
    }
}
