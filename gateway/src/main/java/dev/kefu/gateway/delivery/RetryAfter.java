package dev.kefu.gateway.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code Retry-After} (RFC 9110 section 10.2.3): delay-seconds ({@code 120}) or an HTTP-date, in the preferred IMF-fixdate
 * form ({@code Sun, 06 Nov 1994 08:49:37 GMT}) or either obsolete one (RFC 850, asctime), which recipients must accept.
 */
final class RetryAfter {

    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US),
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC));

    private RetryAfter() {
    }

    /** How long to wait from {@code now}; empty for no or an unreadable header, zero for a date in the past. */
    static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.trim();
        if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // More digits than a long holds is "very long": the longest tier caps it anyway.
            return Optional.of(text.length() > 12 ? Duration.ofSeconds(999_999_999_999L) : Duration.ofSeconds(Long.parseLong(text)));
        }
        for (DateTimeFormatter format : DATES) {
            try {
                Instant at = ZonedDateTime.parse(text, format).toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException next) {
                // try the next form
            }
        }
        return Optional.empty();
    }
}
