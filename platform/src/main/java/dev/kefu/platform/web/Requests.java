package dev.kefu.platform.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a request field by field and collects every problem before answering, so the client fixes them all in one
 * go. The parsing methods return the clean value (or null when it is missing or invalid, with the error recorded).
 */
public final class Requests {

    /** Free text is evidence or a chat message, not a document store: one field stays within a message's size. */
    public static final int MAX_TEXT = 2000;

    private final List<InvalidRequestException.FieldError> errors = new ArrayList<>();

    public static Requests check() {
        return new Requests();
    }

    public Requests required(String field, Object value) {
        return rule(value != null && !(value instanceof String s && s.isBlank()), field, "is required");
    }

    public Requests maxLength(String field, String value, int max) {
        return rule(value == null || value.length() <= max, field, "must be at most " + max + " characters");
    }

    public Requests rule(boolean ok, String field, String reason) {
        return ok ? this : add(field, reason);
    }

    /** A required text field, stripped; at most {@link #MAX_TEXT} characters. */
    public String requiredText(String field, String value) {
        if (value == null || value.isBlank()) {
            return reject(field, "is required");
        }
        return optionalText(field, value);
    }

    /** An optional text field, stripped, null when blank; at most {@link #MAX_TEXT} characters. */
    public String optionalText(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            return reject(field, "is longer than " + MAX_TEXT + " characters");
        }
        return value.strip();
    }

    /** An optional enum value (any case); an unknown one is reported with the allowed values. */
    public <E extends Enum<E>> E oneOf(String field, String value, Class<E> type) {
        return oneOf(field, value, type, false);
    }

    public <E extends Enum<E>> E oneOf(String field, String value, Class<E> type, boolean required) {
        if (value == null || value.isBlank()) {
            return required ? reject(field, "is required") : null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return reject(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /**
     * An optional comma-separated list of enum values (any case), e.g. {@code OPEN,ESCALATED}; empty when missing. Each
     * unknown one is reported with the allowed values.
     */
    public <E extends Enum<E>> Set<E> someOf(String field, String value, Class<E> type) {
        Set<E> found = EnumSet.noneOf(type);
        if (value == null || value.isBlank()) {
            return found;
        }
        for (String one : value.split(",", -1)) {
            if (one.isBlank()) { // "OPEN,,": an empty value is as unknown as a misspelt one
                add(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
                continue;
            }
            E valid = oneOf(field, one, type, false);
            if (valid != null) {
                found.add(valid);
            }
        }
        return found;
    }

    /**
     * The cursor a client sent back for the next page, read by {@code read} (e.g. {@link PageCursor#parse} and the
     * list's own key); null when none was sent or it is not one (recorded: a forged or garbled cursor is the client's
     * error, and reading it here keeps it from failing the query later).
     */
    public <T> T cursor(String field, String value, Function<String, T> read) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return read.apply(value.strip());
        } catch (IllegalArgumentException e) {
            return reject(field, "is not a cursor of this list");
        }
    }

    /** An optional ISO-8601 instant ("2026-11-23T00:00:00Z"); null when missing or invalid (recorded). */
    public Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            return reject(field, "must be an ISO-8601 instant, e.g. 2026-11-23T00:00:00Z");
        }
    }

    /** A required ISO-8601 instant. */
    public Instant requiredInstant(String field, String value) {
        if (value == null || value.isBlank()) {
            return reject(field, "is required (an ISO-8601 instant, e.g. 2026-11-23T00:00:00Z)");
        }
        return instant(field, value);
    }

    /** An optional non-negative decimal amount ("199.00"). */
    public BigDecimal amount(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            BigDecimal amount = new BigDecimal(value.strip());
            return amount.signum() < 0 ? reject(field, "must not be negative") : amount;
        } catch (NumberFormatException e) {
            return reject(field, "is not a decimal amount");
        }
    }

    public Requests add(String field, String reason) {
        errors.add(new InvalidRequestException.FieldError(field, reason));
        return this;
    }

    private <T> T reject(String field, String reason) {
        add(field, reason);
        return null;
    }

    /** Throws {@link InvalidRequestException} naming every problem found, if any. */
    public void orThrow() {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }
}
