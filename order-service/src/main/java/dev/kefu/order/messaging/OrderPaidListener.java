package dev.kefu.order.messaging;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.Topics;
import dev.kefu.events.order.OrderPaid;
import dev.kefu.order.customer.CustomerFiles;
import dev.kefu.platform.messaging.Handled;
import dev.kefu.platform.messaging.UnprocessableEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * order-service's own {@code order-paid}, read back in a consumer group of its own ({@value #GROUP}) into the buyer's
 * customer file: the order and the file are two documents, and the event (published once per order through the
 * order's outbox) is what makes the file's count incremental and at-least-once without a transaction.
 */
@Component
class OrderPaidListener {

    static final String GROUP = "order-customer-files";

    private final CustomerFiles files;

    OrderPaidListener(CustomerFiles files) {
        this.files = files;
    }

    @KafkaListener(id = GROUP, groupId = GROUP, topics = Topics.ORDER_PAID)
    void on(ConsumerRecord<String, KefuEvent> record) {
        Handled.await(Mono.defer(() -> record.value() instanceof OrderPaid paid
                ? files.paid(CloudEvent.readFrom(record.headers()), paid)
                : Mono.error(new UnprocessableEventException("not order-paid: "
                + CloudEvent.text(record.headers(), CloudEvent.TYPE)))));
    }
}
