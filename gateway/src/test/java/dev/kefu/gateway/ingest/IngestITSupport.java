package dev.kefu.gateway.ingest;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.events.webhook.WebhookSignature;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The gateway's webhook ingest against an embedded broker. One context for every ingest IT: the producer takes records
 * up to 64 KiB and the broker up to 32 KiB, so a record refused by either is a few tens of kilobytes, not megabytes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kefu.security.mode=local", "kefu.security.jwt-secret=" + TestTokens.SECRET,
        "kefu.shops.shop-ingest.webhook-secret=" + IngestITSupport.SECRET,
        "kefu.shops.shop-other.webhook-secret=" + IngestITSupport.OTHER_SECRET,
        "kefu.gateway.delivery.enabled=false",
        "kefu.kafka.partitions=1",
        "spring.kafka.producer.properties.max.request.size=" + IngestITSupport.PRODUCER_MAX_REQUEST,
        "spring.kafka.producer.properties.delivery.timeout.ms=20000",
        "spring.kafka.producer.properties.request.timeout.ms=5000"})
@EmbeddedKafka(partitions = 1, brokerProperties = "message.max.bytes=" + IngestITSupport.BROKER_MAX_MESSAGE)
@AutoConfigureWebTestClient
abstract class IngestITSupport {

    static final String SECRET = "whsec_" + "aW5nZXN0LXNlY3JldC1mb3ItdGhlLXRlc3Qtc2hvcA==";
    static final String OTHER_SECRET = "whsec_" + "YW5vdGhlci1zaG9wcy1zZWNyZXQtZm9yLXRlc3Rz";
    static final int PRODUCER_MAX_REQUEST = 64 * 1024;
    static final int BROKER_MAX_MESSAGE = 32 * 1024;
    static final Duration WAIT = Duration.ofSeconds(20);

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Autowired
    WebTestClient client;

    WebTestClient http;

    @BeforeEach
    void patientClient() {
        // The first webhook of a run waits for the producer's metadata and the topic: more than the default 5 s on a
        // loaded 2-core machine. A 503 or 413 still comes as an answer, never as a client timeout.
        http = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    WebTestClient.ResponseSpec signed(String shop, String id, byte[] body) {
        return signed(shop, id, body, SECRET, Instant.now().getEpochSecond());
    }

    WebTestClient.ResponseSpec signed(String shop, String id, byte[] body, String secret, long timestamp) {
        String at = Long.toString(timestamp);
        return http.post().uri("/webhooks/" + shop)
                .contentType(MediaType.APPLICATION_JSON)
                .header(WebhookController.ID, id)
                .header(WebhookController.TIMESTAMP, at)
                .header(WebhookController.SIGNATURE, WebhookSignature.signature(secret, id, at, body))
                .bodyValue(body)
                .exchange();
    }

    /** The event id of an accepted webhook, from its 202. */
    String accepted(String shop, String id, byte[] body) {
        return signed(shop, id, body).expectStatus().isAccepted()
                .expectBody(WebhookController.Accepted.class).returnResult().getResponseBody().eventId();
    }

    ConsumerRecord<String, byte[]> record(String topic, String eventId) {
        return TopicProbe.await(kafka, topic, WAIT, r -> eventId.equals(TopicProbe.header(r, CloudEvent.ID)));
    }

    /** The first record on {@code topic} of the webhook {@code webhookId} (whatever its body hash). */
    ConsumerRecord<String, byte[]> recordOfWebhook(String topic, String webhookId) {
        return TopicProbe.await(kafka, topic, WAIT,
                r -> TopicProbe.header(r, CloudEvent.ID).startsWith(webhookId + ":"));
    }

    /** The event ids of every record on {@code topic} whose id starts with {@code webhookId}, after a settling wait. */
    List<String> eventIdsOf(String topic, String webhookId) {
        return TopicProbe.all(kafka, topic, Duration.ofSeconds(2)).stream()
                .map(r -> TopicProbe.header(r, CloudEvent.ID))
                .filter(id -> id.startsWith(webhookId + ":"))
                .toList();
    }

    static String text(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    static byte[] webhook(String type, ObjectNode data) {
        ObjectNode root = EventJson.mapper().createObjectNode();
        root.put("type", type);
        root.put("timestamp", "2026-11-23T08:15:31Z");
        root.set("data", data);
        return EventJson.mapper().writeValueAsBytes(root);
    }
}
