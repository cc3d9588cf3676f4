package dev.kefu.conversation.conduct;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConductGuardTest {

    private final ConductGuard guard = ConductGuard.standard();

    private List<String> matched(Rule rule, String reply) {
        return guard.check(reply).stream().filter(v -> v.rule() == rule).flatMap(v -> v.matched().stream()).toList();
    }

    private void passes(String reply) {
        assertThat(guard.check(reply)).as(reply).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\n"})
    void nothingToCheckIsFine(String reply) {
        assertThat(guard.check(reply)).isEmpty();
    }

    // ---- insult ------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "你是不是傻啊，都说了不能便宜|你是不是傻",
            "爱买不买，就这个价|爱买不买",
            "你懂不懂啊，这是正品|你懂不懂",
            "你有病吧，天天问|你有病",
            "真是不可理喻|不可理喻",
            "不要就滚|滚",
            "별로면 사지 마세요|별로면 사지 마",
            "바보 아니에요? 설명 읽어 보세요|바보",
            "짜증나게 하지 마세요|짜증나게",
            "Are you stupid? Read the listing.|stupid",
            "Shut up and read the description|Shut up",
            "That's your problem, not ours|That's your problem",
            "you idiot|idiot"})
    void anInsultIsCaughtInEachLanguage(String reply, String expected) {
        assertThat(matched(Rule.INSULT, reply)).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"这款是滚筒洗衣机专用的洗衣液哦", "傻瓜式操作，一键就能用", "您的问题我们已经收到，马上为您处理",
            "USB接口的，可以直接充电", "这款含神经酰胺，很保湿", "고객님 문제를 바로 해결해 드릴게요",
            "We'll fix your problem right away", "The stain will go away after one wash", "a dumbbell set"})
    void wordsThatOnlyLookRudeAreFine(String reply) {
        passes(reply);
    }

    // ---- interrogation -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "都跟您说了是正品，为什么不买呢|为什么不买",
            "你到底买不买？|到底买不买",
            "为什么觉得我们不是正品？|为什么觉得我们不是正品",
            "왜 안 사세요?|왜 안 사",
            "왜 저희를 못 믿으세요?|왜 저희를 못 믿",
            "Why don't you buy it today?|Why don't you buy",
            "So are you going to buy it or not?|are you going to buy it or not"})
    void interrogatingTheBuyerIsCaught(String reply, String expected) {
        assertThat(matched(Rule.INTERROGATION, reply)).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"亲，买不买都没关系，有问题随时问我哦", "请问是付款遇到什么问题了吗？", "您要不要看看配件呢？",
            "혹시 결제 중에 문제가 있으신가요?", "Why don't you try the medium? It runs a little small.",
            "Is there anything else I can help with?"})
    void friendlyQuestionsAreFine(String reply) {
        passes(reply);
    }

    // ---- paid review -------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "亲，好评返现5元哦|好评,返现,5元",
            "给好评返5元，截图发我|好评,返5",
            "您改成好评我就给您退款|改成好评,退款",
            "删差评送礼品一份|删差评,送礼品",
            "五星好评+晒图，联系客服领红包|五星,好评,晒图,红包",
            "리뷰 써주시면 적립금 드려요|리뷰 써,적립금",
            "별점 5점 주시면 환불해 드릴게요|별점 5,환불",
            "We'll refund you if you change your review.|refund,change your review",
            "A free gift for a 5-star review!|free gift,5-star",
            "东西有问题我们给您补偿10元，麻烦您把差评改一下|补偿,10元,差评改",
            "五星好评后可享9折|五星,好评,9折",
            "리뷰 작성 시 적립금 500원 지급|리뷰 작성,적립금,500원",
            "Please don't leave a bad review, we'll refund you right away|leave a bad review,refund"})
    void aRewardForAReviewIsCaught(String reply, String expected) {
        assertThat(matched(Rule.PAID_REVIEW, reply)).containsExactly(expected.split(","));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "亲，退款已经为您办理好了，请注意查收",
            "我们给您补发一份小礼品，请注意查收哦",
            "亲，如果您对宝贝满意，欢迎给个好评哦～",
            "退款已经给您办理了。有空的话欢迎说说您的使用感受！",
            "请5分钟后再试一下付款，系统有点忙，给您退款的事我记着",
            "환불 처리해 드렸습니다. 불편을 드려 죄송합니다.",
            "받으신 상품에 대한 의견을 들려주시면 큰 도움이 됩니다.",
            "We've issued a full refund. We'd love to hear your feedback!",
            "Here's a coupon for your next order.",
            "We will review your refund request today.",
            // resolving a bad review with a refund, without asking for the review to change, is the seeds' own advice
            "看到您的评价了，非常抱歉，我们马上为您办理退款",
            "We can offer a 10% discount on your next order as an apology."})
    void aRefundGiftOrFeedbackRequestOnItsOwnIsFine(String reply) {
        passes(reply);
    }

    // ---- off platform ------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "有问题打我电话13812345678|13812345678",
            "我的手机 138 1234 5678|138 1234 5678",
            "手机：138-1234-5678|138-1234-5678",
            "call +86 138 1234 5678|+86 138 1234 5678",
            "全角也算：１３８１２３４５６７８|１３８１２３４５６７８",
            "座机021-12345678|021-12345678",
            "전화 주세요 010-1234-5678|010-1234-5678",
            "+82 10-1234-5678로 연락 주세요|+82 10-1234-5678",
            "Call us at (415) 555-0132|(415) 555-0132",
            "Reach me on +44 20 7946 0958|+44 20 7946 0958",
            "联系电话：88886666|88886666"})
    void aPhoneNumberIsCaught(String reply, String expected) {
        assertThat(matched(Rule.OFF_PLATFORM, reply)).containsExactly(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "亲，加微信聊吧|加微信",
            "我微信号：kefu_2026|微信号：kefu_2026",
            "加vx更方便|加vx",
            "V信联系我|V信",
            "wx: shop8888|wx: shop8888",
            "QQ号 12345678|QQ号",
            "카톡으로 연락 주세요|카톡",
            "카카오톡 아이디 알려드릴게요|카카오톡",
            "Add me on WhatsApp for a better price|Add me on WhatsApp",
            "Message me on WeChat|Message me on WeChat",
            "email me at sales@example.com|sales@example.com"})
    void aMessagingIdIsCaught(String reply, String expected) {
        assertThat(matched(Rule.OFF_PLATFORM, reply)).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "您的订单TB20261123001已发货，运单号：ZT7730012345",
            "运单号78123456789012，请注意查收",
            "订单3287654321098765432已经付款成功啦",
            "运单号：13812345678，中通快递",
            "order #13812345678 has shipped",
            "주문번호 20261123001, 운송장 번호 ZT7730012345",
            "单号SF1381234567890，顺丰",
            "麻烦您核对一下订单的收货地址、收件人和电话是否正确哦",
            "Please confirm the recipient name and phone number on your order.",
            "合计¥1380.00，已为您改好价",
            "订单于2026-11-23 14:05:00付款，预计48小时内发货",
            "有问题请在旺旺上随时联系我们哦",
            "我们不会通过微信或电话联系您，请勿相信陌生来电",
            "退款会在1-3个工作日内原路返回",
            "尺码表：S 155-160，M 160-165，L 165-170",
            "客服工作时间：09:00-18:00",
            "Your order 112-3456789-0123456 has shipped"})
    void orderAndTrackingNumbersAndAskingToCheckThePhoneAreFine(String reply) {
        passes(reply);
    }

    // ---- the result --------------------------------------------------------------------------------------------------

    @Test
    void oneViolationPerRuleInRuleOrderWithMatchesInTextOrder() {
        List<Violation> violations = guard.check("加微信13812345678，好评返现，爱买不买。另一个号码139 8765 4321");

        assertThat(violations).extracting(Violation::rule)
                .containsExactly(Rule.INSULT, Rule.PAID_REVIEW, Rule.OFF_PLATFORM);
        assertThat(violations.get(2).matched()).containsExactly("加微信", "13812345678", "139 8765 4321");
        assertThat(violations.get(1).matched()).containsExactly("好评", "返现");
    }

    @Test
    void aViolationsMatchesCannotBeChanged() {
        Violation v = guard.check("爱买不买").get(0);
        assertThatThrownBy(() -> v.matched().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(ConductGuard.standard()).isSameAs(guard);
    }
}
