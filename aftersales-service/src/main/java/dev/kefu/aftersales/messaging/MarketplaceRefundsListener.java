package dev.kefu.aftersales.messaging;

import dev.kefu.aftersales.cases.CaseRuleViolation;
import dev.kefu.aftersales.cases.CaseService;
import dev.kefu.events.CloudEvent;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.Topics;
import dev.kefu.events.inbound.MarketplaceRefundRequested;
import dev.kefu.platform.messaging.Handled;
import dev.kefu.platform.messaging.UnprocessableEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Marketplace refund requests → {@link CaseService}. The offset is committed only after the case write completed. */
@Component
class MarketplaceRefundsListener {

    private final CaseService cases;

    MarketplaceRefundsListener(CaseService cases) {
        this.cases = cases;
    }

    @KafkaListener(topics = Topics.MARKETPLACE_REFUNDS)
    void on(ConsumerRecord<String, KefuEvent> record) {
        Handled.await(Mono.defer(() -> {
            if (!(record.value() instanceof MarketplaceRefundRequested refund)) {
                return Mono.error(new UnprocessableEventException(
                        "not a refund request: " + CloudEvent.text(record.headers(), CloudEvent.TYPE)));
            }
            return cases.handle(CloudEvent.readFrom(record.headers()), refund);
        }).onErrorMap(CaseRuleViolation.class, e -> new UnprocessableEventException(e.getMessage())));
    }
}
