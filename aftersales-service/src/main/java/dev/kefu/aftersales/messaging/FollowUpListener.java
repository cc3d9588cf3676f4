package dev.kefu.aftersales.messaging;

import dev.kefu.aftersales.cases.FollowUpService;
import dev.kefu.events.CloudEvent;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.Topics;
import dev.kefu.events.conversation.MessageOutbound;
import dev.kefu.events.inbound.MarketplaceCsatReceived;
import dev.kefu.events.inbound.MarketplaceMessageReceived;
import dev.kefu.platform.messaging.Handled;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Follow-up visits and satisfaction from the message topics, in a consumer group of its own ({@value #GROUP}): these
 * topics carry every chat message of every shop, so their lag and rebalances stay apart from the refund requests'.
 * The satisfaction survey sent (message-outbound), and the buyer's answers (message.received that is only a score,
 * csat.received); delivery reports and every other message change nothing. Offsets are committed after the write.
 */
@Component
class FollowUpListener {

    static final String GROUP = "aftersales-follow-up";

    private final FollowUpService followUps;

    FollowUpListener(FollowUpService followUps) {
        this.followUps = followUps;
    }

    @KafkaListener(id = GROUP, groupId = GROUP, topics = {Topics.MESSAGE_OUTBOUND, Topics.MARKETPLACE_MESSAGES})
    void on(ConsumerRecord<String, KefuEvent> record) {
        Handled.await(Mono.defer(() -> {
            KefuEvent event = record.value();
            if (event instanceof MessageOutbound outbound && FollowUpService.SURVEY_SCRIPT.equals(outbound.scriptKey())) {
                return followUps.surveySent(CloudEvent.readFrom(record.headers()), outbound);
            }
            if (event instanceof MarketplaceMessageReceived received) {
                return followUps.buyerWrote(CloudEvent.readFrom(record.headers()), received);
            }
            if (event instanceof MarketplaceCsatReceived csat) {
                return followUps.csatReceived(CloudEvent.readFrom(record.headers()), csat);
            }
            return Mono.empty(); // other messages out, delivery reports
        }));
    }
}
