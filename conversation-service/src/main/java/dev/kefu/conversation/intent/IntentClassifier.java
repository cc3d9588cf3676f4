package dev.kefu.conversation.intent;

import dev.kefu.conversation.intent.IntentRule.Kind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Tells what a buyer's message asks for, from weighted phrase rules in Chinese, Korean and English (see
 * {@link IntentRules}); explainable and without a model. How a message is read:
 * <ol>
 *   <li>it is folded ({@link BuyerText}): half-width, lower case, simplified, chat spellings, collapsed punctuation;</li>
 *   <li>guards consume the phrases that look like evidence but are not ("这么便宜", "没问题", "before it ships");</li>
 *   <li>the other rules' matches are taken strongest, then longest first, each piece of text counting once, so
 *       "物流很快" is praise and not also a logistics question, "退货地址" is a return, not an address change, and in
 *       "退款什么时候到" the "when" belongs to the refund;</li>
 *   <li>a match negated in its clause ("不用退款了", "I'm not asking for a refund", "신고할 생각은 없어요") counts for
 *       nothing;</li>
 *   <li>an intent whose matches add up to {@link IntentRules#THRESHOLD} is in the answer; thanks and hellos count only
 *       when nothing else was asked, and a greeting is dropped when anything else is there;</li>
 *   <li>the answer is ordered strongest first, ties in the order the buyer wrote them; nothing → {@code [OTHER]}.</li>
 * </ol>
 * Immutable and thread-safe.
 */
public final class IntentClassifier {

    /** Intents a negation in the clause can cancel; the others' phrases carry their own negation (还没发货, 付不了). */
    private static final Set<Intent> NEGATABLE = Set.of(Intent.RETURN_REFUND, Intent.COMPLAINT, Intent.PRAISE,
            Intent.BARGAINING, Intent.ADDRESS_CHANGE, Intent.PRODUCT_QUESTION);

    private static final IntentClassifier STANDARD = new IntentClassifier(IntentRules.all());

    private final List<IntentRule> rules;

    private IntentClassifier(List<IntentRule> rules) {
        this.rules = rules;
    }

    /** The classifier with the standard rules, built once. */
    public static IntentClassifier standard() {
        return STANDARD;
    }

    /** The message's intents, strongest first; {@code [OTHER]} when none applies (and for null or blank text). */
    public List<Intent> classify(String text) {
        return explain(text).intents();
    }

    /** One rule's match: which rule, the folded text it matched, and whether a negation cancelled it. */
    record Match(IntentRule rule, String text, int start, boolean negated) {
    }

    /** The answer with the evidence for it, for tests and the accuracy report. */
    record Explanation(String folded, List<Intent> intents, List<Match> matches) {
    }

    Explanation explain(String text) {
        if (text == null || text.isBlank()) {
            return new Explanation("", List.of(Intent.OTHER), List.of());
        }
        String folded = BuyerText.fold(text);
        StringBuilder rest = new StringBuilder(folded);
        List<Match> matches = new ArrayList<>();

        for (IntentRule guard : rules) {
            if (guard.kind() == Kind.GUARD) {
                Matcher m = guard.pattern().matcher(rest);
                while (m.find()) {
                    matches.add(new Match(guard, m.group(), m.start(), false));
                    blank(rest, m.start(), m.end());
                }
            }
        }

        record Candidate(IntentRule rule, int start, int end) {
        }
        List<Candidate> candidates = new ArrayList<>();
        String guarded = rest.toString();
        for (IntentRule rule : rules) {
            if (rule.kind() != Kind.GUARD) {
                Matcher m = rule.pattern().matcher(guarded);
                while (m.find()) {
                    if (m.end() > m.start()) {
                        candidates.add(new Candidate(rule, m.start(), m.end()));
                    }
                }
            }
        }
        candidates.sort(Comparator.comparingDouble((Candidate c) -> c.rule().kind().weight).reversed()
                .thenComparing(Comparator.comparingInt((Candidate c) -> c.end() - c.start()).reversed())
                .thenComparingInt(Candidate::start));
        boolean[] taken = new boolean[folded.length()];
        Map<Intent, Double> score = new EnumMap<>(Intent.class);
        Map<Intent, Double> alone = new EnumMap<>(Intent.class);
        Map<Intent, Integer> first = new EnumMap<>(Intent.class);
        for (Candidate c : candidates) {
            if (overlaps(taken, c.start(), c.end())) {
                continue;
            }
            for (int i = c.start(); i < c.end(); i++) {
                taken[i] = true;
            }
            Intent intent = c.rule().intent();
            boolean negated = NEGATABLE.contains(intent) && Negation.negated(folded, c.start(), c.end());
            matches.add(new Match(c.rule(), folded.substring(c.start(), c.end()), c.start(), negated));
            if (negated) {
                continue;
            }
            (c.rule().kind() == Kind.ALONE ? alone : score).merge(intent, c.rule().kind().weight, Double::sum);
            first.merge(intent, c.start(), Math::min);
        }

        List<Intent> intents = selected(score);
        if (intents.isEmpty()) {
            alone.forEach((intent, weight) -> score.merge(intent, weight, Double::sum));
            intents = selected(score);
        }
        if (intents.size() > 1) {
            intents.remove(Intent.GREETING);
        }
        intents.sort(Comparator.comparingDouble((Intent i) -> score.get(i)).reversed()
                .thenComparingInt(first::get));
        matches.sort(Comparator.comparingInt(Match::start));
        return new Explanation(folded, intents.isEmpty() ? List.of(Intent.OTHER) : List.copyOf(intents),
                List.copyOf(matches));
    }

    private static List<Intent> selected(Map<Intent, Double> score) {
        List<Intent> intents = new ArrayList<>();
        score.forEach((intent, s) -> {
            if (s >= IntentRules.THRESHOLD) {
                intents.add(intent);
            }
        });
        return intents;
    }

    private static boolean overlaps(boolean[] taken, int start, int end) {
        for (int i = start; i < end; i++) {
            if (taken[i]) {
                return true;
            }
        }
        return false;
    }

    private static void blank(StringBuilder text, int start, int end) {
        for (int i = start; i < end; i++) {
            text.setCharAt(i, ' ');
        }
    }
}
