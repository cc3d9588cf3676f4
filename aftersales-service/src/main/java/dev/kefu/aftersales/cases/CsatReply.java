package dev.kefu.aftersales.cases;

import java.text.Normalizer;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a buyer's chat message as the answer to a satisfaction survey ("回复1-5分" / "1-5점으로 평가해 주세요"): a
 * message that is only a score 1-5, optionally followed by 分, 星 or 점 ("5分", "4점"). Full-width digits and spaces
 * count as their plain forms (NFKC: "５" is 5), surrounding whitespace is ignored. Anything else ("10", "0", "3 thanks",
 * "5 stars please", "五") is an ordinary message: a score must be unmistakable, since a buyer also writes numbers
 * about quantities and sizes.
 */
public final class CsatReply {

    private static final Pattern SCORE = Pattern.compile("([1-5])\\s*(分|星|점)?");

    private CsatReply() {
    }

    public static OptionalInt scoreOf(String text) {
        if (text == null || text.length() > 16) {
            return OptionalInt.empty();
        }
        Matcher m = SCORE.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC).strip());
        return m.matches() ? OptionalInt.of(m.group(1).charAt(0) - '0') : OptionalInt.empty();
    }
}
