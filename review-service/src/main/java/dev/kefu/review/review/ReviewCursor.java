package dev.kefu.review.review;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of a review list ended: the last review's posting time and id (lists run newest first, ties by id).
 * Opaque to callers; anything else given as a cursor is a 400 naming {@code cursor}.
 */
record ReviewCursor(Instant postedAt, String id) {

    private static final String VERSION = "r1";

    String text() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + "|" + postedAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static ReviewCursor parse(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.UTF_8)
                    .split("\\|", 3);
            if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[2].isBlank()) {
                throw new IllegalArgumentException("is not a cursor of this list");
            }
            return new ReviewCursor(Instant.parse(parts[1]), parts[2]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("is not a cursor of this list", e);
        }
    }
}
