package dev.kefu.conversation.intent;

import java.util.regex.Pattern;

/**
 * Whether a rule's match is negated in its clause: "不用退款了", "我不是要投诉", "no need for a refund", "I'm not
 * asking for a refund" (the negation comes before, as in Chinese and English), "환불 안 해주셔도 돼요", "신고할 생각은
 * 없어요" (it comes after, as Korean puts it on the verb). A bare 不 / 안 is not a negation here: "不退款我就给你差评"
 * and "환불 안 해주면" are conditions, and the buyer still wants the refund; but 不…了 is "no longer" ("我不退了").
 */
final class Negation {

    private static final String CLAUSE = "[^" + BuyerText.PUNCT + "]";

    private static final Pattern BEFORE = Pattern.compile("(?:"
            + "不用|不要|不是|不想|不需要|不必|无需|无须|没想|不打算|没打算|不会|没必要|用不着|不再|并不|并没有"
            + ")" + CLAUSE + "{0,3}$"
            + "|(?:\\bno need (?:for|to)|\\bnot asking(?: for)?|\\bnot (?:requesting|looking for|wanting|going to)"
            + "|\\bdont (?:want|need)|\\bdo not (?:want|need)|\\bno longer (?:want|need)|\\bnever mind|\\bnot gonna"
            + "|\\bwont|\\bwithout|\\bno more)(?: [a-z0-9-]+){0,2} ?$"
            + "|\\bnot (?:a |an )?$");

    private static final Pattern AFTER = Pattern.compile("^" + CLAUSE + "{0,4}?(?:"
            + "안\\s*해\\s*주셔도|안\\s*하셔도|안\\s*해도|안\\s*할|안\\s*하려|필요\\s*없|생각\\s*[은이]?\\s*없"
            + "|하지\\s*않|않을|않겠|말게요|말께요)");

    private Negation() {
    }

    /** Is the match {@code [start, end)} of {@code text} negated within its clause? */
    static boolean negated(String text, int start, int end) {
        int from = start;
        while (from > 0 && BuyerText.PUNCT.indexOf(text.charAt(from - 1)) < 0) {
            from--;
        }
        int to = end;
        while (to < text.length() && BuyerText.PUNCT.indexOf(text.charAt(to)) < 0) {
            to++;
        }
        String before = text.substring(from, start);
        String after = text.substring(end, to);
        return BEFORE.matcher(before).find() || AFTER.matcher(after).find()
                || before.endsWith("不") && (after.startsWith("了") || after.startsWith("啦") || text.charAt(end - 1) == '了');
    }
}
