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
import dev.kefu.platform.tracing.Traceparent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;

/**
 * Marketplace order input → {@link OrderService}, a poll batch at a time: in bulk up to the first record that must be
 * applied alone (one that is not an order event, one being replayed), then those one by one (see
 * {@link Handled#awaitBatch}). Offsets are committed only after the order writes completed.
 */
@Component
class MarketplaceOrdersListener {

    private final OrderService orders;
    private final Replay replay;

    MarketplaceOrdersListener(OrderService orders, Replay replay) {
        this.orders = orders;
        this.replay = replay;
    }

    @KafkaListener(topics = Topics.MARKETPLACE_ORDERS, batch = "true")
    void on(List<ConsumerRecord<String, KefuEvent>> records) {
        Handled.awaitBatch(records, this::inBulk, this::alone);
    }

    private Mono<Integer> inBulk(List<ConsumerRecord<String, KefuEvent>> records) {
        List<OrderService.Input> inputs = new ArrayList<>();
        for (ConsumerRecord<String, KefuEvent> record : records) {
            if (!(record.value() instanceof MarketplaceOrderEvent event) || replay.replaying(record)) {
                break;
            }
            inputs.add(new OrderService.Input(CloudEvent.readFrom(record.headers()), event,
                    Traceparent.of(record.headers())));
        }
        return orders.handleAll(inputs);
    }

    private Mono<Void> alone(ConsumerRecord<String, KefuEvent> record) {
        return Mono.defer(() -> {
            if (!(record.value() instanceof MarketplaceOrderEvent event)) {
                return Mono.<Void>error(Handled.unreadable(record, () -> new UnprocessableEventException(
                        "not an order event: " + CloudEvent.text(record.headers(), CloudEvent.TYPE))));
            }
            return orders.handle(CloudEvent.readFrom(record.headers()), event, replay.replaying(record));
        }).onErrorMap(OrderRuleViolation.class, e -> new UnprocessableEventException(e.getMessage()));
    }
}
