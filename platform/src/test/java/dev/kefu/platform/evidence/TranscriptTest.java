package dev.kefu.platform.evidence;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TranscriptTest {

    @Test
    void anUntouchedChainVerifiesUpToItsHead() {
        List<Transcript.Entry> chain = chain("亲，在吗", "在的，您好", "什么时候发货？");
        assertThat(Transcript.verify(chain, 0, Transcript.GENESIS, head(chain)).verified()).isTrue();
    }

    @Test
    void changedContentIsNamedAtItsEntry() {
        List<Transcript.Entry> chain = new ArrayList<>(chain("亲，在吗", "在的，您好", "什么时候发货？"));
        Transcript.Entry second = chain.get(1);
        chain.set(1, new Transcript.Entry(second.id(), canonical("在的，给您退一半"), second.seq(), second.prev(), second.hash()));

        Transcript.Verification v = Transcript.verify(chain, 0, Transcript.GENESIS, head(chain("亲，在吗", "在的，您好", "什么时候发货？")));
        assertThat(v.verified()).isFalse();
        assertThat(v.brokenAtSeq()).isEqualTo(2);
        assertThat(v.brokenEntryId()).isEqualTo("m2");
        assertThat(v.reason()).contains("content");
    }

    @Test
    void aRewrittenEntryWithAFreshHashBreaksTheNextLink() {
        List<Transcript.Entry> original = chain("a", "b", "c");
        List<Transcript.Entry> forged = new ArrayList<>(original);
        String content = canonical("B");
        forged.set(1, new Transcript.Entry("m2", content, 2, original.get(0).hash(),
                Transcript.hash(original.get(0).hash(), content)));

        Transcript.Verification v = Transcript.verify(forged, 0, Transcript.GENESIS, head(original));
        assertThat(v.brokenAtSeq()).isEqualTo(3);
        assertThat(v.reason()).contains("link");
    }

    @Test
    void aRemovedEntryIsAGapAndRemovedLastOnesMissTheHead() {
        List<Transcript.Entry> original = chain("a", "b", "c");
        List<Transcript.Entry> withoutMiddle = List.of(original.get(0), original.get(2));
        assertThat(Transcript.verify(withoutMiddle, 0, Transcript.GENESIS, head(original)).reason())
                .isEqualTo("entry 2 is missing");

        Transcript.Verification cut = Transcript.verify(original.subList(0, 2), 0, Transcript.GENESIS, head(original));
        assertThat(cut.verified()).isFalse();
        assertThat(cut.brokenAtSeq()).isEqualTo(3);
        assertThat(cut.reason()).isEqualTo("entries 3 to 3 are missing");
    }

    @Test
    void aMovedEntryIsNamedWhereItShouldBe() {
        List<Transcript.Entry> original = chain("a", "b", "c");
        List<Transcript.Entry> swapped = List.of(original.get(0), original.get(2), original.get(1));

        Transcript.Verification v = Transcript.verify(swapped, 0, Transcript.GENESIS, head(original));
        assertThat(v.brokenAtSeq()).isEqualTo(2);
        assertThat(v.brokenEntryId()).isEqualTo("m2");
        assertThat(v.reason()).isEqualTo("entry 2 is out of order (after entry 3)");
    }

    @Test
    void aPageVerifiesAgainstTheEntryBeforeIt() {
        List<Transcript.Entry> chain = chain("a", "b", "c", "d");
        assertThat(Transcript.verify(chain.subList(2, 4), 2, chain.get(1).hash(), head(chain)).verified()).isTrue();
        assertThat(Transcript.verify(chain.subList(2, 4), 2, chain.get(0).hash(), head(chain)).verified()).isFalse();
    }

    @Test
    void theCanonicalFormIsFixedOrderJsonWithNullsAndEscapes() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", "m1");
        fields.put("text", "他说\"退款\"\n");
        fields.put("orderId", null);
        assertThat(Transcript.canonical(fields)).isEqualTo("{\"id\":\"m1\",\"text\":\"他说\\\"退款\\\"\\n\",\"orderId\":null}");
    }

    private static List<Transcript.Entry> chain(String... texts) {
        List<Transcript.Entry> entries = new ArrayList<>();
        String prev = Transcript.GENESIS;
        for (int i = 0; i < texts.length; i++) {
            String content = canonical(texts[i]);
            String hash = Transcript.hash(prev, content);
            entries.add(new Transcript.Entry("m" + (i + 1), content, i + 1, prev, hash));
            prev = hash;
        }
        return entries;
    }

    private static String canonical(String text) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("text", text);
        return Transcript.canonical(fields);
    }

    private static Transcript.Head head(List<Transcript.Entry> chain) {
        Transcript.Entry last = chain.get(chain.size() - 1);
        return new Transcript.Head(last.seq(), last.hash());
    }
}
