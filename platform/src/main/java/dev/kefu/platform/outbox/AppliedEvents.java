package dev.kefu.platform.outbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The ids of the events an aggregate document has applied, kept in the document itself so "already applied?" and the
 * state change are one write. Bounded: redeliveries arrive within minutes, so the latest ids are enough.
 */
public final class AppliedEvents {

    private AppliedEvents() {
    }

    /** {@code applied} plus {@code eventId} (none when null, e.g. a change an agent made), the latest {@code limit} kept. */
    public static List<String> remember(List<String> applied, String eventId, int limit) {
        List<String> next = new ArrayList<>(applied == null ? List.of() : applied);
        if (eventId != null) {
            next.add(eventId);
        }
        return List.copyOf(next.size() > limit ? next.subList(next.size() - limit, next.size()) : next);
    }
}
