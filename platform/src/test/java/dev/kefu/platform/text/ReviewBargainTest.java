package dev.kefu.platform.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ReviewBargainTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "亲，给您补偿10元红包，麻烦改个好评",
            "好评返现5元哦",
            "删差评送您一张优惠券",
            "改好评的话补您点钱",
            "리뷰 수정해주시면 적립금 드릴게요",
            "포토 리뷰 남겨주시면 3,000원 드려요",
            "we'll refund you if you change your review",
            "Leave us a 5-star review and get a $10 gift card",
            "ＣＡＳＨＢＡＣＫ for five stars"})
    void moneyOrGoodsForAReviewIsAnOffer(String text) {
        assertThat(ReviewBargain.offers(text)).as(text).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "已为您退款10元",
            "已为买家办理退款并补发，未提改评价",
            "您的评价对我们很重要，欢迎反馈",
            "已退款。有空的话欢迎给个好评",
            "환불 처리해 드렸습니다",
            "We refunded $10",
            "Thanks for your review, we will improve",
            "不用改好评，已为您退款10元",
            "We refunded you; no need to change your review"})
    void aRemedyOrAReviewAloneIsNoOffer(String text) {
        assertThat(ReviewBargain.offers(text)).as(text).isFalse();
    }

    @Test
    void bothHalvesAreReportedAsWritten() {
        assertThat(ReviewBargain.matches("亲，给您补偿１０元红包，麻烦改个好评"))
                .containsExactly("补偿", "１０元", "红包", "改个好评");
        assertThat(ReviewBargain.matches("We'll REFUND you if you change your review"))
                .containsExactly("REFUND", "change your review");
    }
}
