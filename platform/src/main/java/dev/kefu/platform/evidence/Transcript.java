package dev.kefu.platform.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The rules of a tamper-evident transcript (a conversation's messages, a case's notes: the seller's evidence in a
 * dispute): every entry is chained to the one before it, {@code hash = SHA-256(prev + "\n" + canonical(entry))},
 * starting from {@link #GENESIS}; its owner keeps the head (last sequence number and hash). Changing an entry's content
 * breaks its own hash, deleting one leaves a gap in the sequence, moving one puts it out of order, rewriting an entry
 * with a fresh hash breaks the next entry's link, and deleting the last ones no longer reaches the head. The owner
 * chains only what never changes after writing (for a message: who, what, when, which order and script, a
 * supervisor's override; not the delivery status, which the integration moves on).
 */
public final class Transcript {

    public static final String GENESIS = "0".repeat(64);

    private Transcript() {
    }

    /** One entry as stored: its content (canonical form) and its link. */
    public record Entry(String id, String canonical, long seq, String prev, String hash) {
    }

    /** Where the chain ends according to the conversation. */
    public record Head(long seq, String hash) {
    }

    /** The first entry that does not verify, and why; null fields when the transcript verifies. */
    public record Verification(boolean verified, Long brokenAtSeq, String brokenEntryId, String reason) {

        public static Verification ok() {
            return new Verification(true, null, null, null);
        }

        public static Verification broken(long seq, String entryId, String reason) {
            return new Verification(false, seq, entryId, reason);
        }
    }

    /**
     * The canonical form of an entry's content: its fields in a fixed order, as JSON with nulls kept, so that the same
     * content always hashes the same.
     */
    public static String canonical(Map<String, ?> orderedFields) {
        StringBuilder out = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, ?> field : orderedFields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(out, field.getKey());
            out.append(':');
            Object value = field.getValue();
            if (value == null) {
                out.append("null");
            } else {
                quote(out, value.toString());
            }
        }
        return out.append('}').toString();
    }

    public static String hash(String prev, String canonical) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prev.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Verifies entries {@code afterSeq + 1 …} in sequence order, linked to {@code prevHash} (the hash of entry
     * {@code afterSeq}, or {@link #GENESIS}); with {@code head}, also that the chain reaches it (the last page).
     */
    public static Verification verify(List<Entry> entries, long afterSeq, String prevHash, Head head) {
        long expected = afterSeq + 1;
        String prev = prevHash;
        for (Entry e : entries) {
            if (e.seq() < expected) {
                return Verification.broken(expected, e.id(), "entry " + e.seq() + " appears twice");
            }
            if (e.seq() > expected) {
                Entry moved = later(entries, expected);
                return moved == null ? Verification.broken(expected, null, "entry " + expected + " is missing")
                        : Verification.broken(expected, moved.id(), "entry " + expected + " is out of order (after entry "
                                + e.seq() + ")");
            }
            if (!prev.equals(e.prev())) {
                return Verification.broken(e.seq(), e.id(), "its link does not match the entry before it");
            }
            if (!hash(e.prev(), e.canonical()).equals(e.hash())) {
                return Verification.broken(e.seq(), e.id(), "its content does not match its hash (changed after writing)");
            }
            prev = e.hash();
            expected++;
        }
        if (head != null && (head.seq() != expected - 1 || !head.hash().equals(prev))) {
            return Verification.broken(expected, null, head.seq() >= expected
                    ? "entries " + expected + " to " + head.seq() + " are missing" : "the chain does not end at its head");
        }
        return Verification.ok();
    }

    /** The entry numbered {@code seq} when it comes later in the list than it should, else null (it is gone). */
    private static Entry later(List<Entry> entries, long seq) {
        return entries.stream().filter(e -> e.seq() == seq).findFirst().orElse(null);
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
