package dev.kefu.bench.simulate;

import dev.kefu.events.inbound.MarketplaceEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * One buyer's order from its creation to its end, decided up front. Each step is stamped with the time it is sent at,
 * so the story's timestamps move forward with the traffic; {@code after} is the least time since the previous step.
 */
record Story(String orderId, String shopId, List<Step> steps) {

    record Step(Duration after, Function<Instant, MarketplaceEvent> event) {
    }
}
