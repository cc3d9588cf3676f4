package dev.kefu.gateway.delivery;

import dev.kefu.events.Topics;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When a failed delivery is tried again. {@code backoff} lists the wait before each retry, so a record gets
 * {@code backoff.size() + 1} attempts. Each distinct wait is a tier with its own retry topic: every record in a tier
 * waits exactly that long, so a tier's partitions fall due in order and a consumer only ever waits for its head. A
 * {@code Retry-After} longer than the scheduled wait moves the record to the first tier at least that long.
 */
final class RetrySchedule {

    private final List<Duration> backoff;
    private final List<Duration> tiers;

    RetrySchedule(List<Duration> backoff) {
        this.backoff = List.copyOf(backoff);
        this.tiers = backoff.stream().distinct().sorted().toList();
    }

    int maxAttempts() {
        return backoff.size() + 1;
    }

    /** The scheduled wait after attempt {@code attempt} (1-based) failed; empty after the last one. */
    Optional<Duration> delayAfter(int attempt) {
        return attempt >= 1 && attempt <= backoff.size() ? Optional.of(backoff.get(attempt - 1)) : Optional.empty();
    }

    /** The tier a retry waits in: the shortest at least {@code wanted}, else the longest. */
    Duration tierFor(Duration wanted) {
        for (Duration tier : tiers) {
            if (tier.compareTo(wanted) >= 0) {
                return tier;
            }
        }
        return tiers.get(tiers.size() - 1);
    }

    List<Duration> tiers() {
        return tiers;
    }

    List<String> topics() {
        return tiers.stream().map(Topics::deliveryRetry).toList();
    }

    boolean isRetryTopic(String topic) {
        return topic.startsWith(Topics.DELIVERY_RETRY_PREFIX);
    }

    /** The sum of the waits: how long the schedule runs at least, attempts not counted. */
    Duration span() {
        return backoff.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
