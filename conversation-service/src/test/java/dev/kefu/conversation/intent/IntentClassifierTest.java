package dev.kefu.conversation.intent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.kefu.conversation.intent.Intent.ADDRESS_CHANGE;
import static dev.kefu.conversation.intent.Intent.BARGAINING;
import static dev.kefu.conversation.intent.Intent.COMPLAINT;
import static dev.kefu.conversation.intent.Intent.GREETING;
import static dev.kefu.conversation.intent.Intent.LOGISTICS;
import static dev.kefu.conversation.intent.Intent.OTHER;
import static dev.kefu.conversation.intent.Intent.PAYMENT_TROUBLE;
import static dev.kefu.conversation.intent.Intent.PRAISE;
import static dev.kefu.conversation.intent.Intent.PRODUCT_QUESTION;
import static dev.kefu.conversation.intent.Intent.RETURN_REFUND;
import static dev.kefu.conversation.intent.Intent.SHIPPING_TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntentClassifierTest {

    private final IntentClassifier classifier = IntentClassifier.standard();

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\n\t", "　"})
    void nullOrBlankIsOther(String text) {
        assertThat(classifier.classify(text)).containsExactly(OTHER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"好的", "ok", "네 알겠습니다", "🙂", "12345", "......"})
    void whatNoRuleMatchesIsOtherAndNeverEmpty(String text) {
        assertThat(classifier.classify(text)).containsExactly(OTHER);
    }

    @Test
    void theStandardClassifierIsBuiltOnceAndItsAnswersCannotBeChanged() {
        assertThat(IntentClassifier.standard()).isSameAs(classifier);
        List<Intent> answer = classifier.classify("我要退货");
        assertThatThrownBy(() -> answer.add(OTHER)).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- negation ----------------------------------------------------------------------------------------------------

    @Test
    void declinedRefundWithThanksIsPraiseNotARefund() {
        assertThat(classifier.classify("不用退款了，谢谢")).containsExactly(PRAISE);
        assertThat(classifier.classify("no need for a refund, thank you")).containsExactly(PRAISE);
        assertThat(classifier.classify("환불 안 해주셔도 돼요 감사합니다")).containsExactly(PRAISE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"不是要投诉", "我不是要投诉，就是问问", "放心不会给差评的", "신고할 생각은 없어요",
            "I'm not complaining", "no complaints", "没有问题", "没问题", "no problem"})
    void negatedOrHarmlessComplaintWordsAreNotAComplaint(String text) {
        assertThat(classifier.classify(text)).doesNotContain(COMPLAINT);
    }

    @Test
    void aNegationOnlyReachesItsOwnClause() {
        assertThat(classifier.classify("我不是要投诉，就是问一下什么时候发货")).containsExactly(SHIPPING_TIME);
        assertThat(classifier.classify("我不要换货，我要退款")).containsExactly(RETURN_REFUND);
        assertThat(classifier.classify("I'm not asking for a refund, just wondering when it ships"))
                .containsExactly(SHIPPING_TIME);
    }

    @Test
    void noLongerWantingIsANegationButAConditionIsNot() {
        assertThat(classifier.classify("我不退了")).doesNotContain(RETURN_REFUND);
        // "no refund and I'll leave a bad review": the buyer wants the refund and threatens
        assertThat(classifier.classify("不退款我就给你差评")).containsExactlyInAnyOrder(COMPLAINT, RETURN_REFUND);
        assertThat(classifier.classify("환불 안 해주면 악플 달 거예요")).containsExactlyInAnyOrder(COMPLAINT, RETURN_REFUND);
    }

    // ---- multi-label and order ---------------------------------------------------------------------------------------

    @Test
    void twoAsksGiveTwoIntentsStrongestFirst() {
        // "when will you ship" is a strong phrase, "便宜点" a single cue
        assertThat(classifier.classify("什么时候发货？能便宜点吗")).containsExactly(SHIPPING_TIME, BARGAINING);
        assertThat(classifier.classify("能便宜点吗？什么时候发货")).containsExactly(SHIPPING_TIME, BARGAINING);
        // a threat outweighs the cue that comes first
        assertThat(classifier.classify("质量太差了，我要退货")).containsExactly(COMPLAINT, RETURN_REFUND);
    }

    @Test
    void equallyStrongIntentsKeepTheBuyersOrder() {
        assertThat(classifier.classify("有现货吗？包邮吗？")).containsExactly(PRODUCT_QUESTION, BARGAINING);
        assertThat(classifier.classify("包邮吗？有现货吗？")).containsExactly(BARGAINING, PRODUCT_QUESTION);
    }

    // ---- greeting and thanks are only what is left -------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"在吗", "亲在吗？？", "안녕하세요", "hello", "Hi there!", "在吗 hello", "亲～"})
    void aBareHelloIsAGreeting(String text) {
        assertThat(classifier.classify(text)).containsExactly(GREETING);
    }

    @Test
    void aHelloWithAQuestionIsTheQuestion() {
        assertThat(classifier.classify("亲在吗？这个有现货吗")).containsExactly(PRODUCT_QUESTION);
        assertThat(classifier.classify("hi, is the XL still available?")).containsExactly(PRODUCT_QUESTION);
        assertThat(classifier.classify("안녕하세요 언제 발송되나요?")).containsExactly(SHIPPING_TIME);
    }

    @Test
    void thanksInsideAQuestionIsPolitenessNotPraise() {
        assertThat(classifier.classify("Thanks! when will it ship?")).containsExactly(SHIPPING_TIME);
        assertThat(classifier.classify("谢谢，帮我查一下快递")).containsExactly(LOGISTICS);
        assertThat(classifier.classify("감사합니다")).containsExactly(PRAISE);
    }

    // ---- mixed languages and normalisation ---------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "亲 refund 可以吗|RETURN_REFUND",
            "付款 failed 了怎么办|PAYMENT_TROUBLE",
            "payment 안돼요 ㅠㅠ|PAYMENT_TROUBLE",
            "什么时候 ship 啊|SHIPPING_TIME",
            "hi 亲 when 发货?|SHIPPING_TIME",
            "address 写错了 能改吗|ADDRESS_CHANGE",
            "주소 change 하고 싶어요|ADDRESS_CHANGE",
            "택배 tracking 안돼요|LOGISTICS",
            "能 discount 一点吗|BARGAINING",
            "我要 complain 你们|COMPLAINT"})
    void mixedLanguageMessagesPairWordsAcrossLanguages(String text, Intent expected) {
        assertThat(classifier.classify(text)).containsExactly(expected);
    }

    @Test
    void fullWidthCaseSpacingAndRepeatedPunctuationDoNotMatter() {
        assertThat(classifier.classify("ＲＥＦＵＮＤ　ｐｌｅａｓｅ！！！")).containsExactly(RETURN_REFUND);
        assertThat(classifier.classify("WHERE IS MY PARCEL???")).containsExactly(LOGISTICS);
        assertThat(classifier.classify("什么时候发货？？？？")).containsExactly(SHIPPING_TIME);
        assertThat(classifier.classify("I   can't    pay")).containsExactly(PAYMENT_TROUBLE);
    }

    @Test
    void traditionalCharactersAndChatSpellingsAreFolded() {
        assertThat(classifier.classify("請問什麼時候發貨")).containsExactly(SHIPPING_TIME);
        assertThat(classifier.classify("這個還有貨嗎")).containsExactly(PRODUCT_QUESTION);
        assertThat(classifier.classify("神马时候发货啊")).containsExactly(SHIPPING_TIME);
        assertThat(classifier.classify("咋还木有收到货")).containsExactly(LOGISTICS);
    }

    // ---- phrases that look like another intent -----------------------------------------------------------------------

    @Test
    void theMoreSpecificPhraseTakesItsWords() {
        assertThat(classifier.classify("退货地址发我一下")).containsExactly(RETURN_REFUND);
        assertThat(classifier.classify("物流很快，谢谢")).containsExactly(PRAISE);
        assertThat(classifier.classify("빠른 배송 감사해요")).containsExactly(PRAISE);
        assertThat(classifier.classify("refund still not received after 10 days")).containsExactly(RETURN_REFUND);
        assertThat(classifier.classify("退款什么时候到账啊")).containsExactly(RETURN_REFUND);
        assertThat(classifier.classify("tracking shows return to sender")).containsExactly(LOGISTICS);
    }

    @Test
    void aRemarkIsNotAnAsk() {
        assertThat(classifier.classify("这么便宜是正品吗")).containsExactly(PRODUCT_QUESTION);
        assertThat(classifier.classify("支付宝付款成功了，什么时候发")).containsExactly(SHIPPING_TIME);
        assertThat(classifier.classify("还没发货的话能换个地址吗")).containsExactly(ADDRESS_CHANGE);
        assertThat(classifier.classify("颜色跟图片不一样，我要退")).containsExactly(RETURN_REFUND);
        assertThat(classifier.classify("I received the wrong color, can I return it?")).containsExactly(RETURN_REFUND);
    }

    @Test
    void anOrderNumberInTheMessageIsJustText() {
        assertThat(classifier.classify("亲，订单TB20261123001的包裹到哪了")).containsExactly(LOGISTICS);
        assertThat(classifier.classify("订单3287654321098765432付不了款")).containsExactly(PAYMENT_TROUBLE);
    }

    @Test
    void theExplanationNamesTheRulesThatDecided() {
        IntentClassifier.Explanation why = classifier.explain("不用退款了，谢谢");

        assertThat(why.folded()).isEqualTo("不用退款了,谢谢");
        assertThat(why.matches()).anySatisfy(m -> {
            assertThat(m.rule().intent()).isEqualTo(RETURN_REFUND);
            assertThat(m.negated()).isTrue();
        });
        assertThat(why.matches()).anySatisfy(m -> assertThat(m.text()).isEqualTo("谢谢"));
    }
}
