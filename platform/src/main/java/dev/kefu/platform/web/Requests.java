package dev.kefu.platform.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Collects every problem of a request body before answering, so the client fixes them all in one go. */
public final class Requests {

    private final List<InvalidRequestException.FieldError> errors = new ArrayList<>();

    public static Requests check() {
        return new Requests();
    }

    public Requests required(String field, Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            errors.add(new InvalidRequestException.FieldError(field, "is required"));
        }
        return this;
    }

    public Requests maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(new InvalidRequestException.FieldError(field, "must be at most " + max + " characters"));
        }
        return this;
    }

    public Requests rule(boolean ok, String field, String reason) {
        if (!ok) {
            errors.add(new InvalidRequestException.FieldError(field, reason));
        }
        return this;
    }

    /** Parses an enum value, recording a readable error (with the allowed values) instead of throwing. */
    public <E extends Enum<E>> E oneOf(String field, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new InvalidRequestException.FieldError(field,
                    "must be one of " + Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }

    /** Throws {@link InvalidRequestException} naming every problem found, if any. */
    public void orThrow() {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }
}
