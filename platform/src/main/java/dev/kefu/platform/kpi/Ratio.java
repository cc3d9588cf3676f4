package dev.kefu.platform.kpi;

/**
 * A share with what it is made of, so a figure is never shown without its base: {@code 0.75} of {@code 8} is 6 of 8.
 * {@code value} is null when there is nothing to divide by (no conversations, no bad reviews).
 */
public record Ratio(long count, long of, Double value) {

    public static Ratio of(long count, long of) {
        return new Ratio(count, of, of == 0 ? null : Math.round(count * 10_000.0 / of) / 10_000.0);
    }
}
