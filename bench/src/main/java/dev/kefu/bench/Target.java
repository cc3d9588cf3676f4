package dev.kefu.bench;

import java.util.Locale;

/** What the issue asks of a figure, judged on the medians. */
public sealed interface Target {

    /** PASS, FAIL, or "-" when the figure has no target or could not be measured. */
    String verdict(double kefu, double baseline);

    String describe();

    /** Kefu / baseline at least {@code min}. */
    record RatioAtLeast(double min) implements Target {
        public String verdict(double kefu, double baseline) {
            return judge(kefu / baseline >= min, kefu / baseline);
        }

        public String describe() {
            return String.format(Locale.ROOT, "ratio ≥ %.2f", min);
        }
    }

    /** Kefu / baseline at most {@code max}. */
    record RatioAtMost(double max) implements Target {
        public String verdict(double kefu, double baseline) {
            return judge(kefu / baseline <= max, kefu / baseline);
        }

        public String describe() {
            return String.format(Locale.ROOT, "ratio ≤ %.2f", max);
        }
    }

    /** Kefu's own value below {@code limit} (the baseline is context). */
    record Below(double limit, String unit) implements Target {
        public String verdict(double kefu, double baseline) {
            return judge(kefu < limit, kefu);
        }

        public String describe() {
            return String.format(Locale.ROOT, "< %s %s", Report.number(limit), unit);
        }
    }

    record None() implements Target {
        public String verdict(double kefu, double baseline) {
            return "-";
        }

        public String describe() {
            return "-";
        }
    }

    private static String judge(boolean ok, double value) {
        return Double.isNaN(value) ? "-" : ok ? "PASS" : "FAIL";
    }
}
