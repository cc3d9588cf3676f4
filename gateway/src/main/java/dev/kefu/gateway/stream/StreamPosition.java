package dev.kefu.gateway.stream;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * Where a client is in the stream: for every partition of the streamed topics, the last offset it has been sent
 * (-1: none yet). It is the SSE {@code id} of each event, so {@code Last-Event-ID} tells any gateway replica exactly
 * what to send again: every retained event past the position on its partition. Replicas read the same partitions,
 * possibly interleaved differently, so a position by partition, not by arrival order, resumes without loss or
 * repetition on whichever replica the client reconnects to.
 *
 * <p>Text form {@code v1.<o0>.<o1>...}: the offsets in the order of {@link StreamTopics#partitions()}, base 36.
 */
final class StreamPosition {

    private static final String VERSION = "v1";

    private final long[] offsets;

    private StreamPosition(long[] offsets) {
        this.offsets = offsets;
    }

    static StreamPosition start(int partitions) {
        long[] offsets = new long[partitions];
        Arrays.fill(offsets, -1);
        return new StreamPosition(offsets);
    }

    /** The position after the event at {@code offset} of partition {@code index}. */
    StreamPosition after(int index, long offset) {
        long[] next = offsets.clone();
        next[index] = Math.max(next[index], offset);
        return new StreamPosition(next);
    }

    /** The later of the two on every partition. */
    StreamPosition merge(StreamPosition other) {
        long[] next = offsets.clone();
        for (int i = 0; i < next.length; i++) {
            next[i] = Math.max(next[i], other.offsets[i]);
        }
        return new StreamPosition(next);
    }

    long offset(int index) {
        return offsets[index];
    }

    int size() {
        return offsets.length;
    }

    /** Whether the event at {@code offset} of partition {@code index} lies past this position (not yet sent). */
    boolean isBefore(int index, long offset) {
        return offset > offsets[index];
    }

    String text() {
        StringJoiner text = new StringJoiner(".", VERSION + ".", "");
        for (long offset : offsets) {
            text.add(offset < 0 ? "-" : Long.toString(offset, 36));
        }
        return text.toString();
    }

    /** The position a {@code Last-Event-ID} names, or null when it is not one (another version, other partitions). */
    static StreamPosition parse(String text, int partitions) {
        if (text == null || text.length() > 20 * partitions + 8) {
            return null;
        }
        String[] parts = text.strip().split("\\.", -1);
        if (parts.length != partitions + 1 || !parts[0].equals(VERSION)) {
            return null;
        }
        long[] offsets = new long[partitions];
        try {
            for (int i = 0; i < partitions; i++) {
                offsets[i] = parts[i + 1].equals("-") ? -1 : Long.parseLong(parts[i + 1], 36);
                if (offsets[i] < -1) {
                    return null;
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return new StreamPosition(offsets);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamPosition other && Arrays.equals(offsets, other.offsets);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(offsets);
    }

    @Override
    public String toString() {
        return text();
    }
}
