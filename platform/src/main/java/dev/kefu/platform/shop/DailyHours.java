package dev.kefu.platform.shop;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * A daily span of local time, {@code "09:00-23:00"}; a span that ends before it starts runs over midnight
 * ({@code "22:00-08:00"}). Used for a shop's business hours and quiet hours, in the shop's time zone.
 */
public record DailyHours(LocalTime start, LocalTime end) {

    public DailyHours {
        if (start == null || end == null || start.equals(end)) {
            throw new IllegalArgumentException("hours need a start and a different end, e.g. 09:00-23:00");
        }
    }

    /** Parses {@code "HH:mm-HH:mm"}. */
    public static DailyHours parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\s*-\\s*");
        if (parts.length != 2) {
            throw new IllegalArgumentException("hours must look like 09:00-23:00, not '" + text + "'");
        }
        try {
            return new DailyHours(LocalTime.parse(parts[0]), LocalTime.parse(parts[1]));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("hours must look like 09:00-23:00, not '" + text + "'", e);
        }
    }

    public boolean contains(Instant at, ZoneId zone) {
        LocalTime t = at.atZone(zone).toLocalTime();
        return start.isBefore(end)
                ? !t.isBefore(start) && t.isBefore(end)
                : !t.isBefore(start) || t.isBefore(end);
    }

    /** {@code at} itself when it lies inside the span, else the next time the span starts. */
    public Instant nextOpening(Instant at, ZoneId zone) {
        if (contains(at, zone)) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        ZonedDateTime today = local.with(start);
        return (today.isAfter(local) ? today : local.plusDays(1).with(start)).toInstant();
    }

    /** {@code at} itself when it lies outside the span, else the time the span ends. */
    public Instant nextClosing(Instant at, ZoneId zone) {
        if (!contains(at, zone)) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        ZonedDateTime today = local.with(end);
        return (today.isAfter(local) ? today : local.plusDays(1).with(end)).toInstant();
    }

    /**
     * The instant {@code amount} of open time after {@code from}: time outside the span does not count, so a clock
     * started at night begins at the next opening. Response targets are kept in this time.
     */
    public Instant plusOpenTime(Instant from, Duration amount, ZoneId zone) {
        Instant at = nextOpening(from, zone);
        Duration left = amount;
        while (true) {
            Instant closing = nextClosing(at, zone);
            Duration open = Duration.between(at, closing);
            if (left.compareTo(open) <= 0) {
                return at.plus(left);
            }
            left = left.minus(open);
            at = nextOpening(closing, zone);
        }
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
