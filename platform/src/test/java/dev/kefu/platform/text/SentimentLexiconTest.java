package dev.kefu.platform.text;

import dev.kefu.platform.text.SentimentLexicon.Mood;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SentimentLexiconTest {

    private final SentimentLexicon lexicon = SentimentLexicon.standard();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "质量太差了，和描述不符，差评！|NEGATIVE",
            "非常满意，质量好，物流也快，五星好评|POSITIVE",
            "不满意|NEGATIVE",
            "배송이 너무 늦고 불만족스러워요|NEGATIVE",
            "정말 만족합니다, 추천해요|POSITIVE",
            "I am dissatisfied, the item arrived broken|NEGATIVE",
            "Very satisfied, great quality|POSITIVE",
            "请问今天能发货吗|NEUTRAL"})
    void readsTheMoodOfBuyerText(String text, Mood mood) {
        assertThat(lexicon.read(text).mood()).isEqualTo(mood);
    }

    @Test
    void flagsEscalationThreats() {
        assertThat(lexicon.read("再不处理我就去12315投诉").escalation()).isTrue();
        assertThat(lexicon.read("I want a refund or I will file a chargeback").escalation()).isTrue();
        assertThat(lexicon.read("谢谢亲，收到了").escalation()).isFalse();
    }

    @Test
    void aPositiveWordInsideANegativeOneDoesNotCountTwice() {
        assertThat(lexicon.read("不满意").matched()).containsExactly("不满意");
    }
}
