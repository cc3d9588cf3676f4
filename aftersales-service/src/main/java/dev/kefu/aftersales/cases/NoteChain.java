package dev.kefu.aftersales.cases;

import dev.kefu.platform.evidence.Transcript;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A case's notes as a tamper-evident chain ({@link Transcript}'s rules, as for chat messages): a note is linked to the
 * one before it when it is added, over its case, place, author, text and time; the case keeps the head as well, so
 * removing the last notes is seen. The case is saved whole under its version, so two notes never take the same place.
 * Notes written before notes were chained have no link: the next note added chains them first, in their stored order
 * (the chain vouches for them from then on); until then the transcript lists them as not chained.
 */
public final class NoteChain {

    /** A case's notes are evidence, not a chat: this many at most, so a transcript is one answer, never paged. */
    static final int MAX_NOTES = 500;
    /** Mongo keeps milliseconds: a note's time is cut to them before it is hashed, so it hashes the same when read. */
    private static final DateTimeFormatter MILLIS = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();
    private static final Transcript.Head EMPTY = new Transcript.Head(0, Transcript.GENESIS);

    private NoteChain() {
    }

    /** A note's place in the chain. */
    public record Link(long seq, String prev, String hash) {
    }

    /** Appends the note to {@code notes}, linked after {@code head}, and returns the new head. */
    static Transcript.Head append(String caseRef, List<Case.Note> notes, Transcript.Head head, String author,
                                  String text, Instant at) {
        if (notes.size() >= MAX_NOTES) {
            throw new CaseRuleViolation("case " + caseRef + " has " + MAX_NOTES + " notes, the most a case keeps");
        }
        Transcript.Head last = head == null ? chainUnlinked(caseRef, notes) : head;
        Case.Note note = linked(caseRef, new Case.Note(author, text, at.truncatedTo(ChronoUnit.MILLIS), null), last);
        notes.add(note);
        return new Transcript.Head(note.link().seq(), note.link().hash());
    }

    /**
     * The notes checked against their links and the case's head; the first that does not verify is named by its place
     * in the stored list ({@link #entryId}). Notes all written before chaining have nothing to check.
     */
    static Transcript.Verification verify(String caseRef, List<Case.Note> notes, Transcript.Head head) {
        if (head == null && notes.stream().allMatch(note -> note.link() == null)) {
            return Transcript.Verification.ok();
        }
        List<Transcript.Entry> entries = new ArrayList<>();
        for (int i = 0; i < notes.size(); i++) {
            Case.Note note = notes.get(i);
            if (note.link() == null) {
                return Transcript.Verification.broken(i + 1, entryId(i), "it has no link (added outside the chain)");
            }
            entries.add(new Transcript.Entry(entryId(i), canonical(caseRef, note, note.link().seq()),
                    note.link().seq(), note.link().prev(), note.link().hash()));
        }
        return Transcript.verify(entries, 0, Transcript.GENESIS, head == null ? EMPTY : head);
    }

    /** How a note is named in a transcript: its place in the case's stored list, from 1. */
    static String entryId(int index) {
        return "note-" + (index + 1);
    }

    /** Links notes without a link (written before chaining) in their stored order; the head after the last note. */
    private static Transcript.Head chainUnlinked(String caseRef, List<Case.Note> notes) {
        Transcript.Head last = EMPTY;
        for (int i = 0; i < notes.size(); i++) {
            Case.Note note = notes.get(i);
            if (note.link() == null) {
                note = linked(caseRef, note, last);
                notes.set(i, note);
            }
            last = new Transcript.Head(note.link().seq(), note.link().hash());
        }
        return last;
    }

    private static Case.Note linked(String caseRef, Case.Note note, Transcript.Head after) {
        long seq = after.seq() + 1;
        String hash = Transcript.hash(after.hash(), canonical(caseRef, note, seq));
        return new Case.Note(note.author(), note.text(), note.at(), new Link(seq, after.hash(), hash));
    }

    /** What a note's hash covers, in a fixed order: its case ({@code shop:case}), place, author, text and time. */
    private static String canonical(String caseRef, Case.Note note, long seq) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("case", caseRef);
        fields.put("seq", seq);
        fields.put("author", note.author());
        fields.put("text", note.text());
        fields.put("at", note.at() == null ? null : MILLIS.format(note.at()));
        return Transcript.canonical(fields);
    }
}
