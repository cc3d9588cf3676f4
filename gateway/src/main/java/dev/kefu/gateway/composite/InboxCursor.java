package dev.kefu.gateway.composite;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Where a page of the inbox ended: the last item's place in {@link Inbox#ORDER} (priority, due, since, kind, ref), so
 * the next page starts after it however the queue has grown meanwhile. An item whose priority changed between two
 * pages may appear on both or neither; the queue is live, and the next refresh shows it where it now belongs.
 * Text form: URL-safe base64 of {@code v1|priority|due|since|kind|ref} (ISO instants at full precision, {@code -} for none).
 */
record InboxCursor(int priority, Instant due, Instant since, Inbox.Kind kind, String ref) {

    private static final String VERSION = "v1";
    private static final int MAX_TEXT = 1024;

    static InboxCursor after(Inbox.Item item) {
        return new InboxCursor(item.priority(), item.due(), item.since(), item.kind(), item.ref());
    }

    /** Whether {@code item} comes after this cursor in the inbox's order. */
    boolean isBefore(Inbox.Item item) {
        Inbox.Item self = new Inbox.Item(kind, null, ref, priority, List.of(), since, due, null, null);
        return Inbox.ORDER.compare(self, item) < 0;
    }

    String text() {
        String plain = String.join("|", VERSION, Integer.toString(priority), time(due), time(since), kind.name(), ref);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent back, or an {@link IllegalArgumentException} saying why it is not one. */
    static InboxCursor parse(String text) {
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("is not a cursor of this inbox");
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            String[] parts = plain.split("\\|", 6);
            if (parts.length != 6 || !parts[0].equals(VERSION) || parts[5].isEmpty()) {
                throw new IllegalArgumentException("is not a cursor of this inbox");
            }
            return new InboxCursor(Integer.parseInt(parts[1]), instant(parts[2]), instant(parts[3]),
                    Inbox.Kind.valueOf(parts[4]), parts[5]);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) { // base64, number, kind, time
            throw new IllegalArgumentException("is not a cursor of this inbox", e);
        }
    }

    private static String time(Instant at) {
        return at == null ? "-" : at.toString();
    }

    private static Instant instant(String text) {
        return text.equals("-") ? null : Instant.parse(text);
    }
}
