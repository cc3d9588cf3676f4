package dev.kefu.conversation.messaging;

import dev.kefu.conversation.search.IndexedMessage;
import dev.kefu.conversation.search.MessageSearch;
import dev.kefu.conversation.search.SearchTerms;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.Topics;
import dev.kefu.events.conversation.MessageOutbound;
import dev.kefu.events.inbound.MarketplaceMessageReceived;
import dev.kefu.platform.messaging.Handled;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Fills the message search from the message topics, in a consumer group of its own (so it reads every partition
 * beside the conversation's listeners, and can be rebuilt by resetting that group): what buyers wrote and every
 * message sent to them. Delivery reports and survey answers are not text to find.
 */
@Component
class MessageSearchListener {

    static final String GROUP = "conversation-search";

    private final MessageSearch search;

    MessageSearchListener(MessageSearch search) {
        this.search = search;
    }

    @KafkaListener(id = "message-search", groupId = GROUP, topics = {Topics.MARKETPLACE_MESSAGES, Topics.MESSAGE_OUTBOUND})
    void on(ConsumerRecord<String, KefuEvent> record) {
        Handled.await(Mono.defer(() -> {
            if (record.value() instanceof MarketplaceMessageReceived in) {
                // the id the conversation gives the buyer's message
                return search.index(new IndexedMessage(in.shopId() + ":" + in.platform() + ":" + in.messageId(),
                        in.shopId(), in.buyerId(), in.orderId(), "BUYER", null, in.text(), in.sentAt(),
                        SearchTerms.of(in.text())));
            }
            if (record.value() instanceof MessageOutbound out) {
                return search.index(new IndexedMessage(out.messageId(), out.shopId(), out.buyerId(), out.orderId(),
                        out.agentId() != null ? "AGENT" : "KEFU", out.agentId(), out.text(), out.createdAt(),
                        SearchTerms.of(out.text())));
            }
            return Mono.empty();
        }));
    }
}
