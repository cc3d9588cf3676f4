package dev.kefu.conversation.messaging;

import dev.kefu.conversation.conversation.ConversationService;
import dev.kefu.events.EventType;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Serving the buyer through a real broker: the greeting within the first-response target (once), the away message,
 * every message to the buyer published as message-outbound and its status following the delivery reports,
 * suggested replies filled from the order, the payment reminder, the conduct guard, automatic logistics answers.
 */
@KefuServiceIT
class BuyerServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String OPEN = "shop-open";
    private static final String SLOW = "shop-slow";
    private static final String CLOSED = "shop-closed";

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Autowired
    WebTestClient http;

    @Autowired
    ConversationService conversations;

    /** Hours around (or away from) the time the test runs, in UTC, so the result does not depend on the clock. */
    @DynamicPropertySource
    static void shops(DynamicPropertyRegistry registry) {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        String around = now.minusHours(2).format(hhmm) + "-" + now.plusHours(2).format(hhmm);
        String elsewhere = now.plusHours(3).format(hhmm) + "-" + now.plusHours(5).format(hhmm);
        for (String shop : List.of(OPEN, SLOW, CLOSED)) {
            registry.add("kefu.shops." + shop + ".time-zone", () -> "UTC");
            registry.add("kefu.shops." + shop + ".name", () -> "茶叶旗舰店");
            registry.add("kefu.shops." + shop + ".agent-number", () -> "8");
            registry.add("kefu.shops." + shop + ".business-hours", () -> shop.equals(CLOSED) ? elsewhere : around);
        }
        registry.add("kefu.shops." + OPEN + ".first-response-target", () -> "PT1S");
        registry.add("kefu.shops." + OPEN + ".auto-answer-logistics", () -> "true");
        registry.add("kefu.shops." + SLOW + ".first-response-target", () -> "PT4S");
        registry.add("kefu.shops." + SLOW + ".sla.first-response", () -> "PT2S");
        registry.add("kefu.shops." + SLOW + ".sla.next-response", () -> "PT3S");
        registry.add("kefu.shops." + CLOSED + ".first-response-target", () -> "PT0S");
    }

    @Test
    void aBuyerWhoWritesIsGreetedOnceWithinTheTargetAndTheGreetingIsPublished() {
        String buyer = buyer();
        buyerWrites(OPEN, buyer, "亲，在吗", null);
        buyerWrites(OPEN, buyer, "请问这款有现货吗", null);

        await().atMost(WAIT).untilAsserted(() -> assertThat(messages(OPEN, buyer, "greeting")).hasSize(1));
        JsonNode greeting = messages(OPEN, buyer, "greeting").get(0);
        assertThat(greeting.get("text").asString()).contains("茶叶旗舰店").contains("8号客服");
        assertThat(greeting.get("status").asString()).isEqualTo("QUEUED");
        ConsumerRecord<String, byte[]> out = TopicProbe.await(kafka, Topics.MESSAGE_OUTBOUND, WAIT,
                r -> buyer.equals(r.key()));
        JsonNode event = EventJson.mapper().readTree(out.value());
        assertThat(event.get("messageId").asString()).isEqualTo(greeting.get("id").asString());
        assertThat(event.get("cause").asString()).isEqualTo("greeting");
        assertThat(event.get("platform").asString()).isEqualTo("taobao");
        assertThat(TopicProbe.header(out, "ce_type")).isEqualTo("message-outbound");

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(messages(OPEN, buyer, "greeting")).hasSize(1));
    }

    @Test
    void aMessageThatArrivesLateIsGreetedAtOnce() {
        String buyer = buyer();
        buyerWrites(SLOW, buyer, "亲，在吗？", null, Instant.now().minus(Duration.ofMinutes(5)));

        await().atMost(WAIT).untilAsserted(() -> assertThat(messages(SLOW, buyer, "greeting")).hasSize(1));
    }

    @Test
    void replicasRacingForTheSameGreetingSendItOnce() {
        String buyer = buyer();
        buyerWrites(SLOW, buyer, "在吗在吗", null);
        await().atMost(WAIT).untilAsserted(() -> assertThat(messages(SLOW, buyer, null)).hasSize(1));

        // What several replicas (or a retry after a lost lease) do when the item comes due at the same time.
        await().pollDelay(Duration.ofSeconds(4)).atMost(WAIT).until(() -> true);
        Flux.range(0, 6).flatMap(i -> conversations.greetIfDue(SLOW + ":" + buyer)).then().block(WAIT);

        await().atMost(WAIT).untilAsserted(() -> assertThat(messages(SLOW, buyer, "greeting")).hasSize(1));
        assertThat(TopicProbe.all(kafka, Topics.MESSAGE_OUTBOUND, Duration.ofSeconds(2)))
                .filteredOn(r -> buyer.equals(r.key()))
                .extracting(r -> TopicProbe.header(r, "ce_id")).containsOnly("outbound:greeting:" + SLOW + ":" + buyer
                        + ":" + messages(SLOW, buyer, null).get(0).get("sentAt").asString().transform(t ->
                        Long.toString(Instant.parse(t).toEpochMilli())));
    }

    @Test
    void anAgentWhoAnswersWithinTheTargetCancelsTheGreeting() {
        String buyer = buyer();
        buyerWrites(SLOW, buyer, "你好，想问一下尺码", null);
        await().atMost(WAIT).untilAsserted(() -> assertThat(messages(SLOW, buyer, null)).hasSize(1));

        reply(SLOW, buyer, Map.of("text", "亲，您好，请问您平时穿什么尺码呢？"), TestTokens.agentOf(SLOW))
                .expectStatus().isCreated();

        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8)).untilAsserted(() ->
                assertThat(messages(SLOW, buyer, "greeting")).isEmpty());
    }

    @Test
    void outsideBusinessHoursTheAwayMessageSaysWhenAgentsAreBack() {
        String buyer = buyer();
        buyerWrites(CLOSED, buyer, "Hello, is anyone there?", null);

        await().atMost(WAIT).untilAsserted(() -> assertThat(messages(CLOSED, buyer, "away")).hasSize(1));
        String away = messages(CLOSED, buyer, "away").get(0).get("text").asString();
        assertThat(away).contains("茶叶旗舰店").containsPattern("back at [A-Z][a-z]{2} \\d+, \\d\\d:\\d\\d");
        assertThat(messages(CLOSED, buyer, "greeting")).isEmpty();
    }

    @Test
    void anAgentMayWriteFirstToABuyerKnownFromAnOrderButNotToAStranger() {
        String buyer = buyer();
        orderInput(EventTypes.MARKETPLACE_ORDER_CREATED, OPEN, buyer, "TB-" + UUID.randomUUID(), o -> { });
        await().atMost(WAIT).untilAsserted(() -> http.get().uri("/api/conversations/" + buyer)
                .headers(h -> h.setBearerAuth(TestTokens.agentOf(OPEN))).exchange().expectStatus().isOk());

        reply(OPEN, buyer, Map.of("text", "亲，您的订单我们已经收到啦"), TestTokens.agentOf(OPEN))
                .expectStatus().isCreated();
        reply(OPEN, buyer(), Map.of("text", "hello"), TestTokens.agentOf(OPEN)).expectStatus().isNotFound();
        reply("shop-rival", buyer, Map.of("text", "hello"), TestTokens.agentOf("shop-rival")).expectStatus().isNotFound();
    }

    @Test
    void deliveryReportsMoveAMessageFromQueuedToDeliveredOrFailed() {
        String buyer = buyer();
        orderInput(EventTypes.MARKETPLACE_ORDER_CREATED, OPEN, buyer, "TB-" + UUID.randomUUID(), o -> { });
        await().atMost(WAIT).untilAsserted(() -> reply(OPEN, buyer, Map.of("text", "亲，在的"),
                TestTokens.agentOf(OPEN)).expectStatus().isCreated());
        String first = messages(OPEN, buyer, null).get(0).get("id").asString();
        String second = reply(OPEN, buyer, Map.of("text", "亲，还有什么可以帮您？"), TestTokens.agentOf(OPEN))
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("id").asString();

        report(EventTypes.MARKETPLACE_MESSAGE_DELIVERED, OPEN, buyer, first, r -> { });
        report(EventTypes.MARKETPLACE_MESSAGE_FAILED, OPEN, buyer, second, r -> r.put("reason", "buyer blocked the shop"));
        report(EventTypes.MARKETPLACE_MESSAGE_FAILED, "shop-rival", buyer, first, r -> r.put("reason", "not yours"));

        await().atMost(WAIT).untilAsserted(() -> {
            List<JsonNode> all = messages(OPEN, buyer, null);
            assertThat(byId(all, first).get("status").asString()).isEqualTo("DELIVERED");
            assertThat(byId(all, second).get("status").asString()).isEqualTo("FAILED");
            assertThat(byId(all, second).get("statusReason").asString()).isEqualTo("buyer blocked the shop");
        });
    }

    @Test
    void aShippingQuestionGetsASuggestedReplyNamingTheOrdersShipBy() {
        String buyer = buyer();
        String order = "TB-" + UUID.randomUUID();
        orderInput(EventTypes.MARKETPLACE_ORDER_CREATED, SLOW, buyer, order,
                o -> o.put("shipBy", "2026-12-25T08:10:00Z"));
        orderInput(EventTypes.MARKETPLACE_ORDER_PAID, SLOW, buyer, order, o -> { });
        await().atMost(WAIT).untilAsserted(() -> http.get().uri("/api/conversations/" + buyer)
                .headers(h -> h.setBearerAuth(TestTokens.agentOf(SLOW))).exchange().expectStatus().isOk());
        String messageId = buyerWrites(SLOW, buyer, "亲，请问什么时候发货？", order);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode view = view(SLOW, buyer);
            JsonNode suggestions = view.get("suggestions").get(SLOW + ":taobao:" + messageId);
            assertThat(suggestions).isNotNull();
            assertThat(suggestions.get(0).get("scriptKey").asString()).isEqualTo("shipping-time");
            assertThat(suggestions.get(0).get("text").asString()).contains(order).contains("12月25日 08:10");
            assertThat(view.get("messages").get(0).get("intents").toString()).contains("SHIPPING_TIME");
        });
    }

    @Test
    void anUnpaidOrderIsRemindedNamingItsItemsAndAPaidOneIsNot() {
        String buyer = buyer();
        String unpaid = "TB-" + UUID.randomUUID();
        String paid = "TB-" + UUID.randomUUID();
        orderInput(EventTypes.MARKETPLACE_ORDER_CREATED, SLOW, buyer, unpaid, o -> { });
        orderInput(EventTypes.MARKETPLACE_ORDER_CREATED, SLOW, buyer, paid, o -> { });
        orderInput(EventTypes.MARKETPLACE_ORDER_PAID, SLOW, buyer, paid, o -> { });
        orderInputApplied(SLOW, buyer);
        reminderDue(SLOW, buyer, paid);
        reminderDue(SLOW, buyer, unpaid);

        await().atMost(WAIT).untilAsserted(() -> assertThat(messages(SLOW, buyer, "payment-reminder")).hasSize(1));
        JsonNode reminder = messages(SLOW, buyer, "payment-reminder").get(0);
        assertThat(reminder.get("orderId").asString()).isEqualTo(unpaid);
        assertThat(reminder.get("text").asString()).contains("明前龙井 250g ×2").contains(unpaid);
    }

    @Test
    void aPriceChangeIsToldWithTheNewTotal() {
        String buyer = buyer();
        String order = "TB-" + UUID.randomUUID();
        orderInput(EventTypes.MARKETPLACE_ORDER_CREATED, SLOW, buyer, order, o -> { });
        orderInput(EventTypes.MARKETPLACE_ORDER_FEE_MODIFIED, SLOW, buyer, order, o -> o.put("totalAmount", "179.00"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(messages(SLOW, buyer, "price-modified"))
                .singleElement().satisfies(m -> assertThat(m.get("text").asString()).contains("179.00")));
    }

    @Test
    void aReplyOfferingMoneyForAReviewIsRefusedUnlessASupervisorOverridesIt() {
        String buyer = buyer();
        orderInput(EventTypes.MARKETPLACE_ORDER_CREATED, SLOW, buyer, "TB-" + UUID.randomUUID(), o -> { });
        await().atMost(WAIT).untilAsserted(() -> http.get().uri("/api/conversations/" + buyer)
                .headers(h -> h.setBearerAuth(TestTokens.agentOf(SLOW))).exchange().expectStatus().isOk());
        String bribe = "亲，给个五星好评返现5元哦";

        reply(SLOW, buyer, Map.of("text", bribe), TestTokens.agentOf(SLOW))
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.violations[0].rule").isEqualTo("PAID_REVIEW")
                .jsonPath("$.violations[0].matched[0]").value(String.class, m -> assertThat(bribe).contains(m))
                .jsonPath("$.errors[0].field").isEqualTo("text");
        reply(SLOW, buyer, Map.of("text", bribe, "override", Map.of("reason", "试试")), TestTokens.agentOf(SLOW))
                .expectStatus().isForbidden();
        reply(SLOW, buyer, Map.of("text", bribe, "override", Map.of("reason", "平台活动规则允许")),
                TestTokens.issue(SLOW, "lead-1", List.of("supervisor")))
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.conductOverride.supervisorId").isEqualTo("lead-1")
                .jsonPath("$.conductOverride.rules[0]").isEqualTo("PAID_REVIEW");
        assertThat(messages(SLOW, buyer, null)).hasSize(1);
    }

    @Test
    void aShopThatOptedInAnswersWhereIsMyParcelFromTheLatestScan() {
        String buyer = buyer();
        String order = "TB-" + UUID.randomUUID();
        orderInput(EventTypes.MARKETPLACE_ORDER_CREATED, OPEN, buyer, order, o -> { });
        orderInput(EventTypes.MARKETPLACE_ORDER_SHIPPED, OPEN, buyer, order, o -> { });
        orderInput(EventTypes.MARKETPLACE_LOGISTICS_TRACE, OPEN, buyer, order, o -> o.put("action", "ARRIVAL")
                .put("description", "到达转运中心").put("occurredAt", "2026-11-25T10:00:00Z"));
        orderInput(EventTypes.MARKETPLACE_LOGISTICS_TRACE, OPEN, buyer, order, o -> o.put("action", "GOT")
                .put("description", "已揽收").put("location", "杭州").put("occurredAt", "2026-11-24T10:00:00Z"));
        orderInputApplied(OPEN, buyer);

        buyerWrites(OPEN, buyer, "我的快递到哪了？", order);

        await().atMost(WAIT).untilAsserted(() -> assertThat(messages(OPEN, buyer, "logistics-update"))
                .singleElement().satisfies(m -> {
                    assertThat(m.get("cause").asString()).isEqualTo("auto-answer");
                    // the late, older scan did not replace the newer one
                    assertThat(m.get("text").asString()).contains("到达转运中心").doesNotContain("已揽收");
                }));
    }

    @Test
    void aBuyerNobodyAnswersIsReportedOnceAsAMissedResponseTargetAndKefusGreetingDoesNotStopTheClock() {
        String buyer = buyer();
        String conversation = SLOW + ":" + buyer;
        buyerWrites(SLOW, buyer, "在吗？想问下什么时候发货", null);

        JsonNode first = EventJson.mapper().readTree(TopicProbe.await(kafka, Topics.SLA_BREACHED, WAIT,
                r -> conversation.equals(r.key())).value());
        assertThat(first.get("target").asString()).isEqualTo("FIRST_RESPONSE");
        assertThat(first.get("buyerId").asString()).isEqualTo(buyer);
        assertThat(first.get("targetSeconds").asLong()).isEqualTo(2);
        assertThat(Instant.parse(first.get("dueAt").asString()))
                .isEqualTo(Instant.parse(first.get("since").asString()).plusSeconds(2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(messages(SLOW, buyer, "greeting")).hasSize(1));
        assertThat(text(view(SLOW, buyer).get("conversation"), "responseBreachedAt")).isNotNull();

        // what several replicas (or a retry after a lost lease) do with the same item: nothing more
        Flux.range(0, 6).flatMap(i -> conversations.reportIfMissed(conversation)).then().block(WAIT);
        assertThat(TopicProbe.all(kafka, Topics.SLA_BREACHED, Duration.ofSeconds(2)))
                .filteredOn(r -> conversation.equals(r.key())).hasSize(1);

        // answered, the clock stops; the buyer's next message starts the next-response target
        reply(SLOW, buyer, Map.of("text", "亲，今天就发货哦"), TestTokens.agentOf(SLOW)).expectStatus().isCreated();
        assertThat(text(view(SLOW, buyer).get("conversation"), "responseDue")).isNull();
        buyerWrites(SLOW, buyer, "好的，那快递是哪家？", null);
        await().atMost(WAIT).untilAsserted(() -> assertThat(TopicProbe.all(kafka, Topics.SLA_BREACHED,
                        Duration.ofMillis(500))).filteredOn(r -> conversation.equals(r.key()))
                .extracting(r -> EventJson.mapper().readTree(r.value()).get("target").asString())
                .containsExactly("FIRST_RESPONSE", "NEXT_RESPONSE"));
    }

    @Test
    void aBuyerAnsweredWithinTheTargetLeavesNothingToReport() {
        String buyer = buyer();
        buyerWrites(SLOW, buyer, "这款有现货吗", null);
        await().atMost(WAIT).untilAsserted(() -> assertThat(text(view(SLOW, buyer).get("conversation"),
                "responseDue")).isNotNull());
        reply(SLOW, buyer, Map.of("text", "亲，有现货的"), TestTokens.agentOf(SLOW)).expectStatus().isCreated();

        assertThat(TopicProbe.all(kafka, Topics.SLA_BREACHED, Duration.ofSeconds(4)))
                .noneMatch(r -> (SLOW + ":" + buyer).equals(r.key()));
    }

    private String buyerWrites(String shop, String buyer, String text, String orderId) {
        return buyerWrites(shop, buyer, text, orderId, Instant.now());
    }

    private String buyerWrites(String shop, String buyer, String text, String orderId, Instant sentAt) {
        String messageId = "m-" + UUID.randomUUID();
        ObjectNode message = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED);
        message.put("shopId", shop).put("buyerId", buyer).put("messageId", messageId).put("text", text)
                .put("orderId", orderId).put("sentAt", sentAt.toString());
        TopicProbe.send(kafka, Topics.MARKETPLACE_MESSAGES, buyer, Fixtures.bytes(message),
                Fixtures.headers(EventTypes.MARKETPLACE_MESSAGE_RECEIVED, shop));
        return messageId;
    }

    private void orderInput(EventType<?> type, String shop, String buyer, String orderId,
                            Consumer<ObjectNode> change) {
        ObjectNode event = Fixtures.json(type);
        event.put("shopId", shop).put("buyerId", buyer).put("orderId", orderId);
        change.accept(event);
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(event), Fixtures.headers(type, shop));
    }

    /** Waits until the order input sent so far is applied: a price change sent after it has been told to the buyer. */
    private void orderInputApplied(String shop, String buyer) {
        String marker = "TB-marker-" + UUID.randomUUID();
        orderInput(EventTypes.MARKETPLACE_ORDER_CREATED, shop, buyer, marker, o -> { });
        orderInput(EventTypes.MARKETPLACE_ORDER_FEE_MODIFIED, shop, buyer, marker, o -> o.put("totalAmount", "1.23"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(messages(shop, buyer, "price-modified"))
                .anySatisfy(m -> assertThat(m.get("orderId").asString()).isEqualTo(marker)));
    }

    private void reminderDue(String shop, String buyer, String orderId) {
        ObjectNode due = Fixtures.json(EventTypes.PAYMENT_REMINDER_DUE);
        due.put("shopId", shop).put("buyerId", buyer).put("orderId", orderId);
        TopicProbe.send(kafka, Topics.PAYMENT_REMINDER_DUE, orderId, Fixtures.bytes(due),
                Fixtures.headers(EventTypes.PAYMENT_REMINDER_DUE, shop));
    }

    private void report(EventType<?> type, String shop, String buyer, String messageId,
                        Consumer<ObjectNode> change) {
        ObjectNode report = Fixtures.json(type);
        report.put("shopId", shop).put("buyerId", buyer).put("messageId", messageId);
        change.accept(report);
        TopicProbe.send(kafka, Topics.MARKETPLACE_MESSAGES, buyer, Fixtures.bytes(report), Fixtures.headers(type, shop));
    }

    private WebTestClient.ResponseSpec reply(String shop, String buyer, Map<String, ?> body, String token) {
        return http.post().uri("/api/conversations/" + buyer + "/messages").headers(h -> h.setBearerAuth(token))
                .bodyValue(body).exchange();
    }

    private JsonNode view(String shop, String buyer) {
        return http.get().uri("/api/conversations/" + buyer).headers(h -> h.setBearerAuth(TestTokens.agentOf(shop)))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** The conversation's messages to or from the buyer; only those of one script when {@code scriptKey} is given. */
    private List<JsonNode> messages(String shop, String buyer, String scriptKey) {
        return http.get().uri("/api/conversations/" + buyer).headers(h -> h.setBearerAuth(TestTokens.agentOf(shop)))
                .exchange().returnResult(JsonNode.class).getResponseBody()
                .flatMapIterable(view -> view.get("messages") == null ? List.of() : view.get("messages").valueStream().toList())
                .filter(m -> scriptKey == null ? m.get("author").asString().equals("AGENT")
                        || m.get("author").asString().equals("BUYER") : scriptKey.equals(text(m, "scriptKey")))
                .collectList().block(Duration.ofSeconds(10));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static JsonNode byId(List<JsonNode> messages, String id) {
        return messages.stream().filter(m -> id.equals(m.get("id").asString())).findFirst().orElseThrow();
    }

    private static String buyer() {
        return "buyer-" + UUID.randomUUID();
    }
}
