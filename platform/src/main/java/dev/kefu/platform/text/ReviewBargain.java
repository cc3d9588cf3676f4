package dev.kefu.platform.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Money or favours for a (better) review (好评返现, 改好评送红包, 리뷰 수정해주시면 적립금, cash back for five stars): bought
 * reviews break every marketplace's rules, so an agent's reply, a review follow-up or a case resolution must never
 * offer one. An offer is a review action (好评, 五星, 删差评, 리뷰 써주시면, 5-star review, change your review) and a reward
 * (返现, 红包, 退款, 礼品, 적립금, refund, gift) in the same sentence, at most {@value #PAIR_DISTANCE} characters apart. A
 * refund or gift on its own is fine, so is asking for feedback, and so is a review action said not to be asked for
 * (未提改评价, no need to change your review); a refund in one sentence and a review asked for in another are not tied.
 * Chinese, Korean, English, over {@link FoldedText folded} text (full-width, upper case and curly quotes do not hide
 * it). Immutable and thread-safe.
 */
public final class ReviewBargain {

    private static final int PAIR_DISTANCE = 40;
    private static final Pattern SENTENCE_END = Pattern.compile("[。！？!?\\n]|\\.(?=\\s|$)");

    /** Asking for, or naming, a review action: a good review, five stars, changing or deleting a bad one. */
    private static final Pattern REVIEW = Pattern.compile(String.join("|",
            "好评|五星|5星|五分(?!钟)|5分(?!钟)|晒图|晒单|追评|带图评价|评价[^。！？!?]{0,2}(?:改|删)",
            "删(?:除|掉)?(?:差评|中评|评价|评论)|撤(?:销|回)?(?:差评|中评)|改(?:成|为|个|一下)?(?:好评|评价)|修改(?:评价|差评)",
            "(?:别|不要|请勿)(?:给)?(?:差评|中评)|(?:差评|中评|评价|评论)[^。！？!?]{0,4}(?:改|删|撤|修改)",
            "(?:리뷰|후기|포토\\s*리뷰|평가|별점|평점)\\s*(?:를|을|는|은|도)?\\s*"
                    + "(?:작성|써|쓰|남겨|남기|올려|올리|주시|주면|수정|삭제|지워|바꿔|고쳐|5|다섯|만점)",
            "별\\s*다섯|5\\s*점|만점|좋은\\s*(?:리뷰|후기|평가|별점)|악플\\s*(?:삭제|지워)|(?:리뷰|후기)\\s*이벤트",
            "(?:\\d|five|one)[- ]?stars?",
            "(?:positive|good|great|nice|kind|glowing|better|higher) (?:review|rating|feedback)",
            "(?:leave|write|post|give|change|update|remove|delete|edit|revise|take down|upgrade|raise|modify)"
                    + "(?: us| me)?(?: a| an| your| the| that| this)?(?: \\w+)? (?:review|rating)s?\\b"));

    /** Money or goods: the other half of a bought review. */
    private static final Pattern REWARD = Pattern.compile(String.join("|",
            "返现|返利|返\\d|返[^。！？!?]{0,2}(?:元|块|红包)|返还|红包|现金|退款|退\\d|退[^。！？!?]{0,2}(?:元|块)",
            "(?:送|赠)(?:您|你)?(?:一份|一个|个|份|张)?(?:小)?(?:礼品|礼物|赠品|券|优惠券|小样|红包)",
            "(?:补|给|送|返|发)(?:您|你)?(?:点|些|一点|一些)?钱",
            "礼品|礼物|赠品|补偿|奖励|优惠券|积分|\\d+(?:\\.\\d+)?\\s*(?:元|块)|[¥￥]\\s*\\d+|打款|转账|免单|半价",
            "적립금|포인트|쿠폰|환불|현금|사은품|선물|기프티콘|캐시백|페이백|\\d+(?:,\\d{3})*\\s*원|보상|증정|할인",
            "refund(?:ed)?|cash ?back|\\bcash\\b|\\bmoney\\b|\\bgifts?\\b|gift cards?|coupon|voucher|discount|store credit",
            "\\bcredit\\b|\\$\\s?\\d+|\\d+ ?(?:usd|dollars?|euros?)|paypal|\\breward|free (?:item|gift|product|sample)",
            "compensat\\w*|rebate|\\bbonus\\b|pay you\\b|\\d+ ?% (?:off|discount)|\\d(?:\\.\\d)?折|打折|\\d+\\s*%\\s*할인"));

    /** Said right before a review action, it is not asked for: "未提改评价", "no need to change your review". */
    private static final Pattern NOT_ASKED = Pattern.compile(
            "(?:未|没|没有|并未|不|不用|无需|不必|不需要)(?:提|提及|提到|要求|让|请|用|需要)?(?:您|你)?(?:给)?\\s*$"
                    + "|(?:no need to|(?:do not|don'?t) (?:need|have) to|not asking (?:you )?to|without asking (?:you )?to)\\s*$");
    private static final int NOT_ASKED_LOOKBACK = 24;

    private ReviewBargain() {
    }

    /** Whether the text offers money or goods for a review. */
    public static boolean offers(String text) {
        return !matches(text).isEmpty();
    }

    /** Both halves of every offer (the review action and the reward), as the exact substrings of the text, in order. */
    public static List<String> matches(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        FoldedText folded = FoldedText.of(text);
        return folded.originals(tiedSpans(folded.text(), folded.find(REVIEW), folded.find(REWARD)));
    }

    private static List<int[]> tiedSpans(String text, List<int[]> reviews, List<int[]> rewards) {
        List<Integer> sentenceEnds = sentenceEnds(text);
        List<int[]> tied = new ArrayList<>();
        for (int[] review : reviews) {
            if (notAsked(text, review)) {
                continue;
            }
            for (int[] reward : rewards) {
                int gap = Math.max(review[0], reward[0]) - Math.min(review[1], reward[1]);
                if (gap <= PAIR_DISTANCE && !overlap(review, reward) && sameSentence(sentenceEnds, review, reward)) {
                    tied.add(review);
                    tied.add(reward);
                }
            }
        }
        return tied;
    }

    private static boolean notAsked(String text, int[] review) {
        return NOT_ASKED.matcher(text.substring(Math.max(0, review[0] - NOT_ASKED_LOOKBACK), review[0])).find();
    }

    private static List<Integer> sentenceEnds(String text) {
        List<Integer> ends = new ArrayList<>();
        Matcher end = SENTENCE_END.matcher(text);
        while (end.find()) {
            ends.add(end.end());
        }
        return ends;
    }

    /** Both spans lie within one sentence, the same one. */
    private static boolean sameSentence(List<Integer> sentenceEnds, int[] a, int[] b) {
        int sentence = sentenceOf(sentenceEnds, a[0]);
        return sentenceOf(sentenceEnds, a[1] - 1) == sentence && sentenceOf(sentenceEnds, b[0]) == sentence
                && sentenceOf(sentenceEnds, b[1] - 1) == sentence;
    }

    private static int sentenceOf(List<Integer> sentenceEnds, int position) {
        int sentence = 0;
        while (sentence < sentenceEnds.size() && sentenceEnds.get(sentence) <= position) {
            sentence++;
        }
        return sentence;
    }

    private static boolean overlap(int[] a, int[] b) {
        return a[0] < b[1] && b[0] < a[1];
    }
}
