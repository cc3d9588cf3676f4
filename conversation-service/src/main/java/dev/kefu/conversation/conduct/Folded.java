package dev.kefu.conversation.conduct;

import java.text.Normalizer;
import java.util.Locale;

/**
 * A reply folded for matching (NFKC per character: full-width digits and letters become ASCII; lower case; curly
 * apostrophes straight; zero-width characters dropped) that remembers where each folded character came from, so a
 * match is reported as the exact substring of the original reply.
 */
final class Folded {

    final String original;
    final String text;
    private final int[] from;
    private final int[] to;

    private Folded(String original, String text, int[] from, int[] to) {
        this.original = original;
        this.text = text;
        this.from = from;
        this.to = to;
    }

    static Folded of(String original) {
        StringBuilder text = new StringBuilder(original.length());
        int[] from = new int[original.length() * 4 + 4];
        int[] to = new int[from.length];
        for (int i = 0; i < original.length(); ) {
            int cp = original.codePointAt(i);
            int next = i + Character.charCount(cp);
            String folded = fold(cp);
            for (int k = 0; k < folded.length(); k++) {
                if (text.length() == from.length) {
                    from = java.util.Arrays.copyOf(from, from.length * 2);
                    to = java.util.Arrays.copyOf(to, to.length * 2);
                }
                from[text.length()] = i;
                to[text.length()] = next;
                text.append(folded.charAt(k));
            }
            i = next;
        }
        return new Folded(original, text.toString(), from, to);
    }

    /** The original substring that folded to {@code text[start, end)}. */
    String original(int start, int end) {
        return original.substring(from[start], to[end - 1]);
    }

    /** Where in the original the folded position {@code start} begins (to order matches as the reply reads). */
    int originalStart(int start) {
        return from[start];
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
