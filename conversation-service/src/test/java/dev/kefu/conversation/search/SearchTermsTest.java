package dev.kefu.conversation.search;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SearchTermsTest {

    @Test
    void chineseWithoutSpacesGivesEveryCharacterAndEveryNeighbourPair() {
        assertThat(SearchTerms.of("发货了吗")).containsExactly("发", "发货", "货", "货了", "了", "了吗", "吗");
        assertThat(SearchTerms.ofQuery("发货")).containsExactly("发货");
        assertThat(SearchTerms.ofQuery("货")).containsExactly("货");
    }

    @Test
    void koreanIsCutTheSameWaySoAWordIsFoundInsideItsParticles() {
        assertThat(SearchTerms.of("배송이 언제")).contains("배송", "송이", "언제").doesNotContain("이언");
        assertThat(SearchTerms.of("배송이 언제")).containsAll(SearchTerms.ofQuery("배송"));
    }

    @Test
    void otherWordsAreWholeLowerCasedAndFullWidthIsNormalised() {
        assertThat(SearchTerms.of("Where is my parcel? TB20261123001")).containsExactly("where", "is", "my", "parcel",
                "tb20261123001");
        assertThat(SearchTerms.of("ＴＢ２０２６")).containsExactly("tb2026");
        assertThat(SearchTerms.of("订单TB123到了")).contains("订", "订单", "tb123", "到了").doesNotContain("单t");
    }

    @Test
    void theTextItselfDecidesWhenTheTermsAreThereButNotTogether() {
        // 发 and 货 are both in it, but never as 发货
        String text = "货已经发出了";
        assertThat(SearchTerms.of(text)).contains("货", "发");
        assertThat(SearchTerms.contains(text, "发货")).isFalse();
        assertThat(SearchTerms.contains("亲，今天发货哦", "发货")).isTrue();
        assertThat(SearchTerms.contains("Parcel LOST", "parcel lost")).isTrue();
        assertThat(SearchTerms.contains("parcel found", "parcel lost")).isFalse();
    }

    @Test
    void theNumberOfTermsIsBounded() {
        StringBuilder text = new StringBuilder();
        for (int c = 0x4E00; c < 0x4E00 + 3000; c++) {
            text.appendCodePoint(c);
        }
        assertThat(SearchTerms.of(text.toString())).hasSize(SearchTerms.MAX_TERMS);
    }
}
