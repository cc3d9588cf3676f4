package dev.kefu.order.delay;

import dev.kefu.order.order.OrderService;
import dev.kefu.platform.due.DueHandler;
import dev.kefu.platform.due.DueItem;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Instant;

/**
 * Looks at an order when it could be late (its ship-by time, or the end of a quiet period in tracking), so customer
 * service can apologise before the buyer asks. Orders that cannot be late are never looked at.
 */
@Component
class DelayWatch implements DueHandler {

    private final OrderService orders;

    DelayWatch(OrderService orders) {
        this.orders = orders;
    }

    @Override
    public String queue() {
        return OrderService.DELAY_CHECK;
    }

    @Override
    public Mono<Instant> handle(DueItem item) {
        return orders.checkDelay(item);
    }
}
