package dev.kefu.review.review;

import dev.kefu.platform.web.PageCursor;

import java.time.Instant;

/**
 * Where a page of a review list ended: the last review's posting time and id (lists run newest first, ties by id).
 * Opaque to callers ({@link PageCursor}); anything else given as a cursor is a 400 naming {@code cursor}.
 */
record ReviewCursor(Instant postedAt, String id) {

    private static final String LIST = "r1";

    String text() {
        return PageCursor.of(LIST, PageCursor.text(postedAt), id).text();
    }

    static ReviewCursor parse(String text) {
        PageCursor cursor = PageCursor.parse(LIST, 2, text);
        Instant postedAt = cursor.instant(0);
        if (postedAt == null) {
            throw new IllegalArgumentException("is not a cursor of this list");
        }
        return new ReviewCursor(postedAt, cursor.value(1));
    }
}
