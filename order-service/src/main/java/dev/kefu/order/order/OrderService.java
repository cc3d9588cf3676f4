package dev.kefu.order.order;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.inbound.MarketplaceOrderEvent;
import dev.kefu.platform.due.DueWork;
import dev.kefu.platform.messaging.EventMetrics;
import dev.kefu.platform.outbox.OutboxEntry;
import dev.kefu.platform.outbox.OutboxRelay;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Applies marketplace input to orders, exactly once per event id, and hands the resulting events to the outbox.
 * An order that can run late has a due item on {@value #DELAY_CHECK} at the time it could next be late, so the delay
 * check looks at those orders only, at that time.
 */
@Service
public class OrderService {

    public static final String DELAY_CHECK = "order.delay-check";
    static final String SOURCE = "/order-service";
    private final OrderRepository orders;
    private final OutboxRelay outbox;
    private final DueWork due;
    private final EventMetrics metrics;
    private final Clock clock;
    private final Duration stallAfter;

    public OrderService(OrderRepository orders, OutboxRelay outbox, DueWork due, EventMetrics metrics, Clock clock,
                        @Value("${kefu.orders.tracking-stall-after}") Duration stallAfter) {
        this.orders = orders;
        this.outbox = outbox;
        this.due = due;
        this.metrics = metrics;
        this.clock = clock;
        this.stallAfter = stallAfter;
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
                    Optional<Instant> checkBefore = stored.version() == null ? Optional.empty()
                            : order.nextDelayCheck(stallAfter);
                    List<KefuEvent> caused = order.apply(event);
                    metrics.consumed(attributes.type(), false);
                    return scheduleDelayCheck(order, checkBefore)
                            .then(save(stored.next(order, attributes.id(), OutboxEntry.allOf(caused, SOURCE, clock.instant()))));
                });
    }

    /**
     * A due delay check: reports the order if it is late now (see {@link Order#checkDelays}) and answers when it
     * should be looked at next (empty: never again unless new input says so).
     */
    public Mono<Instant> checkDelay(String id) {
        return orders.findById(id).flatMap(stored -> {
            Order order = Order.restore(stored.order());
            List<KefuEvent> caused = order.checkDelays(clock.instant(), stallAfter);
            Mono<Void> saved = caused.isEmpty() ? Mono.empty()
                    : save(stored.next(order, null, OutboxEntry.allOf(caused, SOURCE, clock.instant())));
            return saved.then(Mono.justOrEmpty(order.nextDelayCheck(stallAfter)));
        });
    }

    public Flux<Order.Snapshot> ordersOf(String shopId, String buyerId) {
        return orders.findByOrder_ShopIdAndOrder_BuyerIdOrderByOrder_CreatedAtDesc(shopId, buyerId)
                .map(OrderDocument::order);
    }

    public Mono<Order.Snapshot> order(String shopId, String orderId) {
        return orders.findById(shopId + ":" + orderId).map(OrderDocument::order);
    }

    /**
     * Before the order is written (so a crash in between cannot lose it): a check at the order's next possible delay,
     * unless one at least as early is already pending. A later one would come due early and be moved on by
     * {@link #checkDelay}, so input that only postpones the next check (a new carrier scan) costs no write here.
     */
    private Mono<Long> scheduleDelayCheck(Order order, Optional<Instant> pending) {
        return Mono.justOrEmpty(order.nextDelayCheck(stallAfter))
                .filter(next -> pending.isEmpty() || next.isBefore(pending.get()))
                .flatMap(next -> due.schedule(DELAY_CHECK, order.id(), next));
    }

    private Mono<Void> save(OrderDocument next) {
        return outbox.write(OrderDocument.COLLECTION, next.id(), next.outbox(), orders.save(next)).then();
    }
}
