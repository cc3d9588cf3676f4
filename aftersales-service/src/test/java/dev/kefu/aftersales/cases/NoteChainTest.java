package dev.kefu.aftersales.cases;

import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.platform.evidence.Transcript;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class NoteChainTest {

    private static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");
    private static final Actor AGENT = new Actor("agent-8", false);
    private static final Actor SUPERVISOR = new Actor("lead-1", true);

    private final Case kase = Case.open("shop-demo", "CS-1", ComplaintOpened.Kind.RETURN, ComplaintOpened.OpenedBy.AGENT,
            new Case.Details("TB1", "buyer-1", "taobao", null, "尺码不合适"), T0, CaseTest.TARGETS).opened();

    @Test
    void notesAddedToACaseVerifyUpToItsHead() {
        addThreeNotes();
        Case.Snapshot s = kase.snapshot();

        assertThat(s.notes()).extracting(n -> n.link().seq()).containsExactly(1L, 2L, 3L);
        assertThat(s.notes().get(0).link().prev()).isEqualTo(Transcript.GENESIS);
        assertThat(s.notes().get(1).link().prev()).isEqualTo(s.notes().get(0).link().hash());
        assertThat(s.notesHead()).isEqualTo(new Transcript.Head(3, s.notes().get(2).link().hash()));
        assertThat(verify(s.notes())).isEqualTo(Transcript.Verification.ok());
    }

    @Test
    void aNoteTimeIsHashedAsStoredInMilliseconds() {
        kase.addNote(AGENT, "已联系快递", T0.plusNanos(1_234_567));
        Case.Note note = kase.snapshot().notes().get(0);

        assertThat(note.at()).isEqualTo(T0.plusMillis(1));
        assertThat(verify(kase.snapshot().notes()).verified()).isTrue();
    }

    @Test
    void aChangedTextIsNamedAtItsNote() {
        addThreeNotes();
        List<Case.Note> notes = new ArrayList<>(kase.snapshot().notes());
        Case.Note second = notes.get(1);
        notes.set(1, new Case.Note(second.author(), "买家同意不退款", second.at(), second.link()));

        assertThat(verify(notes)).isEqualTo(Transcript.Verification.broken(2, "note-2",
                "its content does not match its hash (changed after writing)"));
    }

    @Test
    void aRemovedMiddleNoteIsAGap() {
        addThreeNotes();
        List<Case.Note> notes = new ArrayList<>(kase.snapshot().notes());
        notes.remove(1);

        assertThat(verify(notes)).isEqualTo(Transcript.Verification.broken(2, null, "entry 2 is missing"));
    }

    @Test
    void aRemovedLastNoteMissesTheCaseHead() {
        addThreeNotes();
        List<Case.Note> notes = new ArrayList<>(kase.snapshot().notes());
        notes.remove(2);

        assertThat(verify(notes)).isEqualTo(Transcript.Verification.broken(3, null, "entries 3 to 3 are missing"));
    }

    @Test
    void reorderedNotesNameTheNoteOutOfPlace() {
        addThreeNotes();
        List<Case.Note> notes = new ArrayList<>(kase.snapshot().notes());
        Collections.swap(notes, 1, 2);

        assertThat(verify(notes)).isEqualTo(Transcript.Verification.broken(2, "note-3",
                "entry 2 is out of order (after entry 3)"));
    }

    @Test
    void notesWrittenBeforeChainingLoadAndAreChainedByTheNextNote() {
        Case.Snapshot s = kase.snapshot();
        List<Case.Note> old = List.of(new Case.Note("agent-8", "旧备注一", T0.plusSeconds(10), null),
                new Case.Note("lead-1", "旧备注二", T0.plusSeconds(20), null));
        Case legacy = Case.restore(withNotes(s, old, null));

        CaseTranscript before = CaseTranscript.of(legacy.id(), legacy.snapshot());
        assertThat(before.unchained()).isEqualTo(2);
        assertThat(before.entries()).extracting(CaseTranscript.Entry::seq).containsOnlyNulls();
        assertThat(before.verification().verified()).isTrue();

        legacy.addNote(AGENT, "新备注", T0.plusSeconds(30));
        CaseTranscript after = CaseTranscript.of(legacy.id(), legacy.snapshot());
        assertThat(after.unchained()).isZero();
        assertThat(after.entries()).extracting(CaseTranscript.Entry::seq, CaseTranscript.Entry::text)
                .containsExactly(tuple(1L, "旧备注一"),
                        tuple(2L, "旧备注二"), tuple(3L, "新备注"));
        assertThat(after.verification().verified()).isTrue();
    }

    @Test
    void aNoteWithoutALinkAfterChainingIsNamed() {
        addThreeNotes();
        List<Case.Note> notes = new ArrayList<>(kase.snapshot().notes());
        notes.add(1, new Case.Note("agent-8", "补一条", T0.plusSeconds(70), null));

        assertThat(verify(notes)).isEqualTo(Transcript.Verification.broken(2, "note-2",
                "it has no link (added outside the chain)"));
    }

    @Test
    void aCaseKeepsAtMostItsNoteCap() {
        for (int i = 0; i < NoteChain.MAX_NOTES; i++) {
            kase.addNote(AGENT, "note " + i, T0.plusSeconds(i));
        }

        assertThatThrownBy(() -> kase.addNote(AGENT, "one more", T0.plusSeconds(NoteChain.MAX_NOTES)))
                .isInstanceOf(CaseRuleViolation.class).hasMessage("case shop-demo:CS-1 has 500 notes, the most a case keeps");
        assertThat(kase.snapshot().notes()).hasSize(NoteChain.MAX_NOTES);
    }

    private void addThreeNotes() {
        kase.addNote(AGENT, "买家称不退款就差评，聊天记录已保存", T0.plusSeconds(60));
        kase.addNote(SUPERVISOR, "按平台规则处理", T0.plusSeconds(120));
        kase.addNote(AGENT, "已告知买家处理结果", T0.plusSeconds(180));
    }

    private Transcript.Verification verify(List<Case.Note> notes) {
        return NoteChain.verify(kase.id(), notes, kase.snapshot().notesHead());
    }

    private static Case.Snapshot withNotes(Case.Snapshot s, List<Case.Note> notes, Transcript.Head head) {
        return new Case.Snapshot(s.shopId(), s.caseId(), s.kind(), s.openedBy(), s.status(), s.orderId(), s.buyerId(),
                s.platform(), s.amount(), s.reason(), s.assignee(), s.escalatedBy(), s.escalationReason(),
                s.waitingReason(), s.outcome(), s.resolution(), s.compensation(), s.rejectionReason(), s.closedBy(),
                s.closeReason(), notes, s.openedAt(), s.updatedAt(), s.resolvedAt(), s.closedAt(),
                s.resolutionDue(), s.resolutionBreachedAt(), s.escalatedAt(), s.resolvedBy(), s.approvedBy(),
                s.approval(), s.refund(), s.followUp(), s.history(), head);
    }
}
