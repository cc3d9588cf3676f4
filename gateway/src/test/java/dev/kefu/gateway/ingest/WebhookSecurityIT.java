package dev.kefu.gateway.ingest;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.events.webhook.WebhookSignature;
import dev.kefu.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an attacker or a broken integration can send to {@code POST /webhooks/{shopId}}, and that none of it reaches
 * Kafka (or reaches it only as the contract allows): docs/reliability.md, "Ingest", lists each case.
 */
class WebhookSecurityIT extends IngestITSupport {

    private final byte[] paid = webhook("order.paid", Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID));

    @Test
    void missingOrMalformedSignatureHeadersAreRefused() {
        String id = "msg_headers_" + UUID.randomUUID();
        String now = Long.toString(Instant.now().getEpochSecond());
        http.post().uri("/webhooks/shop-ingest").contentType(MediaType.APPLICATION_JSON).bodyValue(paid)
                .exchange().expectStatus().isUnauthorized();
        http.post().uri("/webhooks/shop-ingest").header(WebhookController.ID, id)
                .header(WebhookController.TIMESTAMP, now).bodyValue(paid)
                .exchange().expectStatus().isUnauthorized();
        for (String signature : List.of("v1,not-base64!", "v2," + WebhookSignature.signature(SECRET, id, now, paid)
                .substring(3), "", WebhookSignature.signature(SECRET, id, now, paid).substring(3))) {
            http.post().uri("/webhooks/shop-ingest").header(WebhookController.ID, id)
                    .header(WebhookController.TIMESTAMP, now).header(WebhookController.SIGNATURE, signature)
                    .bodyValue(paid).exchange().expectStatus().isUnauthorized();
        }
        http.post().uri("/webhooks/shop-ingest").header(WebhookController.ID, id)
                .header(WebhookController.TIMESTAMP, "yesterday")
                .header(WebhookController.SIGNATURE, WebhookSignature.signature(SECRET, id, "yesterday", paid))
                .bodyValue(paid).exchange().expectStatus().isUnauthorized();

        assertThat(eventIdsOf(Topics.MARKETPLACE_ORDERS, id)).isEmpty();
    }

    @Test
    void aTamperedOrForgedSignatureAndAnotherShopsSecretAreRefused() {
        String tampered = "msg_tampered_" + UUID.randomUUID();
        String at = Long.toString(Instant.now().getEpochSecond());
        byte[] changed = new String(paid, StandardCharsets.UTF_8).replace("199.00", "0.01").getBytes(StandardCharsets.UTF_8);
        http.post().uri("/webhooks/shop-ingest").contentType(MediaType.APPLICATION_JSON)
                .header(WebhookController.ID, tampered).header(WebhookController.TIMESTAMP, at)
                .header(WebhookController.SIGNATURE, WebhookSignature.signature(SECRET, tampered, at, paid))
                .bodyValue(changed).exchange().expectStatus().isUnauthorized();
        String forged = "msg_forged_" + UUID.randomUUID();
        signed("shop-ingest", forged, paid,
                "whsec_" + Base64.getEncoder().encodeToString("not the shop's key at all".getBytes()),
                Instant.now().getEpochSecond()).expectStatus().isUnauthorized();
        String crossShop = "msg_cross_" + UUID.randomUUID();
        signed("shop-ingest", crossShop, paid, OTHER_SECRET, Instant.now().getEpochSecond())
                .expectStatus().isUnauthorized();
        // the signature covers the id: a valid signature does not carry over to another webhook-id
        String original = "msg_original_" + UUID.randomUUID();
        String moved = "msg_moved_" + UUID.randomUUID();
        http.post().uri("/webhooks/shop-ingest").contentType(MediaType.APPLICATION_JSON)
                .header(WebhookController.ID, moved).header(WebhookController.TIMESTAMP, at)
                .header(WebhookController.SIGNATURE, WebhookSignature.signature(SECRET, original, at, paid))
                .bodyValue(paid).exchange().expectStatus().isUnauthorized();

        assertThat(TopicProbe.all(kafka, Topics.MARKETPLACE_ORDERS, Duration.ofSeconds(2)))
                .extracting(r -> TopicProbe.header(r, CloudEvent.ID))
                .noneMatch(id -> id.startsWith(tampered) || id.startsWith(forged) || id.startsWith(crossShop)
                        || id.startsWith(moved));
    }

    @Test
    void anUnknownShopIsRefusedWhateverItSigns() {
        String id = "msg_stranger_" + UUID.randomUUID();
        signed("shop-nobody", id, paid).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").isEqualTo("unknown shop or no webhook secret configured");
        assertThat(eventIdsOf(Topics.MARKETPLACE_ORDERS, id)).isEmpty();
    }

    @Test
    void aReplayOutsideThe300SecondToleranceIsRefused() {
        long now = Instant.now().getEpochSecond();
        String old = "msg_old_" + UUID.randomUUID();
        signed("shop-ingest", old, paid, SECRET, now - 301).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").value(String.class, d -> assertThat(d).contains("tolerance"));
        String future = "msg_future_" + UUID.randomUUID();
        signed("shop-ingest", future, paid, SECRET, now + 301).expectStatus().isUnauthorized();
        // a captured request replayed later with a fresh timestamp: the old signature does not cover it
        String captured = "msg_captured_" + UUID.randomUUID();
        String then = Long.toString(now - 400);
        http.post().uri("/webhooks/shop-ingest").contentType(MediaType.APPLICATION_JSON)
                .header(WebhookController.ID, captured).header(WebhookController.TIMESTAMP, Long.toString(now))
                .header(WebhookController.SIGNATURE, WebhookSignature.signature(SECRET, captured, then, paid))
                .bodyValue(paid).exchange().expectStatus().isUnauthorized();
        String recent = "msg_recent_" + UUID.randomUUID();
        signed("shop-ingest", recent, paid, SECRET, now - 290).expectStatus().isAccepted();

        assertThat(TopicProbe.all(kafka, Topics.MARKETPLACE_ORDERS, Duration.ofSeconds(2)))
                .extracting(r -> TopicProbe.header(r, CloudEvent.ID))
                .noneMatch(id -> id.startsWith(old) || id.startsWith(future) || id.startsWith(captured))
                .anyMatch(id -> id.startsWith(recent + ":"));
    }

    @Test
    void anIdReusedWithAnotherBodyIsAnotherEventAndAByteIdenticalRetryTheSame() {
        String order = "TB-REUSED-" + UUID.randomUUID();
        ObjectNode created = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED).put("orderId", order);
        ObjectNode paidData = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID).put("orderId", order);
        String id = "msg_reused_" + UUID.randomUUID();
        byte[] createdBody = webhook("order.created", created);

        String first = accepted("shop-ingest", id, createdBody);
        String retry = accepted("shop-ingest", id, createdBody);
        String second = accepted("shop-ingest", id, webhook("order.paid", paidData));

        assertThat(first).isEqualTo(retry).isNotEqualTo(second);
        ConsumerRecord<String, byte[]> paidRecord = record(Topics.MARKETPLACE_ORDERS, second);
        assertThat(TopicProbe.header(paidRecord, CloudEvent.TYPE)).isEqualTo("order.paid");
        assertThat(paidRecord.key()).isEqualTo(order);
        // In the order's partition: created, its retry (same id: order-service skips it), then paid (applied).
        assertThat(eventIdsOf(Topics.MARKETPLACE_ORDERS, id)).containsExactly(first, first, second);
    }

    @Test
    void oversizeIdsTextsArraysAndBodiesAre4xxNamingTheFieldNeverARetryable503() {
        ObjectNode huge = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID).put("orderId", "9".repeat(900_000));
        String hugeId = "msg_huge_order_" + UUID.randomUUID();
        signed("shop-ingest", hugeId, webhook("order.paid", huge)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("$.data.orderId")
                .jsonPath("$.errors[0].reason").value(String.class, r -> assertThat(r).contains("128"));

        signed("shop-ingest", "m".repeat(300), paid).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("webhook-id");

        ObjectNode chat = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED).put("text", "长".repeat(10_001));
        signed("shop-ingest", "msg_long_text_" + UUID.randomUUID(), webhook("message.received", chat))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("$.data.text");

        ObjectNode many = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED);
        ArrayNode items = many.putArray("items");
        for (int i = 0; i < 201; i++) {
            items.addObject().put("title", "item " + i).put("quantity", 1);
        }
        signed("shop-ingest", "msg_many_items_" + UUID.randomUUID(), webhook("order.created", many))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("$.data.items");

        byte[] overMebibyte = new byte[1024 * 1024 + 1];
        Arrays.fill(overMebibyte, (byte) ' ');
        signed("shop-ingest", "msg_big_body_" + UUID.randomUUID(), overMebibyte).expectStatus().isEqualTo(413);

        assertThat(eventIdsOf(Topics.MARKETPLACE_ORDERS, hugeId)).isEmpty();
    }

    @Test
    void aValidEventKafkaWouldRefuseIsA413NamingWhyAndTheNextOneGoesThrough() {
        // 200 items of 400 characters: valid, about 90 KB, over the producer's max.request.size (64 KiB here)
        String tooLargeForTheProducer = "msg_producer_" + UUID.randomUUID();
        signed("shop-ingest", tooLargeForTheProducer, webhook("order.created", orderOfItems(200, 400)))
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.detail").value(String.class, d -> assertThat(d).contains("max.request.size"));
        // 100 items: about 45 KB, within the producer's limit, over the broker's message.max.bytes (32 KiB here)
        String tooLargeForTheBroker = "msg_broker_" + UUID.randomUUID();
        signed("shop-ingest", tooLargeForTheBroker, webhook("order.created", orderOfItems(100, 400)))
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.detail").value(String.class, d -> assertThat(d).contains("too large"));

        accepted("shop-ingest", "msg_after_" + UUID.randomUUID(), paid);
    }

    @Test
    void controlCharactersAreRefusedInIdentifiersAndRemovedFromTexts() {
        ObjectNode badId = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID).put("orderId", "TB2026\u0000\u001b[2J");
        signed("shop-ingest", "msg_ctl_id_" + UUID.randomUUID(), webhook("order.paid", badId))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("$.data.orderId");

        ObjectNode chat = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED)
                .put("text", "在吗\u0000\u0007\u001b[31m？\r\n发货了吗\u202e");
        String eventId = accepted("shop-ingest", "msg_ctl_text_" + UUID.randomUUID(), webhook("message.received", chat));

        ConsumerRecord<String, byte[]> record = record(Topics.MARKETPLACE_MESSAGES, eventId);
        assertThat(EventJson.mapper().readTree(record.value()).get("text").asString()).isEqualTo("在吗[31m？\n发货了吗");
    }

    @Test
    void aPhoneOrAddressInAFieldTheContractDoesNotDeclareIsNotForwarded() {
        ObjectNode order = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID)
                .put("receiverPhone", "13812348000").put("receiverAddress", "浙江省杭州市西湖区文三路90号");
        String id = "msg_careless_" + UUID.randomUUID();
        signed("shop-ingest", id, webhook("order.paid", order)).expectStatus().isAccepted()
                .expectBody().jsonPath("$.ignoredFields").isEqualTo(List.of("receiverPhone", "receiverAddress"));

        assertThat(text(recordOfWebhook(Topics.MARKETPLACE_ORDERS, id)))
                .doesNotContain("13812348000", "receiverPhone", "文三路", "receiverAddress");
    }

    private static ObjectNode orderOfItems(int count, int titleLength) {
        ObjectNode order = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED).put("orderId", "TB-BIG-" + UUID.randomUUID());
        ArrayNode items = order.putArray("items");
        for (int i = 0; i < count; i++) {
            items.addObject().put("sku", "SKU-" + i).put("title", "t".repeat(titleLength)).put("quantity", 1)
                    .put("price", "1.00");
        }
        return order;
    }
}
