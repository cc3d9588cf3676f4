package dev.kefu.conversation.conduct;

import dev.kefu.platform.text.FoldedText;
import dev.kefu.platform.text.ReviewBargain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Checks an agent's reply against the rules the seeds set for agents before it is sent: never insult or argue, never
 * interrogate, never buy a review, never move the buyer off the platform (see {@link Rule} and
 * {@link ConductPatterns}). Chinese, Korean and English; full-width text is folded first, and every match is reported
 * as the exact substring of the reply so an agent desk can highlight it.
 *
 * <p>How the two harder rules decide:
 * <ul>
 *   <li>{@link Rule#PAID_REVIEW}: an offer of money or goods for a review, as the platform's {@link ReviewBargain}
 *       recognises it everywhere (replies, review follow-ups, case resolutions).</li>
 *   <li>{@link Rule#OFF_PLATFORM}: messaging apps and ids (加微信, QQ号, 카톡, add me on WhatsApp), e-mail addresses,
 *       and phone numbers. A phone number needs a plausible shape (Chinese mobile 1[3-9] + 9 digits, Korean 01x, a
 *       landline with its dash, a + prefix, or any number right after 电话 / phone / 연락처), must not sit inside a
 *       longer run of letters and digits (TB20261123001, ZT7730012345, 19-digit order ids), and must not follow an
 *       order or tracking label (运单号：…, order #…, 운송장 번호 …).</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class ConductGuard {

    private static final ConductGuard STANDARD = new ConductGuard();

    private ConductGuard() {
    }

    public static ConductGuard standard() {
        return STANDARD;
    }

    /** The rules the reply breaks, one {@link Violation} per rule in {@link Rule} order; empty means it may be sent. */
    public List<Violation> check(String agentReply) {
        if (agentReply == null || agentReply.isBlank()) {
            return List.of();
        }
        FoldedText reply = FoldedText.of(agentReply);
        List<Violation> violations = new ArrayList<>();
        add(violations, Rule.INSULT, reply.originals(reply.find(ConductPatterns.INSULT)));
        add(violations, Rule.INTERROGATION, reply.originals(reply.find(ConductPatterns.INTERROGATION)));
        add(violations, Rule.PAID_REVIEW, ReviewBargain.matches(agentReply));
        List<int[]> offPlatform = reply.find(ConductPatterns.MESSAGING);
        offPlatform.addAll(phones(reply.text()));
        add(violations, Rule.OFF_PLATFORM, reply.originals(offPlatform));
        return List.copyOf(violations);
    }

    private static void add(List<Violation> violations, Rule rule, List<String> matched) {
        if (!matched.isEmpty()) {
            violations.add(new Violation(rule, matched));
        }
    }

    /** Phone-shaped numbers that stand on their own and are not labelled as an order or tracking number. */
    private static List<int[]> phones(String text) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = ConductPatterns.PHONE.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            if (standsAlone(text, m.start(), m.end()) && !labelledAsOrder(text, m.start())) {
                spans.add(new int[] {m.start(), m.end()});
                from = m.end();
            } else {
                from = m.start() + 1;
            }
        }
        Matcher word = ConductPatterns.PHONE_AFTER_WORD.matcher(text);
        while (word.find()) {
            if (standsAlone(text, word.start(1), word.end(1)) && !labelledAsOrder(text, word.start(1))) {
                spans.add(new int[] {word.start(1), word.end(1)});
            }
        }
        return spans;
    }

    /** Not part of a longer code: no letter or digit right before or after, and no "TB-" / "ZT_" style prefix. */
    private static boolean standsAlone(String text, int start, int end) {
        if (start > 0 && isCodeChar(text.charAt(start - 1))) {
            return false;
        }
        if (start > 1 && (text.charAt(start - 1) == '-' || text.charAt(start - 1) == '_')
                && isCodeChar(text.charAt(start - 2))) {
            return false;
        }
        return end >= text.length() || !isCodeChar(text.charAt(end));
    }

    private static boolean isCodeChar(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z';
    }

    private static boolean labelledAsOrder(String text, int start) {
        String before = text.substring(Math.max(0, start - 16), start);
        return ConductPatterns.ORDER_CONTEXT.matcher(before).find();
    }
}
