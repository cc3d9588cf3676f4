package dev.kefu.order.order;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.inbound.MarketplaceOrderEvent;
import dev.kefu.platform.messaging.EventMetrics;
import dev.kefu.platform.outbox.OutboxEntry;
import dev.kefu.platform.outbox.OutboxRelay;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/** Applies marketplace input to orders, exactly once per event id, and hands the resulting events to the outbox. */
@Service
public class OrderService {

    static final String SOURCE = "/order-service";
    private final OrderRepository orders;
    private final OutboxRelay outbox;
    private final EventMetrics metrics;
    private final Clock clock;

    public OrderService(OrderRepository orders, OutboxRelay outbox, EventMetrics metrics, Clock clock) {
        this.orders = orders;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Mono<Void> handle(CloudEvent attributes, MarketplaceOrderEvent event) {
        Order fresh = Order.firstSeen(event);
        return orders.findById(fresh.id())
                .defaultIfEmpty(OrderDocument.empty(fresh))
                .flatMap(stored -> {
                    if (stored.hasApplied(attributes.id())) {
                        metrics.consumed(attributes.type(), true);
                        return Mono.empty();
                    }
                    Order order = Order.restore(stored.order());
                    List<KefuEvent> caused = order.apply(event);
                    metrics.consumed(attributes.type(), false);
                    return save(stored.next(order, attributes.id(), OutboxEntry.allOf(caused, SOURCE, clock.instant())));
                });
    }

    /** Reports every order that is now late (see {@link Order#checkDelays}). */
    public Mono<Long> checkDelays(Duration stallAfter) {
        var now = clock.instant();
        return orders.findByOrder_StatusInAndOrder_DelayReportedIsNullAndOrder_PaidAtBefore(
                        EnumSet.of(OrderStatus.PAID, OrderStatus.SHIPPED), now)
                .concatMap(stored -> {
                    Order order = Order.restore(stored.order());
                    List<KefuEvent> caused = order.checkDelays(now, stallAfter);
                    return caused.isEmpty() ? Mono.<Long>empty()
                            : save(stored.next(order, null, OutboxEntry.allOf(caused, SOURCE, clock.instant()))).thenReturn(1L)
                            // a concurrent write to this order (a listener, another replica): the next check retries it
                            .onErrorResume(OptimisticLockingFailureException.class, e -> Mono.empty());
                })
                .count();
    }

    public Flux<Order.Snapshot> ordersOf(String shopId, String buyerId) {
        return orders.findByOrder_ShopIdAndOrder_BuyerIdOrderByOrder_CreatedAtDesc(shopId, buyerId)
                .map(OrderDocument::order);
    }

    public Mono<Order.Snapshot> order(String shopId, String orderId) {
        return orders.findById(shopId + ":" + orderId).map(OrderDocument::order);
    }

    private Mono<Void> save(OrderDocument next) {
        return orders.save(next).flatMap(saved -> outbox.publishSoon(OrderDocument.COLLECTION, saved.id(), saved.outbox()));
    }
}
