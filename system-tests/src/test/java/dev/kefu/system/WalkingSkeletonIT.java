package dev.kefu.system;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.events.webhook.WebhookSignature;
import dev.kefu.platform.testing.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton through the real local stack: a signed order.paid webhook → gateway → Kafka → order-service
 * → order-paid → conversation-service's proactive thanks → the agent's customer overview; tenant isolation; bad
 * input refused before Kafka; a poison record dead-lettered without stopping the consumer; data kept over a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkingSkeletonIT {

    // Every port stays below the ephemeral range (32768+), where an outgoing connection could hold it.
    private static final int PORT_OFFSET = 3000;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration GREETING_TARGET = Duration.ofSeconds(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dataDir;

    static LocalStack stack;
    static StubIntegration integration;
    static final String ORDER = "TB-E2E-" + UUID.randomUUID();
    static final String BUYER = "tb_buyer_" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startTheStackTheReadmeWay() throws Exception {
        integration = new StubIntegration(2);
        stack = startStack();
        integration.verifyWith(stack.webhookSecret("shop-demo"));
        System.out.println("devstack ready in " + stack.startedIn().toSeconds() + " s");
    }

    /**
     * The demo shop delivers to the stub integration, greets within 3 s, reminds after 3 s; its hours are set around
     * the time the test runs (in UTC) so that it is open and not quiet whenever CI runs. Delivery retries are quick.
     */
    static LocalStack startStack() throws Exception {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        String open = now.minusHours(3).format(hhmm) + "-" + now.plusHours(3).format(hhmm);
        String quiet = now.plusHours(4).format(hhmm) + "-" + now.plusHours(5).format(hhmm);
        return LocalStack.start(PORT_OFFSET, dataDir, List.of(
                "--shop=shop-demo.delivery-url=" + integration.url(),
                "--shop=shop-demo.time-zone=UTC",
                "--shop=shop-demo.business-hours=" + open,
                "--shop=shop-demo.quiet-hours=" + quiet,
                "--shop=shop-demo.first-response-target=" + GREETING_TARGET,
                "--shop=shop-demo.payment-reminder-after=PT3S"),
                Map.of("KEFU_GATEWAY_DELIVERY_BACKOFF", "PT1S,PT2S,PT4S"));
    }

    @AfterAll
    static void stopItByPid() {
        if (stack != null) {
            List<ProcessHandle> children = stack.descendants();
            stack.close();
            assertThat(children).noneMatch(ProcessHandle::isAlive);
        }
        if (integration != null) {
            integration.close();
        }
    }

    @Test
    @Order(1)
    void aSignedOrderPaidWebhookEndsAsAPaymentThankYouInTheCustomerOverview() throws Exception {
        HttpResponse<String> accepted = webhook("shop-demo", "msg_" + UUID.randomUUID(), orderPaid(), stack.webhookSecret("shop-demo"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        String agent = devToken("shop-demo");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode overview = json(get("/api/customers/" + BUYER + "/overview", agent, 200));
            assertThat(overview.at("/orders/0/orderId").asString()).isEqualTo(ORDER);
            assertThat(overview.at("/orders/0/status").asString()).isEqualTo("PAID");
            JsonNode message = overview.at("/conversation/messages/0");
            assertThat(message.get("author").asString()).isEqualTo("KEFU");
            assertThat(message.get("scriptKey").asString()).isEqualTo("payment-received");
            assertThat(message.get("text").asString()).contains(ORDER);
            assertThat(overview.get("unavailable")).isEmpty();
        });

        get("/api/customers/" + BUYER + "/overview", devToken("shop-rival"), 404);
    }

    @Test
    @Order(2)
    void unsignedAndInvalidWebhooksAreRefusedBeforeKafka() throws Exception {
        String secret = stack.webhookSecret("shop-demo");
        String unsigned = "msg_unsigned_" + UUID.randomUUID();
        HttpResponse<String> noSignature = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gateway() + "/webhooks/shop-demo"))
                .header("webhook-id", unsigned).POST(HttpRequest.BodyPublishers.ofByteArray(orderPaid())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noSignature.statusCode()).isEqualTo(401);

        String forged = "msg_forged_" + UUID.randomUUID();
        assertThat(webhook("shop-demo", forged, orderPaid(), stack.webhookSecret("shop-rival")).statusCode()).isEqualTo(401);

        ObjectNode data = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        data.remove("orderId");
        String invalid = "msg_invalid_" + UUID.randomUUID();
        HttpResponse<String> missingField = webhook("shop-demo", invalid, envelope("order.paid", data), secret);
        assertThat(missingField.statusCode()).isEqualTo(400);
        assertThat(json(missingField.body()).at("/errors/0/field").asString()).isEqualTo("$.data.orderId");

        String malformed = "msg_malformed_" + UUID.randomUUID();
        HttpResponse<String> broken = webhook("shop-demo", malformed, "{\"type\":\"order.paid\",".getBytes(), secret);
        assertThat(broken.statusCode()).isEqualTo(400);

        // The event id is the webhook-id, a colon and a hash of the body: compare what stands before the colon.
        assertThat(TopicProbe.all(stack.kafka(), Topics.MARKETPLACE_ORDERS, Duration.ofSeconds(3)))
                .extracting(r -> TopicProbe.header(r, CloudEvent.ID))
                .extracting(id -> id.substring(0, Math.max(0, id.lastIndexOf(':'))))
                .doesNotContain(unsigned, forged, invalid, malformed);
    }

    @Test
    @Order(3)
    void aRecordThatCannotBeProcessedIsDeadLetteredAndTheConsumerGoesOn() throws Exception {
        String poison = "poison-" + UUID.randomUUID();
        TopicProbe.send(stack.kafka(), Topics.MARKETPLACE_ORDERS, poison, "{\"orderId\": 42".getBytes(),
                Fixtures.headers(EventTypes.MARKETPLACE_ORDER_PAID, "shop-demo"));
        var dead = TopicProbe.await(stack.kafka(), Topics.deadLetter(Topics.MARKETPLACE_ORDERS), WAIT,
                r -> poison.equals(r.key()));
        assertThat(TopicProbe.header(dead, "kefu_dlt_reason")).contains("order.paid");

        String later = "TB-AFTER-" + UUID.randomUUID();
        ObjectNode data = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        data.put("orderId", later);
        data.put("buyerId", BUYER);
        assertThat(webhook("shop-demo", "msg_" + UUID.randomUUID(), envelope("order.paid", data),
                stack.webhookSecret("shop-demo")).statusCode()).isEqualTo(202);
        String agent = devToken("shop-demo");
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(json(get("/api/orders/" + later, agent, 200)).get("status").asString()).isEqualTo("PAID"));
    }

    @Test
    @Order(4)
    void whatWasAcceptedSurvivesARestart() throws Exception {
        stack.close();
        stack = startStack();

        String agent = devToken("shop-demo");
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode overview = json(get("/api/customers/" + BUYER + "/overview", agent, 200));
            assertThat(overview.get("unavailable")).isEmpty();
            assertThat(overview.get("orders")).extracting(o -> o.get("orderId").asString()).contains(ORDER);
            assertThat(overview.at("/conversation/messages/0/scriptKey").asString()).isEqualTo("payment-received");
        });
    }

    @Test
    @Order(5)
    void everyServiceDescribesItsApiThroughTheGateway() throws Exception {
        for (String service : List.of("order-service", "conversation-service", "aftersales-service", "review-service")) {
            HttpResponse<String> docs = HTTP.send(HttpRequest.newBuilder(
                    URI.create(stack.gateway() + "/v3/api-docs/services/" + service)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(docs.statusCode()).as(service).isEqualTo(200);
            assertThat(json(docs.body()).get("paths").propertyNames()).as(service).anyMatch(p -> p.startsWith("/api/"));
        }
    }

    @Test
    @Order(6)
    void aBuyerAskingWhenTheOrderShipsIsGreetedWithinTheTargetAndGetsASuggestionNamingTheShipBy() throws Exception {
        String buyer = "tb_buyer_" + UUID.randomUUID().toString().substring(0, 8);
        String order = "TB-SHIP-" + UUID.randomUUID();
        String secret = stack.webhookSecret("shop-demo");
        ObjectNode created = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED);
        created.put("orderId", order).put("buyerId", buyer).put("shipBy", "2026-12-24T10:00:00Z")
                .put("createdAt", Instant.now().toString());
        assertThat(webhook("shop-demo", "msg_" + UUID.randomUUID(), envelope("order.created", created), secret)
                .statusCode()).isEqualTo(202);
        ObjectNode paid = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        paid.put("orderId", order).put("buyerId", buyer);
        assertThat(webhook("shop-demo", "msg_" + UUID.randomUUID(), envelope("order.paid", paid), secret)
                .statusCode()).isEqualTo(202);
        String agent = devToken("shop-demo");
        await().atMost(WAIT).untilAsserted(() -> get("/api/conversations/" + buyer, agent, 200));

        ObjectNode question = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED);
        String messageId = "m-" + UUID.randomUUID();
        Instant asked = Instant.now();
        question.put("buyerId", buyer).put("messageId", messageId).put("orderId", order)
                .put("text", "亲，请问什么时候发货？").put("sentAt", asked.toString());
        assertThat(webhook("shop-demo", "msg_" + UUID.randomUUID(), envelope("message.received", question), secret)
                .statusCode()).isEqualTo(202);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode view = json(get("/api/conversations/" + buyer, agent, 200));
            JsonNode greeting = message(view, "greeting");
            assertThat(greeting).as("greeting").isNotNull();
            assertThat(greeting.get("text").asString()).contains("8号客服");
            // within the target, give or take the due-work poll (1 s) and the clocks of one machine
            assertThat(Duration.between(asked, Instant.parse(greeting.get("sentAt").asString())))
                    .isLessThan(GREETING_TARGET.plusSeconds(2));
            JsonNode suggestion = view.at("/suggestions/shop-demo:taobao:" + messageId + "/0");
            assertThat(suggestion.get("scriptKey").asString()).isEqualTo("shipping-time");
            assertThat(suggestion.get("text").asString()).contains(order).contains("12月24日 10:00");
        });
    }

    @Test
    @Order(7)
    void anAgentsReplyReachesTheIntegrationSignedAfterTwoFailuresOnceAndIsMarkedDelivered() throws Exception {
        String agent = devToken("shop-demo");
        JsonNode reply = json(post("/api/conversations/" + BUYER + "/messages", agent,
                Map.of("text", "亲，您的宝贝已经在打包了，今天就发出～"), 201));
        String messageId = reply.get("id").asString();
        assertThat(reply.get("status").asString()).isEqualTo("QUEUED");

        await().atMost(WAIT).untilAsserted(() -> {
            List<StubIntegration.Attempt> attempts = integration.attemptsMentioning(messageId);
            assertThat(attempts).extracting(StubIntegration.Attempt::status).containsExactly(500, 500, 200);
            assertThat(attempts).allMatch(StubIntegration.Attempt::signatureVerified);
            assertThat(attempts).extracting(StubIntegration.Attempt::webhookId).containsOnly(attempts.get(0).webhookId());
            JsonNode view = json(get("/api/conversations/" + BUYER, agent, 200));
            JsonNode sent = null;
            for (JsonNode m : view.get("messages")) {
                if (messageId.equals(m.get("id").asString())) {
                    sent = m;
                }
            }
            assertThat(sent).isNotNull();
            assertThat(sent.get("status").asString()).isEqualTo("DELIVERED");
        });
        Thread.sleep(3000);
        assertThat(integration.attemptsMentioning(messageId)).hasSize(3);
    }

    @Test
    @Order(8)
    void anUnpaidOrderGetsOnePaymentReminderAndAPaidOneNone() throws Exception {
        String buyer = "tb_buyer_" + UUID.randomUUID().toString().substring(0, 8);
        String unpaid = "TB-UNPAID-" + UUID.randomUUID();
        String paidOrder = "TB-PAID-" + UUID.randomUUID();
        String secret = stack.webhookSecret("shop-demo");
        for (String order : List.of(unpaid, paidOrder)) {
            ObjectNode created = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED);
            created.put("orderId", order).put("buyerId", buyer).put("createdAt", Instant.now().toString());
            assertThat(webhook("shop-demo", "msg_" + UUID.randomUUID(), envelope("order.created", created), secret)
                    .statusCode()).isEqualTo(202);
        }
        ObjectNode paid = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        paid.put("orderId", paidOrder).put("buyerId", buyer).put("paidAt", Instant.now().toString());
        assertThat(webhook("shop-demo", "msg_" + UUID.randomUUID(), envelope("order.paid", paid), secret)
                .statusCode()).isEqualTo(202);

        String agent = devToken("shop-demo");
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode reminder = message(json(get("/api/conversations/" + buyer, agent, 200)), "payment-reminder");
            assertThat(reminder).isNotNull();
            assertThat(reminder.get("orderId").asString()).isEqualTo(unpaid);
            assertThat(reminder.get("text").asString()).contains("明前龙井");
        });
        Thread.sleep(5000);
        JsonNode view = json(get("/api/conversations/" + buyer, agent, 200));
        int reminders = 0;
        for (JsonNode m : view.get("messages")) {
            if ("payment-reminder".equals(m.path("scriptKey").asString(null))) {
                reminders++;
            }
        }
        assertThat(reminders).isEqualTo(1);
    }

    /** What test 9 sends and nothing may keep in clear: a phone in several spellings, a street address, a name. */
    static final List<String> PERSONAL_DATA = List.of("13812348000", "138 1234 8000", "1234 8000", "文三路", "502室",
            "3单元", "张三", "receiverPhone", "receiverName");
    static final String PII_ORDER = "TB-PII-" + UUID.randomUUID();

    @Test
    @Order(9)
    void personalDataSentWithAnOrderAChatAndAReviewIsNowhereInClear() throws Exception {
        String buyer = "tb_buyer_pii_" + UUID.randomUUID().toString().substring(0, 8);
        String secret = stack.webhookSecret("shop-demo");
        ObjectNode paid = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        paid.put("orderId", PII_ORDER).put("buyerId", buyer).put("paidAt", Instant.now().toString())
                .put("receiverPhone", "+86 138 1234 8000").put("receiverName", "张三");
        ObjectNode address = Fixtures.json(EventTypes.MARKETPLACE_ORDER_ADDRESS_CHANGED);
        address.put("orderId", PII_ORDER).put("buyerId", buyer).put("changedAt", Instant.now().toString())
                .put("address", "张三 13812348000 浙江省杭州市西湖区文三路90号3单元502室");
        ObjectNode chat = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED);
        chat.put("buyerId", buyer).put("messageId", "msg-pii-" + UUID.randomUUID()).put("orderId", PII_ORDER)
                .put("sentAt", Instant.now().toString()).put("text", "地址改了，新电话 138 1234 8000，麻烦备注一下");
        ObjectNode review = Fixtures.json(EventTypes.MARKETPLACE_REVIEW_POSTED);
        review.put("orderId", PII_ORDER).put("buyerId", buyer).put("reviewId", "rv-pii-" + UUID.randomUUID())
                .put("postedAt", Instant.now().toString()).put("content", "快递员打我电话13812348000，态度太差了");
        for (var event : List.of(Map.entry("order.paid", paid), Map.entry("order.address-changed", address),
                Map.entry("message.received", chat), Map.entry("review.posted", review))) {
            HttpResponse<String> accepted = webhook("shop-demo", "msg_" + UUID.randomUUID(),
                    envelope(event.getKey(), event.getValue()), secret);
            assertThat(accepted.statusCode()).as(event.getKey() + ": " + accepted.body()).isEqualTo(202);
        }

        // Applied everywhere first: the chat (masked) in the conversation, the order and the review in the overview.
        String agent = devToken("shop-demo");
        List<String> answers = new java.util.ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            answers.clear();
            String overview = get("/api/customers/" + buyer + "/overview", agent, 200);
            JsonNode view = json(overview);
            assertThat(view.at("/orders/0/orderId").asString()).isEqualTo(PII_ORDER);
            assertThat(view.get("reviews")).hasSize(1);
            assertThat(overview).contains("138 **** 8000");
            answers.add(overview);
        });
        for (String path : List.of("/api/orders?buyerId=" + buyer, "/api/orders/" + PII_ORDER,
                "/api/conversations/" + buyer, "/api/reviews?buyerId=" + buyer, "/api/cases?buyerId=" + buyer)) {
            answers.add(get(path, agent, 200));
        }

        PiiScan scan = new PiiScan(PERSONAL_DATA);
        for (String answer : answers) {
            assertThat(scan.text(answer, "an API answer")).as(answer).isEmpty();
        }
        List<String> topics = new java.util.ArrayList<>();
        assertThat(scan.topics(stack.kafka(), topics)).isEmpty();
        assertThat(topics).contains(Topics.MARKETPLACE_ORDERS, Topics.MARKETPLACE_MESSAGES,
                Topics.deadLetter(Topics.MARKETPLACE_ORDERS), Topics.MESSAGE_OUTBOUND);
        List<Path> files = new java.util.ArrayList<>();
        assertThat(scan.files(dataDir, files)).isEmpty();
        // The scan can see: the same run's order id and the masked phone are found where they were written.
        PiiScan control = new PiiScan(List.of(PII_ORDER, "138 **** 8000"));
        assertThat(control.topics(stack.kafka(), new java.util.ArrayList<>()).keySet()).containsExactlyInAnyOrder(
                PII_ORDER, "138 **** 8000");
        assertThat(control.files(dataDir, new java.util.ArrayList<>()).get(PII_ORDER))
                .anyMatch(f -> f.contains(".log"));
        System.out.println("PII scan: " + topics.size() + " topics, " + files.size() + " files, " + answers.size()
                + " API answers, nothing found");
    }

    /** The first message of the conversation sent with {@code scriptKey}, or null. */
    private static JsonNode message(JsonNode view, String scriptKey) {
        for (JsonNode m : view.get("messages")) {
            if (scriptKey.equals(m.path("scriptKey").asString(null))) {
                return m;
            }
        }
        return null;
    }

    private static String post(String path, String token, Object body, int expectedStatus) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gateway() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(EventJson.mapper().writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return response.body();
    }

    private static byte[] orderPaid() {
        ObjectNode data = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        data.put("orderId", ORDER);
        data.put("buyerId", BUYER);
        return envelope("order.paid", data);
    }

    private static byte[] envelope(String type, ObjectNode data) {
        ObjectNode root = EventJson.mapper().createObjectNode();
        root.put("type", type);
        root.put("timestamp", Instant.now().toString());
        root.set("data", data);
        return EventJson.mapper().writeValueAsBytes(root);
    }

    private static HttpResponse<String> webhook(String shop, String id, byte[] body, String secret) throws Exception {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.gateway() + "/webhooks/" + shop))
                        .header("Content-Type", "application/json")
                        .header("webhook-id", id)
                        .header("webhook-timestamp", timestamp)
                        .header("webhook-signature", WebhookSignature.signature(secret, id, timestamp, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String devToken(String shop) throws Exception {
        byte[] request = EventJson.mapper().writeValueAsBytes(Map.of("shopId", shop, "agentId", "agent-8",
                "roles", List.of("agent")));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gateway() + "/auth/dev-token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body()).get("token").asString();
    }

    private static String get(String path, String token, int expectedStatus) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gateway() + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(expectedStatus);
        return response.body();
    }

    private static JsonNode json(String text) {
        return EventJson.mapper().readTree(text);
    }
}
