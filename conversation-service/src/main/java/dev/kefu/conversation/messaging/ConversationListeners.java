package dev.kefu.conversation.messaging;

import dev.kefu.conversation.conversation.ConversationService;
import dev.kefu.conversation.summary.WorkSummaries;
import dev.kefu.events.CloudEvent;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.Topics;
import dev.kefu.events.inbound.MarketplaceCsatReceived;
import dev.kefu.events.inbound.MarketplaceMessageDelivered;
import dev.kefu.events.inbound.MarketplaceMessageFailed;
import dev.kefu.events.inbound.MarketplaceMessageReceived;
import dev.kefu.events.inbound.MarketplaceOrderEvent;
import dev.kefu.platform.messaging.Handled;
import dev.kefu.platform.messaging.UnprocessableEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;

/**
 * Domain events that call for a proactive message, buyer chat and delivery reports from the marketplace, and the
 * marketplace's order input (the context replies are filled from). Offsets are committed only after the write completed.
 */
@Component
class ConversationListeners {

    private final ConversationService conversations;
    private final WorkSummaries summaries;

    ConversationListeners(ConversationService conversations, WorkSummaries summaries) {
        this.conversations = conversations;
        this.summaries = summaries;
    }

    @KafkaListener(topics = {Topics.ORDER_PAID, Topics.SHIPMENT_DELAYED, Topics.COMPLAINT_OPENED, Topics.REVIEW_POSTED,
            Topics.PAYMENT_REMINDER_DUE, Topics.CASE_RESOLVED})
    void on(ConsumerRecord<String, KefuEvent> record) {
        Handled.await(Mono.defer(() -> conversations.onEvent(CloudEvent.readFrom(record.headers()), record.value())));
    }

    @KafkaListener(topics = Topics.MARKETPLACE_MESSAGES)
    void onMarketplaceMessage(ConsumerRecord<String, KefuEvent> record) {
        Handled.await(Mono.defer(() -> {
            KefuEvent event = record.value();
            if (event instanceof MarketplaceMessageReceived received) {
                return conversations.buyerWrote(CloudEvent.readFrom(record.headers()), received)
                        .then(summaries.buyerWrote(received.shopId(), received.sentAt()));
            }
            if (event instanceof MarketplaceMessageDelivered delivered) {
                return conversations.delivered(delivered);
            }
            if (event instanceof MarketplaceMessageFailed failed) {
                return conversations.failed(failed);
            }
            if (event instanceof MarketplaceCsatReceived) {
                return Mono.empty(); // the survey answer belongs to the after-sales case it follows up
            }
            return Mono.error(unexpected(record));
        }));
    }

    /** A poll batch at a time: in bulk up to a record that must be applied alone (see {@link Handled#awaitBatch}). */
    @KafkaListener(topics = Topics.MARKETPLACE_ORDERS, batch = "true")
    void onOrderInput(List<ConsumerRecord<String, KefuEvent>> records) {
        Handled.awaitBatch(records, batch -> {
            List<MarketplaceOrderEvent> events = new ArrayList<>();
            for (ConsumerRecord<String, KefuEvent> record : batch) {
                if (!(record.value() instanceof MarketplaceOrderEvent event)) {
                    break;
                }
                events.add(event);
            }
            return conversations.orderInputs(events);
        }, record -> record.value() instanceof MarketplaceOrderEvent event
                ? conversations.orderInput(CloudEvent.readFrom(record.headers()), event)
                : Mono.error(Handled.unreadable(record, () -> unexpected(record))));
    }

    private static UnprocessableEventException unexpected(ConsumerRecord<String, KefuEvent> record) {
        return new UnprocessableEventException("unexpected " + CloudEvent.text(record.headers(), CloudEvent.TYPE)
                + " on " + record.topic());
    }
}
