package dev.kefu.gateway.ingest;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.events.webhook.WebhookSignature;
import dev.kefu.platform.testing.TopicProbe;
import dev.kefu.platform.tracing.Traceparent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A webhook's trace goes on in the record it is produced as: the first hop of webhook → services → outbound. */
class WebhookTracingIT extends IngestITSupport {

    @Test
    void theRecordOfAWebhookCarriesTheTraceOfItsRequest() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String id = "msg_traced_" + UUID.randomUUID();
        byte[] body = webhook("order.paid", Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID)
                .put("orderId", "TB-TRACE-" + UUID.randomUUID()));
        String at = Long.toString(Instant.now().getEpochSecond());

        http.post().uri("/webhooks/shop-ingest")
                .contentType(MediaType.APPLICATION_JSON)
                .header(WebhookController.ID, id)
                .header(WebhookController.TIMESTAMP, at)
                .header(WebhookController.SIGNATURE, WebhookSignature.signature(SECRET, id, at, body))
                .header(Traceparent.HEADER, "00-" + traceId + "-00f067aa0ba902b7-01")
                .bodyValue(body)
                .exchange()
                .expectStatus().isAccepted();

        ConsumerRecord<String, byte[]> record = recordOfWebhook(Topics.MARKETPLACE_ORDERS, id);
        assertThat(Traceparent.traceId(TopicProbe.header(record, Traceparent.HEADER))).isEqualTo(traceId);
    }
}
