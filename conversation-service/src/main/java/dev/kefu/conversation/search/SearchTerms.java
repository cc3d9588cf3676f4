package dev.kefu.conversation.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How message text is cut into the terms it is found by, the same for what is stored and what is asked. Chinese,
 * Japanese and Korean are written without spaces between words, so a run of those characters gives every single
 * character and every pair of neighbours (n-grams of 1 and 2: "发货了" → 发, 货, 了, 发货, 货了); any other run of
 * letters and digits is one word, lower-cased. Text is NFKC-normalised first, so full-width ＴＢ１２３ is tb123.
 * A query matches a message holding all its terms, and is then checked against the text itself (two characters
 * can be present without being neighbours).
 */
public final class SearchTerms {

    /** Enough for a long message; a 2,000-character text rarely has this many distinct terms. */
    public static final int MAX_TERMS = 1_000;

    private SearchTerms() {
    }

    /** The distinct terms of {@code text}, at most {@link #MAX_TERMS}, in order of first appearance. */
    public static List<String> of(String text) {
        Set<String> terms = new LinkedHashSet<>();
        String normal = normalise(text);
        int i = 0;
        while (i < normal.length() && terms.size() < MAX_TERMS) {
            int c = normal.codePointAt(i);
            if (isCjk(c)) {
                terms.add(new String(Character.toChars(c)));
                int next = i + Character.charCount(c);
                if (next < normal.length() && isCjk(normal.codePointAt(next))) {
                    int d = normal.codePointAt(next);
                    terms.add(new String(Character.toChars(c)) + new String(Character.toChars(d)));
                }
                i = next;
            } else if (Character.isLetterOrDigit(c)) {
                int end = i;
                while (end < normal.length() && Character.isLetterOrDigit(normal.codePointAt(end))
                        && !isCjk(normal.codePointAt(end))) {
                    end += Character.charCount(normal.codePointAt(end));
                }
                terms.add(normal.substring(i, end));
                i = end;
            } else {
                i += Character.charCount(c);
            }
        }
        return List.copyOf(terms);
    }

    /**
     * The terms a query needs in a message: for a CJK run its pairs (or the single character, when the run is one),
     * for a word the word. Fewer terms than {@link #of} gives, since the pairs imply their characters.
     */
    public static List<String> ofQuery(String query) {
        List<String> needed = new ArrayList<>();
        for (String term : of(query)) {
            boolean cjk = isCjk(term.codePointAt(0));
            boolean single = term.codePointCount(0, term.length()) == 1;
            if (!cjk || !single || !coveredByAPair(term, query)) {
                needed.add(term);
            }
        }
        return needed;
    }

    /** Whether {@code text} holds every word of {@code query} as written (after the same normalisation). */
    public static boolean contains(String text, String query) {
        String normal = normalise(text);
        for (String word : normalise(query).split("[\\s\\p{Punct}\\p{IsPunctuation}]+")) {
            if (!word.isEmpty() && !normal.contains(word)) {
                return false;
            }
        }
        return true;
    }

    static String normalise(String text) {
        return text == null ? "" : Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    private static boolean coveredByAPair(String character, String query) {
        for (String term : of(query)) {
            if (term.codePointCount(0, term.length()) == 2 && term.contains(character)) {
                return true;
            }
        }
        return false;
    }

    static boolean isCjk(int c) {
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HANGUL
                || script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA;
    }
}
