package dev.kefu.order.config;

import dev.kefu.order.order.OrderDocument;
import dev.kefu.order.order.OrderService;
import dev.kefu.platform.due.DueHandler;
import dev.kefu.platform.outbox.OutboxCollection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OrderConfig {

    @Bean
    OutboxCollection ordersOutbox() {
        return new OutboxCollection(OrderDocument.COLLECTION);
    }

    /**
     * Looks at an order when it could be late (its ship-by time, or the end of a quiet period in tracking), so customer
     * service can apologise before the buyer asks. Orders that cannot be late are never looked at.
     */
    @Bean
    DueHandler delayWatch(OrderService orders) {
        return DueHandler.of(OrderService.DELAY_CHECK, orders::checkDelay);
    }

    /**
     * 催付: looks at an unpaid order when its payment reminder is due, so customer service can ask kindly whether paying
     * ran into a problem ("亲，付款遇到什么问题了吗？") while the buyer still cares. Paid or closed orders are left alone.
     */
    @Bean
    DueHandler paymentReminderWatch(OrderService orders) {
        return DueHandler.of(OrderService.PAYMENT_REMINDER, orders::remindOfPayment);
    }
}
