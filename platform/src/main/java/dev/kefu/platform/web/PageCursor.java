package dev.kefu.platform.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

/**
 * Where a page of a list ended, as the opaque text a client sends back for the next one: URL-safe base64 of
 * {@code list|value|...|value}. {@code list} names the list and its order, so a cursor of another list (or of the
 * same list in another order) is refused rather than misread. The last value may hold {@code |} (it is usually an id).
 * Instants are written at full precision, {@code -} for none.
 */
public record PageCursor(String list, List<String> values) {

    /** Longer than any cursor this class writes: anything longer is not one, and is not decoded. */
    private static final int MAX_TEXT = 1024;
    private static final String NONE = "-";

    public PageCursor {
        values = List.copyOf(values);
    }

    public static PageCursor of(String list, String... values) {
        return new PageCursor(list, List.of(values));
    }

    public String text() {
        String plain = list + "|" + String.join("|", values);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor of {@code list} with {@code size} values that a client sent back, or an
     * {@link IllegalArgumentException} whose message is the reason to show for the field.
     */
    public static PageCursor parse(String list, int size, String text) {
        IllegalArgumentException notOurs = new IllegalArgumentException("is not a cursor of this list");
        if (text == null || text.length() > MAX_TEXT) {
            throw notOurs;
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.UTF_8)
                    .split("\\|", size + 1);
        } catch (IllegalArgumentException e) { // not base64
            throw notOurs;
        }
        if (parts.length != size + 1 || !parts[0].equals(list) || parts[size].isEmpty()) {
            throw notOurs;
        }
        return new PageCursor(list, List.of(parts).subList(1, parts.length));
    }

    public String value(int index) {
        return values.get(index);
    }

    /** The value at {@code index} as an instant, null for none; a value that is not one means a forged cursor. */
    public Instant instant(int index) {
        String text = value(index);
        try {
            return text.equals(NONE) ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("is not a cursor of this list", e);
        }
    }

    /** The value at {@code index} as a whole number, null for none. */
    public Integer integer(int index) {
        String text = value(index);
        try {
            return text.equals(NONE) ? null : Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a cursor of this list", e);
        }
    }

    /** How {@link #instant} and {@link #integer} read a value back: {@code -} for none. */
    public static String text(Object value) {
        return value == null ? NONE : value.toString();
    }
}
