package dev.kefu.aftersales.messaging;

import dev.kefu.aftersales.cases.CaseService;
import dev.kefu.events.CloudEvent;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.Topics;
import dev.kefu.events.order.ShipmentDelayed;
import dev.kefu.events.review.ReviewPosted;
import dev.kefu.platform.messaging.Handled;
import dev.kefu.platform.messaging.UnprocessableEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The causes Kefu opens a case for by itself, in a consumer group of its own ({@value #GROUP}), apart from the
 * refund requests': a delayed parcel (LOGISTICS case) and a bad review (REVIEW_RECOVERY case), each once per cause
 * (docs/desk.md, "Cases Kefu opens by itself"). The offset is committed only after the case write completed.
 */
@Component
class CaseCausesListener {

    static final String GROUP = "aftersales-case-causes";

    private final CaseService cases;

    CaseCausesListener(CaseService cases) {
        this.cases = cases;
    }

    @KafkaListener(id = GROUP, groupId = GROUP, topics = {Topics.SHIPMENT_DELAYED, Topics.REVIEW_POSTED})
    void on(ConsumerRecord<String, KefuEvent> record) {
        Handled.await(Mono.defer(() -> {
            KefuEvent event = record.value();
            if (event instanceof ShipmentDelayed delayed) {
                return cases.handle(CloudEvent.readFrom(record.headers()), delayed);
            }
            if (event instanceof ReviewPosted review) {
                return cases.handle(CloudEvent.readFrom(record.headers()), review);
            }
            return Mono.error(new UnprocessableEventException("unexpected "
                    + CloudEvent.text(record.headers(), CloudEvent.TYPE) + " on " + record.topic()));
        }));
    }
}
