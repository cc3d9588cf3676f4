package dev.kefu.gateway.summary;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * The window of a work summary: the shop's local day of {@code date}, or the ISO week (Monday to Sunday) that holds
 * it, in the shop's time zone, as the instants {@code [from, to)} the KPIs are asked for. A day of a daylight-saving
 * change is 23 or 25 hours long, as the shop lives it.
 */
public record SummaryPeriod(Kind kind, LocalDate date, LocalDate firstDay, LocalDate lastDay, ZoneId zone,
                            Instant from, Instant to) {

    public enum Kind { DAY, WEEK }

    public static SummaryPeriod of(Kind kind, LocalDate date, ZoneId zone) {
        LocalDate first = kind == Kind.DAY ? date : date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate last = kind == Kind.DAY ? date : first.plusDays(6);
        return new SummaryPeriod(kind, date, first, last, zone, first.atStartOfDay(zone).toInstant(),
                last.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /** {@code day} or {@code week}, as the API takes it. */
    public String name() {
        return kind == Kind.DAY ? "day" : "week";
    }
}
