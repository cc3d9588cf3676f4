package dev.kefu.order.reminder;

import dev.kefu.order.order.OrderService;
import dev.kefu.platform.due.DueHandler;
import dev.kefu.platform.due.DueItem;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Instant;

/**
 * 催付: looks at an unpaid order when its payment reminder is due, so customer service can ask kindly whether paying
 * ran into a problem ("亲，付款遇到什么问题了吗？") while the buyer still cares. Paid or closed orders are left alone.
 */
@Component
class PaymentReminderWatch implements DueHandler {

    private final OrderService orders;

    PaymentReminderWatch(OrderService orders) {
        this.orders = orders;
    }

    @Override
    public String queue() {
        return OrderService.PAYMENT_REMINDER;
    }

    @Override
    public Mono<Instant> handle(DueItem item) {
        return orders.remindOfPayment(item);
    }
}
