package dev.kefu.aftersales.cases;

import dev.kefu.platform.evidence.Transcript;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A case's notes as dispute evidence, in the shape of a conversation's transcript: every note in chain order with its
 * link, the case's head and a verification naming the first note changed, removed or moved ({@link NoteChain}). One
 * answer, never paged: a case keeps at most {@value NoteChain#MAX_NOTES} notes. {@code unchained}: how many notes were
 * written before notes were chained (listed first, without a link, not covered by the verification).
 */
public record CaseTranscript(String caseId, Transcript.Head head, List<Entry> entries, int unchained,
                             Transcript.Verification verification) {

    /** One note: its name in the verification ({@code note-1} …), its link (null when not chained) and content. */
    public record Entry(String id, Long seq, String prev, String hash, String author, String text, Instant at) {
    }

    /** The transcript of a stored case; {@code caseRef} is its {@code shop:case} id, which the notes' hashes cover. */
    static CaseTranscript of(String caseRef, Case.Snapshot kase) {
        List<Case.Note> notes = kase.notes() == null ? List.of() : kase.notes();
        List<Entry> entries = new ArrayList<>();
        int unchained = 0;
        for (int i = 0; i < notes.size(); i++) {
            Case.Note note = notes.get(i);
            NoteChain.Link link = note.link();
            unchained += link == null ? 1 : 0;
            entries.add(new Entry(NoteChain.entryId(i), link == null ? null : link.seq(),
                    link == null ? null : link.prev(), link == null ? null : link.hash(), note.author(), note.text(),
                    note.at()));
        }
        return new CaseTranscript(kase.caseId(), kase.notesHead(), entries, unchained,
                NoteChain.verify(caseRef, notes, kase.notesHead()));
    }
}
