package dev.kefu.gateway.composite;

import dev.kefu.platform.web.PageCursor;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Where a page of the inbox ended: the last item's place in {@link Inbox#ORDER} (priority, due, since, kind, ref), so
 * the next page starts after it however the queue has grown meanwhile. An item whose priority changed between two
 * pages may appear on both or neither; the queue is live, and the next refresh shows it where it now belongs.
 * Text form: a {@link PageCursor} of {@code v1|priority|due|since|kind|ref}.
 */
record InboxCursor(int priority, Instant due, Instant since, Inbox.Kind kind, String ref) {

    private static final String LIST = "v1";

    static InboxCursor after(Inbox.Item item) {
        return new InboxCursor(item.priority(), item.due(), item.since(), item.kind(), item.ref());
    }

    /** Whether {@code item} comes after this cursor in the inbox's order. */
    boolean isBefore(Inbox.Item item) {
        Inbox.Item self = new Inbox.Item(kind, null, ref, priority, List.of(), since, due, null, null);
        return Inbox.ORDER.compare(self, item) < 0;
    }

    String text() {
        return PageCursor.of(LIST, Integer.toString(priority), PageCursor.text(due), PageCursor.text(since),
                kind.name(), ref).text();
    }

    /** The cursor a client sent back, or an {@link IllegalArgumentException} saying why it is not one. */
    static InboxCursor parse(String text) {
        PageCursor cursor = PageCursor.parse(LIST, 5, text);
        Integer priority = cursor.integer(0);
        Inbox.Kind kind = Arrays.stream(Inbox.Kind.values()).filter(k -> k.name().equals(cursor.value(3)))
                .findFirst().orElse(null);
        if (priority == null || kind == null) {
            throw new IllegalArgumentException("is not a cursor of this list");
        }
        return new InboxCursor(priority, cursor.instant(1), cursor.instant(2), kind, cursor.value(4));
    }
}
