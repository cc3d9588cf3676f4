package dev.kefu.platform.text;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the mood of buyer text (reviews, chat) in Chinese, Korean and English with the customer-service word lists of
 * {@code kefu/sentiment.json}. Longest terms match first and consume their text, so "不满意" is negative and is not also
 * counted as "满意"; English terms match whole words only. Escalation terms (投诉, 12315, 差评, refund...) flag risk.
 */
public final class SentimentLexicon {

    public enum Mood { POSITIVE, NEUTRAL, NEGATIVE }

    /** What the text says: its mood, whether it threatens escalation, and the terms that decided it. */
    public record Reading(Mood mood, boolean escalation, List<String> matched) {
    }

    private record Term(String text, String list, Pattern pattern) {
    }

    private static final SentimentLexicon DEFAULT = load("/kefu/sentiment.json");

    private final List<Term> terms;

    private SentimentLexicon(List<Term> terms) {
        this.terms = terms;
    }

    public static SentimentLexicon standard() {
        return DEFAULT;
    }

    public Reading read(String text) {
        if (text == null || text.isBlank()) {
            return new Reading(Mood.NEUTRAL, false, List.of());
        }
        StringBuilder rest = new StringBuilder(text.toLowerCase(Locale.ROOT));
        int positive = 0;
        int negative = 0;
        boolean escalation = false;
        List<String> matched = new ArrayList<>();
        for (Term term : terms) {
            var m = term.pattern().matcher(rest);
            while (m.find()) {
                matched.add(term.text());
                switch (term.list()) {
                    case "positive" -> positive++;
                    case "negative" -> negative++;
                    default -> {
                        escalation = true;
                        negative++; // threatening a complaint is never a happy message
                    }
                }
                for (int i = m.start(); i < m.end(); i++) {
                    rest.setCharAt(i, ' ');
                }
            }
        }
        Mood mood = negative > positive ? Mood.NEGATIVE : positive > negative ? Mood.POSITIVE : Mood.NEUTRAL;
        return new Reading(mood, escalation, List.copyOf(matched));
    }

    static SentimentLexicon load(String resource) {
        try (InputStream in = SentimentLexicon.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing lexicon " + resource);
            }
            JsonNode root = JsonMapper.shared().readTree(in);
            List<Term> terms = new ArrayList<>();
            for (String list : Set.of("positive", "negative", "escalation")) {
                for (JsonNode language : root.get(list)) {
                    for (JsonNode word : language) {
                        String text = word.asString().toLowerCase(Locale.ROOT);
                        boolean latin = text.chars().allMatch(c -> c < 0x250);
                        String quoted = Pattern.quote(text);
                        terms.add(new Term(text, list, Pattern.compile(latin ? "\\b" + quoted + "\\b" : quoted)));
                    }
                }
            }
            terms.sort(Comparator.comparingInt((Term t) -> t.text().length()).reversed());
            return new SentimentLexicon(List.copyOf(terms));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
