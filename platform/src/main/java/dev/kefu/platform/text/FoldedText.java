package dev.kefu.platform.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text folded for matching (NFKC per character: full-width digits and letters become ASCII; lower case; curly
 * apostrophes straight; zero-width characters dropped) that remembers where each folded character came from, so a
 * match is reported as the exact substring of the original text (an agent desk highlights it).
 */
public final class FoldedText {

    private final String original;
    private final String text;
    private final int[] from;
    private final int[] to;

    private FoldedText(String original, String text, int[] from, int[] to) {
        this.original = original;
        this.text = text;
        this.from = from;
        this.to = to;
    }

    public static FoldedText of(String original) {
        StringBuilder text = new StringBuilder(original.length());
        int[] from = new int[original.length() * 4 + 4];
        int[] to = new int[from.length];
        for (int i = 0; i < original.length(); ) {
            int cp = original.codePointAt(i);
            int next = i + Character.charCount(cp);
            String folded = fold(cp);
            for (int k = 0; k < folded.length(); k++) {
                if (text.length() == from.length) {
                    from = Arrays.copyOf(from, from.length * 2);
                    to = Arrays.copyOf(to, to.length * 2);
                }
                from[text.length()] = i;
                to[text.length()] = next;
                text.append(folded.charAt(k));
            }
            i = next;
        }
        return new FoldedText(original, text.toString(), from, to);
    }

    /** The folded text, what patterns are matched against. */
    public String text() {
        return text;
    }

    /** Where {@code pattern} matches the folded text: {@code {start, end}} spans, empty matches left out. */
    public List<int[]> find(Pattern pattern) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (m.end() > m.start()) {
                spans.add(new int[] {m.start(), m.end()});
            }
        }
        return spans;
    }

    /**
     * The original substrings of folded spans ({@code {start, end}} in {@link #text()}), in reading order; a span that
     * overlaps one before it is left out, so each phrase is reported once.
     */
    public List<String> originals(List<int[]> spans) {
        List<int[]> ordered = new ArrayList<>(spans);
        ordered.sort(Comparator.<int[]>comparingInt(s -> s[0]).thenComparingInt(s -> -s[1]));
        List<String> matched = new ArrayList<>();
        int end = -1;
        for (int[] span : ordered) {
            if (span[0] >= end) {
                matched.add(original.substring(from[span[0]], to[span[1] - 1]));
                end = span[1];
            }
        }
        return matched;
    }

    private static String fold(int cp) {
        switch (cp) {
            case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF -> {
                return "";
            }
            case 0x2018, 0x2019, 0xFF07 -> {
                return "'";
            }
            case 0x3000 -> {
                return " ";
            }
            default -> {
                String s = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
                return s.toLowerCase(Locale.ROOT);
            }
        }
    }
}
