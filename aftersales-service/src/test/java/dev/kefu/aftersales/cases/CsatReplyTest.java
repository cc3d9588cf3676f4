package dev.kefu.aftersales.cases;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CsatReplyTest {

    @ParameterizedTest
    @ValueSource(strings = {"5", "５", " 5 ", "\t5\n", "　５　", "5分", "5 分", "５分", "5점", "5星"})
    void aMessageThatIsOnlyAScoreIsTheScore(String text) {
        assertThat(CsatReply.scoreOf(text)).hasValue(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2", "3", "4", " 3 "})
    void everyScoreFromOneToFive(String text) {
        assertThat(CsatReply.scoreOf(text)).hasValue(Integer.parseInt(text.strip()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "0", "6", "３ thanks", "3 thanks", "5 stars please", "五", "5分吧", "-5", "5.0",
            "55", "", "  ", "我要5个", "5分5分5分5分5分5分"})
    void anythingElseIsAnOrdinaryMessage(String text) {
        assertThat(CsatReply.scoreOf(text)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void noTextIsNoScore() {
        assertThat(CsatReply.scoreOf(null)).isEmpty();
    }
}
