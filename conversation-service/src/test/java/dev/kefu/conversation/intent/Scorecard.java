package dev.kefu.conversation.intent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Precision, recall and F1 per intent of the classifier over a labelled set, and the report of them. */
final class Scorecard {

    /** One labelled buyer message. */
    record Example(int line, String language, Set<Intent> expected, String text) {
    }

    record Counts(int tp, int fp, int fn, int support) {
        double precision() {
            return tp + fp == 0 ? (fn == 0 ? 1 : 0) : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 1 : (double) tp / (tp + fn);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    record Miss(Example example, List<Intent> predicted) {
    }

    final List<Example> examples;
    final Map<Intent, Counts> perIntent = new EnumMap<>(Intent.class);
    final Map<String, Integer> perLanguage = new TreeMap<>();
    final Map<String, Integer> exactPerLanguage = new TreeMap<>();
    final List<Miss> misses = new ArrayList<>();

    Scorecard(IntentClassifier classifier, List<Example> examples) {
        this.examples = examples;
        Map<Intent, int[]> c = new EnumMap<>(Intent.class);
        for (Intent i : Intent.values()) {
            c.put(i, new int[4]);
        }
        for (Example e : examples) {
            List<Intent> predicted = classifier.classify(e.text());
            Set<Intent> got = predicted.isEmpty() ? EnumSet.noneOf(Intent.class) : EnumSet.copyOf(predicted);
            for (Intent i : Intent.values()) {
                int[] k = c.get(i);
                boolean want = e.expected().contains(i);
                boolean has = got.contains(i);
                if (want && has) {
                    k[0]++;
                } else if (has) {
                    k[1]++;
                } else if (want) {
                    k[2]++;
                }
                if (want) {
                    k[3]++;
                }
            }
            perLanguage.merge(e.language(), 1, Integer::sum);
            if (got.equals(e.expected())) {
                exactPerLanguage.merge(e.language(), 1, Integer::sum);
            } else {
                misses.add(new Miss(e, predicted));
            }
        }
        c.forEach((i, k) -> perIntent.put(i, new Counts(k[0], k[1], k[2], k[3])));
    }

    /** Mean F1 over the ten intents that are not {@link Intent#OTHER}. */
    double macroF1() {
        return perIntent.entrySet().stream().filter(e -> e.getKey() != Intent.OTHER)
                .mapToDouble(e -> e.getValue().f1()).average().orElse(0);
    }

    String markdown(String title) {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(title).append("\n\n");
        md.append("| intent | support | precision | recall | F1 |\n|---|---:|---:|---:|---:|\n");
        perIntent.forEach((intent, k) -> md.append(String.format(Locale.ROOT, "| %s%s | %d | %.3f | %.3f | %.3f |%n",
                intent, intent == Intent.OTHER ? " (not in macro)" : "", k.support(), k.precision(), k.recall(), k.f1())));
        md.append(String.format(Locale.ROOT, "%n**macro-F1 (10 intents, OTHER excluded): %.3f**%n%n", macroF1()));
        md.append("| language | messages | exactly right |\n|---|---:|---:|\n");
        perLanguage.forEach((language, n) -> md.append(String.format(Locale.ROOT, "| %s | %d | %d (%.0f%%) |%n",
                language, n, exactPerLanguage.getOrDefault(language, 0),
                100.0 * exactPerLanguage.getOrDefault(language, 0) / n)));
        md.append(String.format(Locale.ROOT, "| all | %d | %d |%n%n", examples.size(),
                exactPerLanguage.values().stream().mapToInt(Integer::intValue).sum()));
        if (!misses.isEmpty()) {
            md.append("Messages not exactly right (expected → predicted):\n\n");
            for (Miss miss : misses) {
                md.append("- `").append(miss.example().language()).append("` ").append(miss.example().text())
                        .append(" — ").append(names(miss.example().expected())).append(" → ")
                        .append(miss.predicted().stream().map(Enum::name).collect(Collectors.joining(",")))
                        .append('\n');
            }
            md.append('\n');
        }
        return md.toString();
    }

    static List<Example> load(String resource) {
        try (InputStream in = Scorecard.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            List<Example> examples = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = reader.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#") || line.startsWith("language\t")) {
                    continue;
                }
                String[] cols = line.split("\t", 3);
                if (cols.length != 3) {
                    throw new IllegalStateException(resource + ":" + n + " needs 3 tab-separated columns");
                }
                Set<Intent> expected = EnumSet.noneOf(Intent.class);
                Arrays.stream(cols[1].split(",")).map(String::strip).map(Intent::valueOf).forEach(expected::add);
                examples.add(new Example(n, cols[0], expected, cols[2]));
            }
            return List.copyOf(examples);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<Intent, Long> examplesPerIntent(List<Example> examples) {
        Map<Intent, Long> counts = new LinkedHashMap<>();
        for (Intent i : Intent.values()) {
            counts.put(i, examples.stream().filter(e -> e.expected().contains(i)).count());
        }
        return counts;
    }

    private static String names(Set<Intent> intents) {
        return intents.stream().map(Enum::name).collect(Collectors.joining(","));
    }
}
