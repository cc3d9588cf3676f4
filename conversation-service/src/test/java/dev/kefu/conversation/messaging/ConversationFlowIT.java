package dev.kefu.conversation.messaging;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.platform.messaging.KafkaMessagingAutoConfiguration;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Domain events and buyer chat through a real broker into conversations agents read and answer. */
@KefuServiceIT
// The demo shop's greeting comes after an hour here, so these conversations hold only what each test sends.
@TestPropertySource(properties = "kefu.shops.shop-demo.first-response-target=PT1H")
class ConversationFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Autowired
    WebTestClient http;

    @Autowired
    org.springframework.data.mongodb.core.ReactiveMongoTemplate mongo;

    /**
     * The chat record as evidence: every message chained, the transcript verifies page by page; a message altered in
     * the database or removed from it makes the verification fail at that entry.
     */
    @Test
    void theTranscriptVerifiesAndNamesTheFirstEntryChangedOrRemovedInTheDatabase() {
        String buyer = "buyer-" + UUID.randomUUID();
        for (String text : List.of("亲，在吗？", "我的快递三天没动了", "再不发货我就投诉了")) {
            buyerWrites(buyer, text);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(transcript(buyer, "").at("/head/seq").asInt()).isEqualTo(3));
        http.post().uri("/api/conversations/" + buyer + "/messages").headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo")))
                .bodyValue(Map.of("text", "亲，非常抱歉，我马上帮您催一下快递")).exchange().expectStatus().isCreated();

        JsonNode whole = transcript(buyer, "");
        assertThat(whole.at("/verification/verified").asBoolean()).isTrue();
        assertThat(whole.get("entries").size()).isEqualTo(4);
        assertThat(whole.at("/entries/3/message/author").asString()).isEqualTo("AGENT");
        JsonNode firstPage = transcript(buyer, "?limit=2");
        assertThat(firstPage.get("next").asLong()).isEqualTo(2);
        assertThat(firstPage.at("/verification/verified").asBoolean()).isTrue();
        assertThat(transcript(buyer, "?after=2&limit=2").at("/verification/verified").asBoolean()).isTrue();

        String altered = whole.at("/entries/1/message/id").asString();
        mongo.updateFirst(org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("_id").is(altered)),
                new org.springframework.data.mongodb.core.query.Update().set("text", "我的快递已经收到了"), "messages").block();
        JsonNode tampered = transcript(buyer, "");
        assertThat(tampered.at("/verification/verified").asBoolean()).isFalse();
        assertThat(tampered.at("/verification/brokenAtSeq").asInt()).isEqualTo(2);
        assertThat(tampered.at("/verification/brokenEntryId").asString()).isEqualTo(altered);

        String last = whole.at("/entries/3/message/id").asString();
        mongo.remove(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("_id").is(last)), "messages").block();
        assertThat(transcript(buyer, "?after=2").at("/verification/reason").asString()).isEqualTo("entries 4 to 4 are missing");
        get("shop-rival", "/api/conversations/" + buyer + "/transcript").expectStatus().isNotFound();
        get("shop-demo", "/api/conversations/" + buyer + "/transcript?limit=0").expectStatus().isBadRequest();
    }

    /**
     * The shop's knowledge in suggestions: a buyer who ordered a described product asks about its material and for a
     * discount; the suggestions quote the material and the promotion valid now, never the expired one. An item seen
     * in an order and not described is listed to complete; only supervisors write.
     */
    /** ...and a buyer with three paid orders (one payment delivered twice) is greeted as returning, unasked. */
    @Test
    void productQuestionsQuoteTheFactAndBargainingIsOfferedTheValidPromotion() {
        String sku = "BAG-" + UUID.randomUUID().toString().substring(0, 6);
        String other = "MUG-" + UUID.randomUUID().toString().substring(0, 6);
        String buyer = "buyer-" + UUID.randomUUID();
        String orderId = "TB-K-" + UUID.randomUUID();
        String lead = TestTokens.issue("shop-demo", "lead", List.of("supervisor"));
        java.time.Instant now = java.time.Instant.now();
        put("/api/products/" + sku, TestTokens.agentOf("shop-demo"), Map.of("facts", Map.of("zh", Map.of("material", "x"))))
                .expectStatus().isForbidden();
        put("/api/products/" + sku, lead, Map.of("facts", Map.of("fr", Map.of("material", "cuir")))).expectStatus().isBadRequest();
        put("/api/products/" + sku, lead, Map.of("facts", Map.of("zh", Map.of("title", "通勤托特包", "material", "头层牛皮，内衬纯棉"))))
                .expectStatus().isOk();
        put("/api/promotions/old-" + sku, lead, Map.of("kind", "GIFT", "texts", Map.of("zh", "过期赠品"),
                "validFrom", now.minusSeconds(7200).toString(), "validUntil", now.minusSeconds(3600).toString()))
                .expectStatus().isBadRequest();
        put("/api/promotions/dec-" + sku, lead, Map.of("kind", "THRESHOLD_DISCOUNT", "texts", Map.of("zh", "全店满299减30"),
                "validFrom", now.minusSeconds(3600).toString(), "validUntil", now.plusSeconds(86_400).toString()))
                .expectStatus().isOk();

        ObjectNode created = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED);
        created.put("buyerId", buyer).put("orderId", orderId);
        created.putArray("items").addObject().put("sku", sku).put("title", "通勤托特包 黑色").put("quantity", 1).put("price", "399.00");
        ((tools.jackson.databind.node.ArrayNode) created.get("items")).addObject().put("sku", other).put("title", "马克杯")
                .put("quantity", 1).put("price", "39.00");
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(created),
                Fixtures.headers(EventTypes.MARKETPLACE_ORDER_CREATED, "shop-demo"));
        await().atMost(WAIT).untilAsserted(() -> get("shop-demo", "/api/products/" + other).expectStatus().isOk()
                .expectBody().jsonPath("$.complete").isEqualTo(false).jsonPath("$.orderTitle").isEqualTo("马克杯"));
        get("shop-demo", "/api/products/" + sku).expectStatus().isOk().expectBody().jsonPath("$.complete").isEqualTo(true);

        for (int i = 1; i <= 3; i++) {
            ObjectNode paid = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
            paid.put("buyerId", buyer).put("orderId", orderId + "-earlier-" + i);
            for (int copy = 0; copy < (i == 2 ? 2 : 1); copy++) { // the second payment is delivered twice
                TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId + "-earlier-" + i, Fixtures.bytes(paid),
                        Fixtures.headers(EventTypes.MARKETPLACE_ORDER_PAID, "shop-demo"));
            }
        }
        await().atMost(WAIT).untilAsserted(() -> get("shop-demo", "/api/conversations/" + buyer).expectStatus().isOk()
                .expectBody().jsonPath("$.conversation.paidOrders").isEqualTo(3));

        ObjectNode question = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED);
        question.put("buyerId", buyer).put("messageId", "m-" + UUID.randomUUID()).put("orderId", orderId)
                .put("text", "这个包是什么材质的？能便宜点吗").put("sentAt", now.toString());
        TopicProbe.send(kafka, Topics.MARKETPLACE_MESSAGES, buyer, Fixtures.bytes(question),
                Fixtures.headers(EventTypes.MARKETPLACE_MESSAGE_RECEIVED, "shop-demo"));
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode suggestions = get("shop-demo", "/api/conversations/" + buyer).expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().get("suggestions");
            assertThat(suggestions.toString()).contains("product-fact").contains("头层牛皮，内衬纯棉").contains("通勤托特包")
                    .contains("promotion-offer").contains("全店满299减30").doesNotContain("过期赠品")
                    .contains("returning-customer").contains("老顾客的订单我们会优先为您安排发货");
        });
        get("shop-demo", "/api/conversations/" + buyer).expectStatus().isOk().expectBody()
                .jsonPath("$.conversation.paidOrders").isEqualTo(3)
                .jsonPath("$.conversation.languages[0]").isEqualTo("zh")
                .jsonPath("$.conversation.paidOrderIds").doesNotExist();
        get("shop-rival", "/api/products/" + sku).expectStatus().isNotFound();
    }

    private WebTestClient.ResponseSpec put(String uri, String token, Object body) {
        return http.put().uri(uri).headers(h -> h.setBearerAuth(token)).bodyValue(body).exchange();
    }

    private void buyerWrites(String buyer, String text) {
        ObjectNode message = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED);
        message.put("buyerId", buyer).put("messageId", "m-" + UUID.randomUUID()).put("text", text)
                .put("sentAt", java.time.Instant.now().toString());
        TopicProbe.send(kafka, Topics.MARKETPLACE_MESSAGES, buyer, Fixtures.bytes(message),
                Fixtures.headers(EventTypes.MARKETPLACE_MESSAGE_RECEIVED, "shop-demo"));
    }

    private JsonNode transcript(String buyer, String query) {
        return get("shop-demo", "/api/conversations/" + buyer + "/transcript" + query).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void orderPaidLeavesOneThankYouInTheBuyersConversationEvenWhenRedelivered() {
        String buyer = "buyer-" + UUID.randomUUID();
        ObjectNode paid = Fixtures.json(EventTypes.ORDER_PAID);
        paid.put("buyerId", buyer);
        Map<String, String> headers = Fixtures.headers(EventTypes.ORDER_PAID, "shop-demo");
        TopicProbe.send(kafka, Topics.ORDER_PAID, "TB20261123001", Fixtures.bytes(paid), headers);
        TopicProbe.send(kafka, Topics.ORDER_PAID, "TB20261123001", Fixtures.bytes(paid), headers);

        await().atMost(WAIT).untilAsserted(() -> get("shop-demo", "/api/conversations/" + buyer)
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.messages.length()").isEqualTo(1)
                .jsonPath("$.messages[0].author").isEqualTo("KEFU")
                .jsonPath("$.messages[0].scriptKey").isEqualTo("payment-received")
                .jsonPath("$.messages[0].text").value(String.class, text ->
                        assertThat(text).contains("TB20261123001").contains("付款成功").contains("我是客服小美")));
        get("shop-rival", "/api/conversations/" + buyer).expectStatus().isNotFound();
    }

    @Test
    void aBuyerWaitsInTheQueueUntilAnAgentAnswersInTheirLanguage() {
        String buyer = "buyer-" + UUID.randomUUID();
        ObjectNode message = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED);
        message.put("buyerId", buyer);
        message.put("messageId", "m-" + UUID.randomUUID());
        message.put("text", "배송이 너무 늦어요, 환불해 주세요");
        message.put("sentAt", java.time.Instant.now().toString());
        TopicProbe.send(kafka, Topics.MARKETPLACE_MESSAGES, buyer, Fixtures.bytes(message),
                Fixtures.headers(EventTypes.MARKETPLACE_MESSAGE_RECEIVED, "shop-demo"));

        await().atMost(WAIT).untilAsserted(() -> get("shop-demo", "/api/conversations?awaitingReply=true")
                .expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.buyerId == '" + buyer + "')].buyerMood").isEqualTo("NEGATIVE")
                .jsonPath("$[?(@.buyerId == '" + buyer + "')].needsAttention").isEqualTo(true));

        http.post().uri("/api/conversations/" + buyer + "/messages")
                .headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo")))
                .bodyValue(Map.of("scriptKey", "payment-received", "values", Map.of("orderId", "TB9")))
                .exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.language").isEqualTo("ko").jsonPath("$.text").value(String.class,
                        text -> assertThat(text).contains("TB9").doesNotContain("{"));

        get("shop-demo", "/api/conversations?awaitingReply=true").expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.buyerId == '" + buyer + "')]").doesNotExist();
    }

    @Test
    void everyLaterEventOfTheSameBuyerIsRecordedToo() {
        String buyer = "buyer-" + UUID.randomUUID();
        ObjectNode paid = Fixtures.json(EventTypes.ORDER_PAID);
        paid.put("buyerId", buyer);
        TopicProbe.send(kafka, Topics.ORDER_PAID, "TB20261123001", Fixtures.bytes(paid),
                Fixtures.headers(EventTypes.ORDER_PAID, "shop-demo"));
        ObjectNode delayed = Fixtures.json(EventTypes.SHIPMENT_DELAYED);
        delayed.put("buyerId", buyer);
        TopicProbe.send(kafka, Topics.SHIPMENT_DELAYED, "TB20261123001", Fixtures.bytes(delayed),
                Fixtures.headers(EventTypes.SHIPMENT_DELAYED, "shop-demo"));

        await().atMost(WAIT).untilAsserted(() -> get("shop-demo", "/api/conversations/" + buyer)
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.messages.length()").isEqualTo(2)
                .jsonPath("$.messages[?(@.scriptKey == 'payment-received')]").exists()
                .jsonPath("$.messages[?(@.scriptKey == 'delivery-exception' && @.text =~ /.*ZTO.*/)]").exists());
    }

    @Test
    void aRedeliveredBuyerMessageDoesNotPutAnAnsweredBuyerBackInTheQueue() {
        String buyer = "buyer-" + UUID.randomUUID();
        ObjectNode message = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED);
        message.put("buyerId", buyer);
        message.put("messageId", "m-" + UUID.randomUUID());
        message.put("sentAt", java.time.Instant.now().minusSeconds(60).toString());
        Map<String, String> headers = Fixtures.headers(EventTypes.MARKETPLACE_MESSAGE_RECEIVED, "shop-demo");
        TopicProbe.send(kafka, Topics.MARKETPLACE_MESSAGES, buyer, Fixtures.bytes(message), headers);
        await().atMost(WAIT).untilAsserted(() -> get("shop-demo", "/api/conversations?awaitingReply=true")
                .expectStatus().isOk().expectBody().jsonPath("$[?(@.buyerId == '" + buyer + "')]").exists());
        http.post().uri("/api/conversations/" + buyer + "/messages")
                .headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo")))
                .bodyValue(Map.of("text", "亲，马上为您查询")).exchange().expectStatus().isCreated();

        TopicProbe.send(kafka, Topics.MARKETPLACE_MESSAGES, buyer, Fixtures.bytes(message), headers); // redelivered
        ObjectNode marker = Fixtures.json(EventTypes.ORDER_PAID);
        marker.put("buyerId", buyer);
        TopicProbe.send(kafka, Topics.ORDER_PAID, "TB-marker", Fixtures.bytes(marker),
                Fixtures.headers(EventTypes.ORDER_PAID, "shop-demo"));
        await().atMost(WAIT).untilAsserted(() -> get("shop-demo", "/api/conversations/" + buyer)
                .expectStatus().isOk().expectBody().jsonPath("$.messages.length()").isEqualTo(3));

        get("shop-demo", "/api/conversations?awaitingReply=true").expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.buyerId == '" + buyer + "')]").doesNotExist();
    }

    @Test
    void aScriptReplyNamesAnUnknownScriptOrAMissingValue() {
        String buyer = "buyer-" + UUID.randomUUID();
        ObjectNode paid = Fixtures.json(EventTypes.ORDER_PAID);
        paid.put("buyerId", buyer);
        TopicProbe.send(kafka, Topics.ORDER_PAID, "TB3", Fixtures.bytes(paid), Fixtures.headers(EventTypes.ORDER_PAID, "shop-demo"));
        await().atMost(WAIT).untilAsserted(() -> get("shop-demo", "/api/conversations/" + buyer).expectStatus().isOk());

        http.post().uri("/api/conversations/" + buyer + "/messages")
                .headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo")))
                .bodyValue(Map.of("scriptKey", "no-such-script")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("scriptKey");
        http.post().uri("/api/conversations/" + buyer + "/messages")
                .headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo")))
                .bodyValue(Map.of("scriptKey", "payment-received")).exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("values")
                .jsonPath("$.errors[0].reason").value(String.class, r -> assertThat(r).contains("{orderId}"));
    }

    @Test
    void aReplyNeedsEitherTextOrAScript() {
        http.post().uri("/api/conversations/anyone/messages")
                .headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo")))
                .bodyValue(Map.of())
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("text");
    }

    @Test
    void aBurstOfOrderInputIsAppliedWithItsPriceChangeToldToTheBuyerAndAnUnreadableRecordDeadLettered() {
        // As a busy shop's order webhooks arrive, taken in poll batches: new orders with their items, payments (one
        // delivered twice), a price change (told to its buyer) and a record that cannot be read, all interleaved.
        String burst = UUID.randomUUID().toString().substring(0, 8);
        List<String> buyers = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "buyer-" + burst + "-" + i).toList();
        List<TopicProbe.Outgoing> records = new java.util.ArrayList<>();
        for (String buyer : buyers) {
            ObjectNode created = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED);
            created.put("buyerId", buyer).put("orderId", "TB-" + buyer);
            created.putArray("items").addObject().put("sku", "SKU-" + buyer).put("title", "保温杯").put("quantity", 1)
                    .put("price", "59.00");
            records.add(new TopicProbe.Outgoing("TB-" + buyer, Fixtures.bytes(created),
                    Fixtures.headers(EventTypes.MARKETPLACE_ORDER_CREATED, "shop-demo")));
        }
        String repriced = buyers.get(4);
        ObjectNode modified = Fixtures.json(EventTypes.MARKETPLACE_ORDER_FEE_MODIFIED);
        modified.put("buyerId", repriced).put("orderId", "TB-" + repriced);
        records.add(new TopicProbe.Outgoing("TB-" + repriced, Fixtures.bytes(modified),
                Fixtures.headers(EventTypes.MARKETPLACE_ORDER_FEE_MODIFIED, "shop-demo")));
        String poison = "poison-" + burst;
        records.add(new TopicProbe.Outgoing(poison, "{not json".getBytes(),
                Fixtures.headers(EventTypes.MARKETPLACE_ORDER_PAID, "shop-demo")));
        for (String buyer : buyers) {
            ObjectNode paid = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
            paid.put("buyerId", buyer).put("orderId", "TB-" + buyer);
            TopicProbe.Outgoing payment = new TopicProbe.Outgoing("TB-" + buyer, Fixtures.bytes(paid),
                    Fixtures.headers(EventTypes.MARKETPLACE_ORDER_PAID, "shop-demo"));
            records.add(payment);
            if (buyer.equals(buyers.get(7))) {
                records.add(payment); // redelivered
            }
        }
        TopicProbe.sendAll(kafka, Topics.MARKETPLACE_ORDERS, records);

        ConsumerRecord<String, byte[]> dead = TopicProbe.await(kafka, Topics.deadLetter(Topics.MARKETPLACE_ORDERS),
                WAIT, r -> poison.equals(r.key()));
        assertThat(TopicProbe.header(dead, KafkaMessagingAutoConfiguration.DEAD_LETTER_REASON)).contains("order.paid");
        await().atMost(WAIT).untilAsserted(() -> assertThat(buyers).allSatisfy(buyer ->
                get("shop-demo", "/api/conversations/" + buyer).expectStatus().isOk().expectBody()
                        .jsonPath("$.conversation.paidOrders").isEqualTo(1)));
        assertThat(buyers).allSatisfy(buyer -> get("shop-demo", "/api/products/SKU-" + buyer).expectStatus().isOk()
                .expectBody().jsonPath("$.orderTitle").isEqualTo("保温杯"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(get("shop-demo", "/api/conversations/" + repriced)
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()).contains("price-modified"));
        assertThat(get("shop-demo", "/api/conversations/" + buyers.get(5)).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).doesNotContain("price-modified");
    }

    @Test
    void aRecordThatCannotBeReadIsDeadLetteredAndTheNextOneIsStillHandled() {
        String key = "poison-" + UUID.randomUUID();
        TopicProbe.send(kafka, Topics.ORDER_PAID, key, "[]".getBytes(), Fixtures.headers(EventTypes.ORDER_PAID, "shop-demo"));
        String buyer = "buyer-" + UUID.randomUUID();
        ObjectNode paid = Fixtures.json(EventTypes.ORDER_PAID);
        paid.put("buyerId", buyer);
        TopicProbe.send(kafka, Topics.ORDER_PAID, "TB2", Fixtures.bytes(paid), Fixtures.headers(EventTypes.ORDER_PAID, "shop-demo"));

        ConsumerRecord<String, byte[]> dead = TopicProbe.await(kafka, Topics.deadLetter(Topics.ORDER_PAID), WAIT,
                r -> key.equals(r.key()));
        assertThat(TopicProbe.header(dead, KafkaMessagingAutoConfiguration.DEAD_LETTER_REASON)).contains("order-paid");
        await().atMost(WAIT).untilAsserted(() -> get("shop-demo", "/api/conversations/" + buyer).expectStatus().isOk());
    }

    private WebTestClient.ResponseSpec get(String shop, String uri) {
        return http.get().uri(uri).headers(h -> h.setBearerAuth(TestTokens.agentOf(shop))).exchange();
    }
}
