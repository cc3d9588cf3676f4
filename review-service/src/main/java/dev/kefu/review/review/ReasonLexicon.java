package dev.kefu.review.review;

import dev.kefu.events.review.ReviewPosted.Reason;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the complaint reasons of a review's text (中差评原因: logistics, quality, not as described, service attitude,
 * price) in Chinese, Korean and English, with the word lists of {@code kefu/review-reasons.json}. The text is cut
 * into clauses (at punctuation and at "但/하지만/but"), so praise in one clause does not hide a complaint in the
 * next. A clause gives a reason when it holds one of the reason's complaint phrases ("物流太慢", "배송이 늦",
 * "runs small"), or one of its topics ("快递", "배송", "shipping") together with a negative cue ("慢", "늦", "slow").
 * Praise phrases ("价格不贵", "문제없이", "not bad") are blanked first. English terms match at word starts.
 * Immutable; {@link #with} adds a shop's own complaint phrases.
 */
public final class ReasonLexicon {

    private static final Pattern CLAUSE_BREAK = Pattern.compile(
            "[，,。.！!？?；;、\\n~…]+|但是|但|可是|不过|就是|하지만|그런데|근데|지만|(?<=[가-힣])데\\s|\\bbut\\b|\\bhowever\\b|\\bthough\\b");

    private static final ReasonLexicon STANDARD = load("/kefu/review-reasons.json");

    private final Map<Reason, List<Pattern>> complaints;
    private final Map<Reason, List<Pattern>> topics;
    private final List<Pattern> cues;
    private final List<Pattern> praise;

    private ReasonLexicon(Map<Reason, List<Pattern>> complaints, Map<Reason, List<Pattern>> topics, List<Pattern> cues,
                          List<Pattern> praise) {
        this.complaints = complaints;
        this.topics = topics;
        this.cues = cues;
        this.praise = praise;
    }

    public static ReasonLexicon standard() {
        return STANDARD;
    }

    /** This lexicon plus a shop's own complaint phrases per reason (blank phrases ignored). */
    public ReasonLexicon with(Map<Reason, ? extends Collection<String>> extraComplaints) {
        if (extraComplaints == null || extraComplaints.isEmpty()) {
            return this;
        }
        Map<Reason, List<Pattern>> all = new EnumMap<>(Reason.class);
        complaints.forEach((reason, patterns) -> all.put(reason, new ArrayList<>(patterns)));
        extraComplaints.forEach((reason, phrases) -> phrases.stream().filter(p -> p != null && !p.isBlank())
                .forEach(p -> all.computeIfAbsent(reason, r -> new ArrayList<>()).add(term(p.strip()))));
        all.replaceAll((reason, patterns) -> List.copyOf(patterns));
        return new ReasonLexicon(Map.copyOf(all), topics, cues, praise);
    }

    /** The reasons the text complains about, in {@link Reason} order; none for a blank text. */
    public List<Reason> reasonsOf(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String masked = blank(text.toLowerCase(Locale.ROOT), praise);
        Set<Reason> found = EnumSet.noneOf(Reason.class);
        for (String clause : CLAUSE_BREAK.split(masked)) {
            if (clause.isBlank()) {
                continue;
            }
            boolean negative = any(clause, cues);
            for (Reason reason : Reason.values()) {
                if (any(clause, complaints.getOrDefault(reason, List.of()))
                        || negative && any(clause, topics.getOrDefault(reason, List.of()))) {
                    found.add(reason);
                }
            }
        }
        return List.copyOf(found);
    }

    private static boolean any(String clause, List<Pattern> patterns) {
        for (Pattern p : patterns) {
            if (p.matcher(clause).find()) {
                return true;
            }
        }
        return false;
    }

    private static String blank(String text, List<Pattern> patterns) {
        StringBuilder rest = new StringBuilder(text);
        for (Pattern p : patterns) {
            var m = p.matcher(rest);
            while (m.find()) {
                for (int i = m.start(); i < m.end(); i++) {
                    rest.setCharAt(i, ' ');
                }
            }
        }
        return rest.toString();
    }

    /** A latin term matches at a word start ("deliver" in "delivery"); a CJK or Hangul term anywhere. */
    private static Pattern term(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        boolean latin = lower.chars().allMatch(c -> c < 0x250);
        return Pattern.compile(latin ? "\\b" + Pattern.quote(lower) : Pattern.quote(lower));
    }

    static ReasonLexicon load(String resource) {
        try (InputStream in = ReasonLexicon.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing reason lexicon " + resource);
            }
            JsonNode root = JsonMapper.shared().readTree(in);
            Map<Reason, List<Pattern>> complaints = new EnumMap<>(Reason.class);
            Map<Reason, List<Pattern>> topics = new EnumMap<>(Reason.class);
            for (Reason reason : Reason.values()) {
                JsonNode entry = root.path("reasons").path(reason.name());
                complaints.put(reason, terms(entry.path("complaints")));
                topics.put(reason, terms(entry.path("topics")));
            }
            return new ReasonLexicon(Map.copyOf(complaints), Map.copyOf(topics), terms(root.path("negativeCues")),
                    terms(root.path("praise")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every language's terms, longest first (so the longer phrase blanks its text before a shorter one looks). */
    private static List<Pattern> terms(JsonNode byLanguage) {
        List<String> words = new ArrayList<>();
        for (JsonNode language : byLanguage) {
            for (JsonNode word : language) {
                words.add(word.asString());
            }
        }
        words.sort(Comparator.comparingInt(String::length).reversed());
        return words.stream().map(ReasonLexicon::term).toList();
    }
}
