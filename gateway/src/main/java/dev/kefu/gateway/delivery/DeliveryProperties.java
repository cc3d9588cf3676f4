package dev.kefu.gateway.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * {@code kefu.gateway.delivery.*}: the outbound delivery worker (defaults in the gateway's application.yml).
 *
 * @param enabled                 run the worker (it is idle while no shop has a delivery URL)
 * @param groupId                 its consumer group
 * @param timeout                 one attempt, from connecting to the answer's status
 * @param backoff                 the wait before each retry: {@code backoff.size() + 1} attempts in all
 * @param perShopConcurrency      attempts in flight to one shop at a time
 * @param circuitTimeouts         consecutive timeouts after which a shop's further attempts fail at once (0: never)...
 * @param circuitCooldown         ...for this long (then they are tried again)
 * @param maxPendingPerPartition  records read and not yet settled per partition before the partition is paused
 * @param maxConnections          HTTP connections per delivery host
 */
@ConfigurationProperties("kefu.gateway.delivery")
public record DeliveryProperties(boolean enabled, String groupId, Duration timeout, List<Duration> backoff,
                                 int perShopConcurrency, int circuitTimeouts, Duration circuitCooldown,
                                 int maxPendingPerPartition, int maxConnections) {

    public DeliveryProperties {
        groupId = groupId == null || groupId.isBlank() ? "gateway-delivery" : groupId;
        timeout = positive(timeout == null ? Duration.ofSeconds(10) : timeout, "timeout");
        backoff = backoff == null ? List.of() : List.copyOf(backoff);
        backoff.forEach(d -> positive(d, "backoff"));
        perShopConcurrency = Math.max(1, perShopConcurrency);
        circuitCooldown = circuitCooldown == null ? Duration.ofSeconds(30) : circuitCooldown;
        maxPendingPerPartition = Math.max(1, maxPendingPerPartition);
        maxConnections = Math.max(perShopConcurrency, maxConnections);
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("kefu.gateway.delivery." + name + " must be positive, not " + d);
        }
        return d;
    }
}
