package dev.kefu.conversation.messaging;

import dev.kefu.conversation.conversation.ConversationService;
import dev.kefu.events.CloudEvent;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.Topics;
import dev.kefu.events.inbound.MarketplaceMessageReceived;
import dev.kefu.platform.messaging.Handled;
import dev.kefu.platform.messaging.UnprocessableEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Domain events that call for a proactive message, and buyer chat from the marketplace. Offsets are committed only
 * after the conversation write completed.
 */
@Component
class ConversationListeners {

    private final ConversationService conversations;

    ConversationListeners(ConversationService conversations) {
        this.conversations = conversations;
    }

    @KafkaListener(topics = {Topics.ORDER_PAID, Topics.SHIPMENT_DELAYED, Topics.COMPLAINT_OPENED, Topics.REVIEW_POSTED})
    void on(ConsumerRecord<String, KefuEvent> record) {
        Handled.await(Mono.defer(() -> conversations.onEvent(CloudEvent.readFrom(record.headers()), record.value())));
    }

    @KafkaListener(topics = Topics.MARKETPLACE_MESSAGES)
    void onBuyerMessage(ConsumerRecord<String, KefuEvent> record) {
        Handled.await(Mono.defer(() -> record.value() instanceof MarketplaceMessageReceived received
                ? conversations.buyerWrote(CloudEvent.readFrom(record.headers()), received)
                : Mono.error(new UnprocessableEventException("not a buyer message: "
                        + CloudEvent.text(record.headers(), CloudEvent.TYPE)))));
    }
}
