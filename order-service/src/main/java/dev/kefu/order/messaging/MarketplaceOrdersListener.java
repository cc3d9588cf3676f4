package dev.kefu.order.messaging;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.Topics;
import dev.kefu.events.inbound.MarketplaceOrderEvent;
import dev.kefu.order.order.OrderRuleViolation;
import dev.kefu.order.order.OrderService;
import dev.kefu.platform.messaging.Handled;
import dev.kefu.platform.messaging.UnprocessableEventException;
import dev.kefu.platform.replay.Replay;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Marketplace order input → {@link OrderService}. The offset is committed only after the order write completed. */
@Component
class MarketplaceOrdersListener {

    private final OrderService orders;
    private final Replay replay;

    MarketplaceOrdersListener(OrderService orders, Replay replay) {
        this.orders = orders;
        this.replay = replay;
    }

    @KafkaListener(topics = Topics.MARKETPLACE_ORDERS)
    void on(ConsumerRecord<String, KefuEvent> record) {
        Handled.await(Mono.defer(() -> {
            if (!(record.value() instanceof MarketplaceOrderEvent event)) {
                return Mono.error(new UnprocessableEventException(
                        "not an order event: " + CloudEvent.text(record.headers(), CloudEvent.TYPE)));
            }
            return orders.handle(CloudEvent.readFrom(record.headers()), event, replay.replaying(record));
        }).onErrorMap(OrderRuleViolation.class, e -> new UnprocessableEventException(e.getMessage())));
    }
}
