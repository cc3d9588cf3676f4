package dev.kefu.aftersales.messaging;

import dev.kefu.aftersales.cases.CaseRuleViolation;
import dev.kefu.aftersales.cases.CaseService;
import dev.kefu.events.CloudEvent;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.Topics;
import dev.kefu.events.inbound.MarketplaceRefundAgreed;
import dev.kefu.events.inbound.MarketplaceRefundClosed;
import dev.kefu.events.inbound.MarketplaceRefundCompleted;
import dev.kefu.events.inbound.MarketplaceRefundRefused;
import dev.kefu.events.inbound.MarketplaceRefundRequested;
import dev.kefu.events.inbound.MarketplaceReturnShipped;
import dev.kefu.platform.messaging.Handled;
import dev.kefu.platform.messaging.UnprocessableEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The marketplace's refund requests and their later steps → {@link CaseService}; a step the case refuses goes to the dead letters with the reason. The offset is committed only after the case write completed. */
@Component
class MarketplaceRefundsListener {

    private final CaseService cases;

    MarketplaceRefundsListener(CaseService cases) {
        this.cases = cases;
    }

    @KafkaListener(topics = Topics.MARKETPLACE_REFUNDS)
    void on(ConsumerRecord<String, KefuEvent> record) {
        Handled.await(Mono.defer(() -> {
            CloudEvent attributes = CloudEvent.readFrom(record.headers());
            KefuEvent event = record.value();
            if (event instanceof MarketplaceRefundRequested requested) {
                return cases.handle(attributes, requested);
            } else if (event instanceof MarketplaceRefundAgreed agreed) {
                return cases.handle(attributes, agreed);
            } else if (event instanceof MarketplaceReturnShipped shipped) {
                return cases.handle(attributes, shipped);
            } else if (event instanceof MarketplaceRefundCompleted completed) {
                return cases.handle(attributes, completed);
            } else if (event instanceof MarketplaceRefundRefused refused) {
                return cases.handle(attributes, refused);
            } else if (event instanceof MarketplaceRefundClosed closed) {
                return cases.handle(attributes, closed);
            }
            return Mono.<Void>error(new UnprocessableEventException(
                    "not a refund step: " + CloudEvent.text(record.headers(), CloudEvent.TYPE)));
        }).onErrorMap(CaseRuleViolation.class, e -> new UnprocessableEventException(e.getMessage())));
    }
}
