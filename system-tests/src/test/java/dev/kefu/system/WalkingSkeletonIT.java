package dev.kefu.system;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.platform.testing.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.net.URI;
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

import static dev.kefu.system.GatewayClient.envelope;
import static dev.kefu.system.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton through the real local stack: a signed order.paid webhook → gateway → Kafka → order-service
 * → order-paid → conversation-service's proactive thanks → the agent's customer overview; tenant isolation; bad
 * input refused before Kafka; a poison record dead-lettered without stopping the consumer; data kept over a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkingSkeletonIT {

    // Every port stays below the ephemeral range (32768+), where an outgoing connection could hold it. Another offset
    // (-Dkefu.e2e.port-offset=4000) lets a second checkout run this test beside one already running.
    private static final int PORT_OFFSET = Integer.getInteger("kefu.e2e.port-offset", 3000);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration GREETING_TARGET = Duration.ofSeconds(3);

    @TempDir
    static Path dataDir;

    static LocalStack stack;
    static GatewayClient kefu;
    static StubIntegration integration;
    static final String ORDER = "TB-E2E-" + UUID.randomUUID();
    static final String BUYER = "tb_buyer_" + UUID.randomUUID().toString().substring(0, 8);
    /** The agent desk's shop: its own, so the other tests' waiting buyers are not in its queue. */
    static final String DESK_SHOP = "shop-desk";
    static final Duration DESK_FIRST_RESPONSE = Duration.ofSeconds(4);
    /** The shop that knows its products and regulars: its own, so its day's summary holds only its test's work. */
    static final String KNOWING_SHOP = "shop-know";
    /** After-sales end to end: its own shop, so its cases and drafts are only its test's. */
    static final String AFTERSALES_SHOP = "shop-care";
    /** A refund from request to payout, and the transcript as evidence: its own shop. */
    static final String REFUND_SHOP = "shop-refund";

    @BeforeAll
    static void startTheStackTheReadmeWay() throws Exception {
        integration = new StubIntegration(2);
        stack = startStack();
        kefu = new GatewayClient(stack.gateway());
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
                "--shop=shop-demo.payment-reminder-after=PT3S",
                "--add-shop=" + DESK_SHOP,
                "--shop=" + DESK_SHOP + ".time-zone=UTC",
                "--shop=" + DESK_SHOP + ".business-hours=" + open,
                "--shop=" + DESK_SHOP + ".sla.first-response=" + DESK_FIRST_RESPONSE,
                "--add-shop=" + KNOWING_SHOP,
                "--shop=" + KNOWING_SHOP + ".time-zone=UTC",
                "--shop=" + KNOWING_SHOP + ".business-hours=" + open,
                "--add-shop=" + AFTERSALES_SHOP,
                "--shop=" + AFTERSALES_SHOP + ".time-zone=UTC",
                "--shop=" + AFTERSALES_SHOP + ".business-hours=" + open,
                "--add-shop=" + REFUND_SHOP,
                "--shop=" + REFUND_SHOP + ".time-zone=UTC",
                "--shop=" + REFUND_SHOP + ".business-hours=" + open,
                "--add-shop=" + AgentConsole.CONSOLE_SHOP,
                "--shop=" + AgentConsole.CONSOLE_SHOP + ".delivery-url=" + integration.url(),
                "--shop=" + AgentConsole.CONSOLE_SHOP + ".time-zone=UTC",
                "--shop=" + AgentConsole.CONSOLE_SHOP + ".business-hours=" + open,
                "--shop=" + AgentConsole.CONSOLE_SHOP + ".sla.first-response=" + AgentConsole.CONSOLE_FIRST_RESPONSE,
                "--add-shop=" + AgentConsole.CARE_SHOP,
                "--shop=" + AgentConsole.CARE_SHOP + ".time-zone=UTC",
                "--shop=" + AgentConsole.CARE_SHOP + ".business-hours=" + open),
                Map.of("KEFU_GATEWAY_DELIVERY_BACKOFF", "PT1S,PT2S,PT4S"));
    }

    @AfterAll
    static void stopItByPid() {
        if (stack != null) {
            stack.closeAndCheckNothingLeft();
        }
        if (integration != null) {
            integration.close();
        }
    }

    @Test
    @Order(1)
    void aSignedOrderPaidWebhookEndsAsAPaymentThankYouInTheCustomerOverview() throws Exception {
        HttpResponse<String> accepted = kefu.webhook("shop-demo", "msg_" + UUID.randomUUID(), orderPaid(), stack.webhookSecret("shop-demo"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        String agent = kefu.devToken("shop-demo");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode overview = json(kefu.get("/api/customers/" + BUYER + "/overview", agent, 200));
            assertThat(overview.at("/orders/0/orderId").asString()).isEqualTo(ORDER);
            assertThat(overview.at("/orders/0/status").asString()).isEqualTo("PAID");
            // the thank-you may come a moment after the order shows PAID (another service): absent is "not yet"
            JsonNode message = overview.at("/conversation/messages/0");
            assertThat(message.path("author").asString("")).isEqualTo("KEFU");
            assertThat(message.path("scriptKey").asString("")).isEqualTo("payment-received");
            assertThat(message.path("text").asString("")).contains(ORDER);
            assertThat(overview.get("unavailable")).isEmpty();
        });

        kefu.get("/api/customers/" + BUYER + "/overview", kefu.devToken("shop-rival"), 404);
    }

    @Test
    @Order(2)
    void unsignedAndInvalidWebhooksAreRefusedBeforeKafka() throws Exception {
        String secret = stack.webhookSecret("shop-demo");
        String unsigned = "msg_unsigned_" + UUID.randomUUID();
        HttpResponse<String> noSignature = GatewayClient.HTTP.send(HttpRequest.newBuilder(URI.create(stack.gateway() + "/webhooks/shop-demo"))
                .header("webhook-id", unsigned).POST(HttpRequest.BodyPublishers.ofByteArray(orderPaid())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noSignature.statusCode()).isEqualTo(401);

        String forged = "msg_forged_" + UUID.randomUUID();
        assertThat(kefu.webhook("shop-demo", forged, orderPaid(), stack.webhookSecret("shop-rival")).statusCode()).isEqualTo(401);

        ObjectNode data = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        data.remove("orderId");
        String invalid = "msg_invalid_" + UUID.randomUUID();
        HttpResponse<String> missingField = kefu.webhook("shop-demo", invalid, envelope("order.paid", data), secret);
        assertThat(missingField.statusCode()).isEqualTo(400);
        assertThat(json(missingField.body()).at("/errors/0/field").asString()).isEqualTo("$.data.orderId");

        String malformed = "msg_malformed_" + UUID.randomUUID();
        HttpResponse<String> broken = kefu.webhook("shop-demo", malformed, "{\"type\":\"order.paid\",".getBytes(), secret);
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
        assertThat(kefu.webhook("shop-demo", "msg_" + UUID.randomUUID(), envelope("order.paid", data),
                stack.webhookSecret("shop-demo")).statusCode()).isEqualTo(202);
        String agent = kefu.devToken("shop-demo");
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(json(kefu.get("/api/orders/" + later, agent, 200)).get("status").asString()).isEqualTo("PAID"));
    }

    @Test
    @Order(4)
    void whatWasAcceptedSurvivesARestart() throws Exception {
        stack.close();
        stack = startStack();

        String agent = kefu.devToken("shop-demo");
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode overview = json(kefu.get("/api/customers/" + BUYER + "/overview", agent, 200));
            assertThat(overview.get("unavailable")).isEmpty();
            assertThat(overview.get("orders")).extracting(o -> o.get("orderId").asString()).contains(ORDER);
            assertThat(overview.at("/conversation/messages/0/scriptKey").asString()).isEqualTo("payment-received");
        });
    }

    @Test
    @Order(5)
    void everyServiceDescribesItsApiThroughTheGateway() throws Exception {
        for (String service : List.of("order-service", "conversation-service", "aftersales-service", "review-service")) {
            HttpResponse<String> docs = kefu.call("GET", "/v3/api-docs/services/" + service, null, null);
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
        assertThat(kefu.webhook("shop-demo", "msg_" + UUID.randomUUID(), envelope("order.created", created), secret)
                .statusCode()).isEqualTo(202);
        ObjectNode paid = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        paid.put("orderId", order).put("buyerId", buyer);
        assertThat(kefu.webhook("shop-demo", "msg_" + UUID.randomUUID(), envelope("order.paid", paid), secret)
                .statusCode()).isEqualTo(202);
        String agent = kefu.devToken("shop-demo");
        await().atMost(WAIT).untilAsserted(() -> kefu.get("/api/conversations/" + buyer, agent, 200));

        ObjectNode question = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED);
        String messageId = "m-" + UUID.randomUUID();
        Instant asked = Instant.now();
        question.put("buyerId", buyer).put("messageId", messageId).put("orderId", order)
                .put("text", "亲，请问什么时候发货？").put("sentAt", asked.toString());
        assertThat(kefu.webhook("shop-demo", "msg_" + UUID.randomUUID(), envelope("message.received", question), secret)
                .statusCode()).isEqualTo(202);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode view = json(kefu.get("/api/conversations/" + buyer, agent, 200));
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
        String agent = kefu.devToken("shop-demo");
        JsonNode reply = json(kefu.post("/api/conversations/" + BUYER + "/messages", agent,
                Map.of("text", "亲，您的宝贝已经在打包了，今天就发出～"), 201));
        String messageId = reply.get("id").asString();
        assertThat(reply.get("status").asString()).isEqualTo("QUEUED");

        await().atMost(WAIT).untilAsserted(() -> {
            List<StubIntegration.Attempt> attempts = integration.attemptsMentioning(messageId);
            assertThat(attempts).extracting(StubIntegration.Attempt::status).containsExactly(500, 500, 200);
            assertThat(attempts).allMatch(StubIntegration.Attempt::signatureVerified);
            assertThat(attempts).extracting(StubIntegration.Attempt::webhookId).containsOnly(attempts.get(0).webhookId());
            JsonNode view = json(kefu.get("/api/conversations/" + BUYER, agent, 200));
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
            assertThat(kefu.webhook("shop-demo", "msg_" + UUID.randomUUID(), envelope("order.created", created), secret)
                    .statusCode()).isEqualTo(202);
        }
        ObjectNode paid = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        paid.put("orderId", paidOrder).put("buyerId", buyer).put("paidAt", Instant.now().toString());
        assertThat(kefu.webhook("shop-demo", "msg_" + UUID.randomUUID(), envelope("order.paid", paid), secret)
                .statusCode()).isEqualTo(202);

        String agent = kefu.devToken("shop-demo");
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode reminder = message(json(kefu.get("/api/conversations/" + buyer, agent, 200)), "payment-reminder");
            assertThat(reminder).isNotNull();
            assertThat(reminder.get("orderId").asString()).isEqualTo(unpaid);
            assertThat(reminder.get("text").asString()).contains("明前龙井");
        });
        Thread.sleep(5000);
        JsonNode view = json(kefu.get("/api/conversations/" + buyer, agent, 200));
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
    static final String PII_BUYER = "tb_buyer_pii_" + UUID.randomUUID().toString().substring(0, 8);
    static final String PII_REVIEW = "rv-pii-" + UUID.randomUUID();

    @Test
    @Order(9)
    void personalDataSentWithAnOrderAChatAndAReviewIsNowhereInClear() throws Exception {
        String buyer = PII_BUYER;
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
        review.put("orderId", PII_ORDER).put("buyerId", buyer).put("reviewId", PII_REVIEW)
                .put("postedAt", Instant.now().toString()).put("content", "快递员打我电话13812348000，态度太差了");
        for (var event : List.of(Map.entry("order.paid", paid), Map.entry("order.address-changed", address),
                Map.entry("message.received", chat), Map.entry("review.posted", review))) {
            HttpResponse<String> accepted = kefu.webhook("shop-demo", "msg_" + UUID.randomUUID(),
                    envelope(event.getKey(), event.getValue()), secret);
            assertThat(accepted.statusCode()).as(event.getKey() + ": " + accepted.body()).isEqualTo(202);
        }

        // Applied everywhere first: the chat (masked) in the conversation, the order and the review in the overview.
        String agent = kefu.devToken("shop-demo");
        List<String> answers = new java.util.ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            answers.clear();
            String overview = kefu.get("/api/customers/" + buyer + "/overview", agent, 200);
            JsonNode view = json(overview);
            assertThat(view.at("/orders/0/orderId").asString()).isEqualTo(PII_ORDER);
            assertThat(view.get("reviews")).hasSize(1);
            assertThat(overview).contains("138 **** 8000");
            answers.add(overview);
        });
        for (String path : List.of("/api/orders?buyerId=" + buyer, "/api/orders/" + PII_ORDER,
                "/api/conversations/" + buyer, "/api/reviews?buyerId=" + buyer, "/api/cases?buyerId=" + buyer)) {
            answers.add(kefu.get(path, agent, 200));
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

    /**
     * Cross-shop, on every agent route the gateway serves: an agent of another shop (a supervisor, who may do the
     * most) reads nothing of the demo shop and changes nothing of it. Reads of one thing are a 404 as if it did not
     * exist (never a 403 that would confirm it does), lists are empty; the demo shop's data is the same afterwards.
     * Runs after the ordered tests above, on the same stack and their data.
     */
    @Nested
    class AnotherShopsAgent {

        @Test
        void readsNothingAndChangesNothingOfTheShopOnAnyRoute() throws Exception {
            String own = kefu.devToken("shop-demo");
            String rival = kefu.devToken("shop-rival", "agent-9", List.of("supervisor"));
            long apologiesBefore = complaintReplies(own);
            String caseId = json(kefu.post("/api/cases", own, Map.of("buyerId", BUYER, "orderId", ORDER,
                    "platform", "taobao", "kind", "COMPLAINT", "reason", "包装破损"), 201)).get("caseId").asString();
            // the complaint's apology reaches the conversation a moment later; the snapshot is taken after it
            await().atMost(WAIT).untilAsserted(() -> assertThat(complaintReplies(own)).isGreaterThan(apologiesBefore));
            List<String> ownViews = List.of("/api/orders/" + ORDER, "/api/cases/" + caseId, "/api/reviews/" + PII_REVIEW,
                    "/api/orders?buyerId=" + BUYER, "/api/cases?buyerId=" + BUYER, "/api/reviews?buyerId=" + PII_BUYER);
            Map<String, String> before = new java.util.LinkedHashMap<>();
            for (String path : ownViews) {
                before.put(path, kefu.get(path, own, 200));
            }
            int messagesBefore = json(kefu.get("/api/conversations/" + BUYER, own, 200)).get("messages").size();

            Map<String, Integer> reads = new java.util.LinkedHashMap<>();
            reads.put("/api/orders/" + ORDER, 404);
            reads.put("/api/cases/" + caseId, 404);
            reads.put("/api/reviews/" + PII_REVIEW, 404);
            reads.put("/api/conversations/" + BUYER, 404);
            reads.put("/api/customers/" + BUYER + "/overview", 404);
            reads.put("/api/orders?buyerId=" + BUYER, 200);
            reads.put("/api/cases?buyerId=" + BUYER, 200);
            reads.put("/api/reviews?buyerId=" + PII_BUYER, 200);
            reads.put("/api/reviews?sentiment=NEGATIVE&followUp=NONE", 200);
            reads.put("/api/conversations?awaitingReply=true", 200);
            List<String> ids = List.of(BUYER, PII_BUYER, ORDER, caseId, PII_REVIEW);
            for (var read : reads.entrySet()) {
                String answer = kefu.get(read.getKey(), rival, read.getValue());
                // a 404 repeats what was asked for (its instance and detail); nothing else of the shop may appear
                for (String asked : ids) {
                    if (read.getKey().contains(asked)) {
                        answer = answer.replace(asked, "<asked>");
                    }
                }
                for (String id : ids) {
                    assertThat(answer).as(read.getKey()).doesNotContain(id);
                }
            }

            Map<String, Object> writes = new java.util.LinkedHashMap<>();
            writes.put("/api/orders/" + ORDER + "/fee-changes", Map.of("newTotal", "1.00", "reason", "改价"));
            writes.put("/api/conversations/" + BUYER + "/messages", Map.of("text", "别家店铺的消息"));
            writes.put("/api/cases/" + caseId + "/assign", Map.of());
            writes.put("/api/cases/" + caseId + "/notes", Map.of("text", "别家店铺的备注"));
            writes.put("/api/cases/" + caseId + "/escalate", Map.of("reason", "别家店铺"));
            writes.put("/api/cases/" + caseId + "/reject", Map.of("reason", "别家店铺"));
            writes.put("/api/cases/" + caseId + "/resolve", Map.of("outcome", "EXPLAINED", "resolution", "别家店铺"));
            writes.put("/api/reviews/" + PII_REVIEW + "/follow-ups", Map.of("status", "RESOLVED", "note", "别家店铺"));
            for (var write : writes.entrySet()) {
                kefu.post(write.getKey(), rival, write.getValue(), 404);
            }

            for (String path : ownViews) {
                assertThat(kefu.get(path, own, 200)).as(path).isEqualTo(before.get(path));
            }
            JsonNode conversation = json(kefu.get("/api/conversations/" + BUYER, own, 200));
            assertThat(conversation.get("messages")).hasSize(messagesBefore);
            assertThat(conversation.toString()).doesNotContain("别家店铺");
        }

        private long complaintReplies(String token) throws Exception {
            JsonNode messages = json(kefu.get("/api/conversations/" + BUYER, token, 200)).get("messages");
            long replies = 0;
            for (JsonNode m : messages) {
                replies += "complaint-opened".equals(m.path("cause").asString()) ? 1 : 0;
            }
            return replies;
        }
    }

    /** A signed webhook of {@code type} to {@code shop}, which the gateway must accept (202). */
    static void accepted(String shop, String secret, String type, ObjectNode data) throws Exception {
        HttpResponse<String> answer = kefu.webhook(shop, "msg_" + UUID.randomUUID(), envelope(type, data), secret);
        assertThat(answer.statusCode()).as(type + ": " + answer.body()).isEqualTo(202);
    }

    /** A buyer's chat message to {@code shop}, about {@code orderId} when not null, as the marketplace sends it. */
    static void buyerWrites(String shop, String secret, String buyer, String orderId, String text) throws Exception {
        ObjectNode message = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED);
        message.put("buyerId", buyer).put("messageId", "m-" + UUID.randomUUID()).put("text", text)
                .put("sentAt", Instant.now().toString());
        message.remove("orderId");
        if (orderId != null) {
            message.put("orderId", orderId);
        }
        message.remove("shopId");
        assertThat(kefu.webhook(shop, "msg_" + UUID.randomUUID(), envelope("message.received", message), secret)
                .statusCode()).isEqualTo(202);
    }

    static ObjectNode order(String buyer, String orderId) {
        ObjectNode created = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED);
        created.put("orderId", orderId).put("buyerId", buyer).put("createdAt", Instant.now().toString());
        created.remove("shopId");
        return created;
    }

    static ObjectNode paid(String buyer, String orderId) {
        ObjectNode paid = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        paid.put("orderId", orderId).put("buyerId", buyer).put("paidAt", Instant.now().toString());
        paid.remove("shopId");
        return paid;
    }

    /**
     * The agent desk end to end: two agents of one shop, one online with capacity 1. The first waiting buyer is
     * assigned to them, the second waits (and misses the response target: sla-breached on this shop's stream, not on
     * another shop's) and is assigned when the first conversation closes. A stream that reconnects with its
     * Last-Event-ID gets exactly what a stream that stayed open got meanwhile. The day's KPIs equal the counts by hand.
     */
    @Nested
    class AgentDesk {

        @Test
        void routesByCapacityReportsTheBreachOnlyToItsShopResumesWithoutLossAndCountsTheDay() throws Exception {
            Instant dayStart = Instant.now().minusSeconds(60);
            String secret = stack.webhookSecret(DESK_SHOP);
            String one = kefu.devToken(DESK_SHOP, "agent-1", List.of("agent"));
            String two = kefu.devToken(DESK_SHOP, "agent-2", List.of("agent"));
            String lead = kefu.devToken(DESK_SHOP, "lead", List.of("supervisor"));
            String first = "tb_buyer_desk1_" + UUID.randomUUID().toString().substring(0, 6);
            String second = "tb_buyer_desk2_" + UUID.randomUUID().toString().substring(0, 6);
            try (AgentStream watching = AgentStream.open(stack.gateway(), lead, null);
                 AgentStream rival = AgentStream.open(stack.gateway(), kefu.devToken("shop-rival"), null)) {
                AgentStream dropping = AgentStream.open(stack.gateway(), one, null);
                kefu.put("/api/agents/me/presence", one, Map.of("status", "ONLINE", "role", "PRE_SALE", "capacity", 1), 200);
                kefu.put("/api/agents/me/presence", two, Map.of("status", "OFFLINE", "role", "PRE_SALE"), 200);

                buyerWrites(DESK_SHOP, secret, first, null, "在吗？这款茶叶还有货吗");
                await().atMost(WAIT).until(() -> "agent-1".equals(conversation(lead, first).path("assignee").asString(null)));
                await().atMost(WAIT).until(() -> !dropping.named("conversation-assigned", first).isEmpty());
                String droppedAt = dropping.named("conversation-assigned", first).get(0).id();
                dropping.close();

                buyerWrites(DESK_SHOP, secret, second, null, "你好，请问发什么快递？");
                await().atMost(WAIT).until(() -> "PRE_SALE".equals(conversation(lead, second).path("queuedFor").asString(null)));
                assertThat(conversation(lead, second).path("assignee").asString(null)).as("agent-1 is full").isNull();
                // nobody answers the second buyer within the target: the breach is on this shop's stream only
                await().atMost(WAIT).until(() -> !watching.named("sla-breached", second).isEmpty());
                assertThat(rival.named("sla-breached", second)).isEmpty();

                kefu.post("/api/conversations/" + first + "/messages", one, Map.of("text", "有货的亲，今天下单今天发"), 201);
                kefu.post("/api/conversations/" + first + "/close", one, null, 200);
                await().atMost(WAIT).until(() -> "agent-1".equals(conversation(lead, second).path("assignee").asString(null)));
                // agent-1's inbox: the second buyer, waiting past the target, on top; every service answered
                JsonNode inbox = json(kefu.get("/api/inbox?assignee=me", one, 200));
                assertThat(inbox.get("unavailable")).isEmpty();
                assertThat(inbox.at("/items/0/kind").asString()).isEqualTo("AWAITING_REPLY");
                assertThat(inbox.at("/items/0/buyerId").asString()).isEqualTo(second);
                assertThat(inbox.at("/items/0/assignee").asString()).isEqualTo("agent-1");
                assertThat(inbox.at("/items/0/reasons").toString()).contains("response-target-missed");
                kefu.post("/api/conversations/" + second + "/messages", one, Map.of("text", "默认发中通快递哦"), 201);
                assertThat(kefu.webhook(DESK_SHOP, "msg_" + UUID.randomUUID(), envelope("order.created",
                        order(first, "TB-DESK-" + first)), secret).statusCode()).isEqualTo(202);
                assertThat(kefu.webhook(DESK_SHOP, "msg_" + UUID.randomUUID(), envelope("order.paid",
                        paid(first, "TB-DESK-" + first)), secret).statusCode()).isEqualTo(202);

                await().atMost(WAIT).until(() -> watching.named("conversation-assigned", second).size() == 1
                        && !watching.named("order-paid", first).isEmpty());
                assertThat(watching.named("conversation-assigned", "\"" + DESK_SHOP + "\""))
                        .extracting(e -> json(e.data()).get("buyerId").asString() + ":" + json(e.data()).get("reason").asString())
                        .containsExactly(first + ":ROUTED", first + ":CLOSED", second + ":ROUTED");
                try (AgentStream resumed = AgentStream.open(stack.gateway(), one, droppedAt)) {
                    List<String> missed = watching.after(droppedAt).stream().map(AgentStream.Event::id).toList();
                    await().atMost(WAIT).until(() -> resumed.after(droppedAt).size() >= missed.size());
                    assertThat(resumed.after(droppedAt).stream().map(AgentStream.Event::id).toList())
                            .as("nothing lost, nothing repeated").startsWith(missed.toArray(String[]::new))
                            .doesNotHaveDuplicates();
                }
                assertThat(rival.events).noneMatch(e -> e.data().contains(DESK_SHOP));

                // the day by hand: two buyers wrote, agent-1 answered both, each within 3 minutes, the first paid
                String kpis = "/api/kpis?from=" + dayStart + "&to=" + Instant.now().plusSeconds(60);
                await().atMost(WAIT).untilAsserted(() -> assertThat(json(kefu.get(kpis, lead, 200))
                        .at("/shop/inquiryConversionRate/count").asInt()).isEqualTo(1));
                JsonNode day = json(kefu.get(kpis, lead, 200));
                assertThat(day.at("/shop/conversationsHandled").asInt()).isEqualTo(2);
                assertThat(day.at("/shop/threeMinuteResponseRate/count").asInt()).isEqualTo(2);
                assertThat(day.at("/shop/threeMinuteResponseRate/of").asInt()).isEqualTo(2);
                assertThat(day.at("/shop/inquiryConversionRate/of").asInt()).isEqualTo(2);
                assertThat(day.at("/agents/agent-1/conversationsHandled").asInt()).isEqualTo(2);
                assertThat(day.at("/agents/agent-1/inquiryConversionRate/count").asInt()).isEqualTo(1);
                assertThat(day.at("/agents/agent-2").isMissingNode()).as("agent-2 answered nobody").isTrue();
                assertThat(day.get("unavailable")).isEmpty();
                kefu.get(kpis + "&agentId=agent-1", two, 403);
            }
        }

        /** The buyer's conversation, or a missing node while the shop does not know them yet. */
        private JsonNode conversation(String token, String buyer) throws Exception {
            HttpResponse<String> view = kefu.call("GET", "/api/conversations/" + buyer, token, null);
            return view.statusCode() == 200 ? json(view.body()).path("conversation")
                    : tools.jackson.databind.node.MissingNode.getInstance();
        }

    }

    /**
     * Know the shop and the buyer: a shop with a product fact and a promotion; a buyer with three earlier paid orders
     * asks what the bag is made of and for a discount. The suggestions quote the material and the valid promotion and
     * welcome them as a regular; the inbox and the overview say they are returning, with their customer file. The
     * agent answers with the promotion, and the day's work summary lists that conversation's figures.
     */
    @Nested
    class KnowTheShop {

        @Test
        void aReturningBuyerAskingAboutTheMaterialAndADiscountIsAnsweredFromTheShopsKnowledge() throws Exception {
            String secret = stack.webhookSecret(KNOWING_SHOP);
            String lead = kefu.devToken(KNOWING_SHOP, "lead", List.of("supervisor"));
            String agent = kefu.devToken(KNOWING_SHOP, "agent-1", List.of("agent"));
            String buyer = "tb_buyer_regular_" + UUID.randomUUID().toString().substring(0, 6);
            String sku = "BAG-TOTE-BLACK";
            Instant now = Instant.now();
            kefu.put("/api/products/" + sku, lead, Map.of("facts", Map.of("zh",
                    Map.of("title", "通勤托特包", "material", "头层牛皮，内衬纯棉"))), 200);
            kefu.put("/api/promotions/double-12", lead, Map.of("kind", "THRESHOLD_DISCOUNT",
                    "texts", Map.of("zh", "全店满299减30"), "validFrom", now.minusSeconds(3600).toString(),
                    "validUntil", now.plusSeconds(86_400).toString()), 200);
            kefu.put("/api/products/" + sku, agent, Map.of("facts", Map.of("zh", Map.of("material", "x"))), 403);

            for (int i = 1; i <= 3; i++) {
                String earlier = "TB-REG-" + i + "-" + buyer;
                ObjectNode created = order(buyer, earlier);
                created.putArray("items").addObject().put("sku", sku).put("title", "通勤托特包 黑色").put("quantity", 1)
                        .put("price", "399.00");
                assertThat(kefu.webhook(KNOWING_SHOP, "msg_" + UUID.randomUUID(), envelope("order.created", created),
                        secret).statusCode()).isEqualTo(202);
                assertThat(kefu.webhook(KNOWING_SHOP, "msg_" + UUID.randomUUID(), envelope("order.paid",
                        paid(buyer, earlier)), secret).statusCode()).isEqualTo(202);
            }
            String current = "TB-REG-NOW-" + buyer;
            ObjectNode created = order(buyer, current);
            created.putArray("items").addObject().put("sku", sku).put("title", "通勤托特包 黑色").put("quantity", 1)
                    .put("price", "399.00");
            assertThat(kefu.webhook(KNOWING_SHOP, "msg_" + UUID.randomUUID(), envelope("order.created", created),
                    secret).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> json(kefu.get("/api/conversations/" + buyer, agent, 200))
                    .at("/conversation/paidOrders").asInt() == 3);

            buyerWrites(KNOWING_SHOP, secret, buyer, current, "这个包是什么材质的？能便宜点吗");
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode suggestions = json(kefu.get("/api/conversations/" + buyer, agent, 200)).get("suggestions");
                assertThat(suggestions.toString()).contains("product-fact").contains("头层牛皮，内衬纯棉")
                        .contains("promotion-offer").contains("全店满299减30")
                        .contains("returning-customer").contains("老顾客的订单我们会优先为您安排发货");
            });
            JsonNode inbox = json(kefu.get("/api/inbox?kind=AWAITING_REPLY", agent, 200));
            assertThat(inbox.get("items")).filteredOn(i -> buyer.equals(i.get("buyerId").asString()))
                    .singleElement().satisfies(i -> assertThat(i.get("reasons").toString()).contains("returning-customer"));
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode overview = json(kefu.get("/api/customers/" + buyer + "/overview", agent, 200));
                assertThat(overview.get("returning").asBoolean()).isTrue();
                assertThat(overview.get("languages").toString()).isEqualTo("[\"zh\"]");
                assertThat(overview.at("/file/paidOrders").asInt()).isEqualTo(3);
                assertThat(overview.get("unavailable")).isEmpty();
            });
            JsonNode view = json(kefu.get("/api/conversations/" + buyer, agent, 200));
            String offer = null;
            for (JsonNode list : view.get("suggestions")) {
                for (JsonNode suggestion : list) {
                    if ("promotion-offer".equals(suggestion.get("scriptKey").asString())) {
                        offer = suggestion.get("text").asString();
                    }
                }
            }
            assertThat(offer).contains("全店满299减30");
            kefu.post("/api/conversations/" + buyer + "/messages", agent, Map.of("text", offer), 201);

            // the day's summary (工作总结) for agent-1 lists that conversation, with the KPI API's figures
            String today = java.time.LocalDate.now(ZoneOffset.UTC).toString();
            String summary = "/api/summaries?period=day&date=" + today + "&agentId=agent-1";
            await().atMost(WAIT).untilAsserted(() -> assertThat(json(kefu.get(summary, lead, 200))
                    .at("/agents/agent-1/figures/conversationsHandled").asInt()).isEqualTo(1));
            JsonNode day = json(kefu.get(summary, lead, 200));
            JsonNode mine = day.at("/agents/agent-1");
            assertThat(mine.at("/figures/threeMinuteResponseRate/count").asInt()).isEqualTo(1);
            assertThat(mine.at("/figures/threeMinuteResponseRate/of").asInt()).isEqualTo(1);
            assertThat(mine.at("/notable/longestWaits/0/buyerId").asString()).isEqualTo(buyer);
            assertThat(day.get("language").asString()).isEqualTo("zh");
            assertThat(day.get("markdown").asString()).contains("agent-1");
            JsonNode kpis = json(kefu.get("/api/kpis?from=" + day.get("from").asString() + "&to="
                    + day.get("to").asString() + "&agentId=agent-1", lead, 200));
            assertThat(mine.at("/figures/conversationsHandled")).isEqualTo(kpis.at("/agents/agent-1/conversationsHandled"));
            assertThat(mine.at("/figures/threeMinuteResponseRate"))
                    .isEqualTo(kpis.at("/agents/agent-1/threeMinuteResponseRate"));
            assertThat(day.get("unavailable")).isEmpty();
        }
    }

    /**
     * After-sales end to end: cases Kefu opens by itself. A parcel the carrier failed to deliver opens one LOGISTICS
     * case and the buyer gets the delivery-exception apology (once, not a second one for the case); a 1-star Korean
     * review about the parcel opens a REVIEW_RECOVERY case with the reason LOGISTICS, and the follow-up is drafted.
     */
    @Nested
    class AfterSales {

        @Test
        void aFailedDeliveryAndABadReviewOpenTheirCasesOnceWithTheBuyerToldOnce() throws Exception {
            String secret = stack.webhookSecret(AFTERSALES_SHOP);
            String agent = kefu.devToken(AFTERSALES_SHOP, "agent-1", List.of("agent"));
            String buyer = "tb_buyer_care_" + UUID.randomUUID().toString().substring(0, 6);
            String orderId = "TB-CARE-" + UUID.randomUUID();
            webhook(secret, "order.created", order(buyer, orderId));
            webhook(secret, "order.paid", paid(buyer, orderId));
            ObjectNode shipped = Fixtures.json(EventTypes.MARKETPLACE_ORDER_SHIPPED);
            shipped.put("orderId", orderId).put("buyerId", buyer).put("shippedAt", Instant.now().toString());
            shipped.remove("shopId");
            webhook(secret, "order.shipped", shipped);
            ObjectNode failed = Fixtures.json(EventTypes.MARKETPLACE_LOGISTICS_TRACE);
            failed.put("orderId", orderId).put("buyerId", buyer).put("occurredAt", Instant.now().toString());
            failed.remove("shopId");
            webhook(secret, "logistics.trace", failed);

            String logistics = "LG-" + orderId;
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode cases = json(kefu.get("/api/cases?buyerId=" + buyer, agent, 200)).get("items");
                assertThat(cases).extracting(c -> c.get("caseId").asString()).containsExactly(logistics);
                assertThat(cases.get(0).get("kind").asString()).isEqualTo("LOGISTICS");
                JsonNode view = json(kefu.get("/api/conversations/" + buyer, agent, 200));
                assertThat(message(view, "delivery-exception")).as("the apology").isNotNull();
            });

            ObjectNode review = Fixtures.json(EventTypes.MARKETPLACE_REVIEW_POSTED);
            String reviewId = "rv-care-" + UUID.randomUUID();
            review.put("orderId", orderId).put("buyerId", buyer).put("reviewId", reviewId).put("rating", 1)
                    .put("content", "배송이 너무 늦어요. 택배가 일주일째 안 와요. 별로예요").put("postedAt", Instant.now().toString());
            review.remove("shopId");
            webhook(secret, "review.posted", review);
            String recovery = "RR-" + reviewId;
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode cases = json(kefu.get("/api/cases?buyerId=" + buyer, agent, 200)).get("items");
                assertThat(cases).extracting(c -> c.get("caseId").asString())
                        .containsExactlyInAnyOrder(logistics, recovery);
                JsonNode view = json(kefu.get("/api/conversations/" + buyer, agent, 200));
                assertThat(message(view, "bad-review-followup")).as("the follow-up draft").isNotNull();
            });
            JsonNode cases = json(kefu.get("/api/cases?buyerId=" + buyer, agent, 200)).get("items");
            for (JsonNode c : cases) {
                if (recovery.equals(c.get("caseId").asString())) {
                    assertThat(c.get("kind").asString()).isEqualTo("REVIEW_RECOVERY");
                    assertThat(c.get("reason").asString()).contains("LOGISTICS");
                }
            }
            // one message per cause: the delay's apology and the review's draft, nothing for the cases themselves
            JsonNode view = json(kefu.get("/api/conversations/" + buyer, agent, 200));
            assertThat(view.get("messages")).filteredOn(m -> "KEFU".equals(m.get("author").asString()))
                    .extracting(m -> m.get("scriptKey").asString())
                    .containsOnlyOnce("delivery-exception", "bad-review-followup")
                    .doesNotContain("complaint-opened");
        }

        private void webhook(String secret, String type, ObjectNode data) throws Exception {
            accepted(AFTERSALES_SHOP, secret, type, data);
        }
    }

    /**
     * A return from the marketplace's request to its payout: refund.requested opens the case, refund.agreed makes it
     * wait for the buyer's parcel, return.shipped brings it back to work with the parcel's tracking, refund.completed
     * resolves it by the marketplace and the buyer is told the amount. The buyer's transcript verifies; after a stored
     * message is changed directly in the database it no longer does, and names that message.
     */
    @Nested
    class RefundToPayout {

        @Test
        void aReturnEndsResolvedWithTheBuyerToldAndTheTranscriptBetraysAnEditInTheDatabase() throws Exception {
            String secret = stack.webhookSecret(REFUND_SHOP);
            String agent = kefu.devToken(REFUND_SHOP, "agent-1", List.of("agent"));
            String buyer = "tb_buyer_refund_" + UUID.randomUUID().toString().substring(0, 6);
            String orderId = "TB-REFUND-" + UUID.randomUUID();
            String refundId = "RF-E2E-" + UUID.randomUUID().toString().substring(0, 8);
            String caseId = "RF-" + refundId;
            webhook(secret, "order.created", order(buyer, orderId));
            webhook(secret, "order.paid", paid(buyer, orderId));
            buyerWrites(REFUND_SHOP, secret, buyer, orderId, "亲，衣服尺码不合适，我想退货退款");

            ObjectNode requested = step(EventTypes.MARKETPLACE_REFUND_REQUESTED, buyer, orderId, refundId);
            requested.put("requestedAt", Instant.now().toString());
            webhook(secret, "refund.requested", requested);
            await().atMost(WAIT).untilAsserted(() -> assertThat(json(kefu.get("/api/cases/" + caseId, agent, 200))
                    .get("status").asString()).isEqualTo("OPEN"));

            ObjectNode agreed = step(EventTypes.MARKETPLACE_REFUND_AGREED, buyer, orderId, refundId);
            agreed.put("agreedAt", Instant.now().toString());
            webhook(secret, "refund.agreed", agreed);
            await().atMost(WAIT).untilAsserted(() -> assertThat(json(kefu.get("/api/cases/" + caseId, agent, 200))
                    .get("status").asString()).isEqualTo("WAITING_FOR_BUYER"));

            ObjectNode shipped = step(EventTypes.MARKETPLACE_RETURN_SHIPPED, buyer, orderId, refundId);
            shipped.put("shippedAt", Instant.now().toString());
            webhook(secret, "return.shipped", shipped);
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode kase = json(kefu.get("/api/cases/" + caseId, agent, 200));
                assertThat(kase.get("status").asString()).isEqualTo("IN_PROGRESS");
                assertThat(kase.at("/refund/trackingNo").asString()).isEqualTo("ZT7788990011");
            });

            ObjectNode completed = step(EventTypes.MARKETPLACE_REFUND_COMPLETED, buyer, orderId, refundId);
            completed.put("completedAt", Instant.now().toString());
            webhook(secret, "refund.completed", completed);
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode kase = json(kefu.get("/api/cases/" + caseId, agent, 200));
                assertThat(kase.get("status").asString()).isEqualTo("RESOLVED");
                assertThat(kase.get("outcome").asString()).isEqualTo("RETURNED");
                assertThat(kase.get("resolvedBy").asString()).isEqualTo("marketplace");
                assertThat(kase.at("/refund/stage").asString()).isEqualTo("REFUNDED");
                JsonNode told = message(json(kefu.get("/api/conversations/" + buyer, agent, 200)),
                        "return-refund-processed");
                assertThat(told).as("the buyer is told").isNotNull();
                assertThat(told.get("text").asString()).contains(orderId, "199.00");
            });
            JsonNode moves = json(kefu.get("/api/cases/" + caseId, agent, 200)).get("history");
            assertThat(moves.findValuesAsString("action")).containsExactly("WAIT_FOR_BUYER", "RESUME", "RESOLVE");

            String transcript = "/api/conversations/" + buyer + "/transcript";
            JsonNode intact = json(kefu.get(transcript, agent, 200));
            assertThat(intact.at("/verification/verified").asBoolean()).as(intact.toString()).isTrue();
            JsonNode first = null;
            for (JsonNode entry : intact.get("entries")) {
                if (first == null && entry.at("/message/text").asString("").contains("尺码不合适")) {
                    first = entry; // the buyer's own words: the evidence a tamperer would want changed
                }
            }
            assertThat(first).as("the buyer's message is in the transcript: " + intact).isNotNull();
            assertThat(intact.get("entries").findValuesAsString("scriptKey")).contains("return-refund-processed");

            String tampered = first.at("/message/id").asString();
            long seq = first.get("seq").asLong();
            try (com.mongodb.client.MongoClient mongo = com.mongodb.client.MongoClients.create(
                    "mongodb://127.0.0.1:" + (27017 + PORT_OFFSET))) {
                long changed = mongo.getDatabase("kefu-conversation-service").getCollection("messages").updateOne(
                        com.mongodb.client.model.Filters.eq("_id", tampered),
                        com.mongodb.client.model.Updates.set("text", "亲，衣服很好，不想退了")).getModifiedCount();
                assertThat(changed).as("the stored message was changed in the database").isEqualTo(1);
            }
            JsonNode edited = json(kefu.get(transcript, agent, 200));
            assertThat(edited.at("/verification/verified").asBoolean()).isFalse();
            assertThat(edited.at("/verification/brokenEntryId").asString()).isEqualTo(tampered);
            assertThat(edited.at("/verification/brokenAtSeq").asLong()).isEqualTo(seq);
        }

        private ObjectNode step(dev.kefu.events.EventType<?> type, String buyer, String orderId, String refundId) {
            ObjectNode step = Fixtures.json(type);
            step.put("buyerId", buyer).put("orderId", orderId).put("refundId", refundId);
            step.remove("shopId");
            return step;
        }

        private void webhook(String secret, String type, ObjectNode data) throws Exception {
            accepted(REFUND_SHOP, secret, type, data);
        }
    }

    /**
     * The reference agent console (docs/console.md) in Debian's chromium: an agent of the console's own shop signs
     * in with a dev token, goes online, is routed a waiting buyer whose timer turns red past the shop's response
     * target, is stopped by the conduct guard, answers with a suggested reply and sees it delivered (✓ then ✓✓), sees
     * the parcel's failed delivery arrive live, opens a case and notes it; the KPIs with the team's table for a
     * supervisor; the phone width stacks the panels; every view saved as a screenshot (target/screenshots).
     */
    @Nested
    class AgentConsole {

        static final String CONSOLE_SHOP = "shop-console";
        static final Duration CONSOLE_FIRST_RESPONSE = Duration.ofSeconds(8);
        /** The case and evidence test's shop: its buyer's waiting message is never routed to the first test's agent. */
        static final String CARE_SHOP = "shop-console-care";

        @Test
        void anAgentAnswersAWaitingBuyerSeesTheDelayLiveAndOpensACaseInTheBrowser() throws Exception {
            String secret = stack.webhookSecret(CONSOLE_SHOP);
            String buyer = "tb_buyer_console_" + UUID.randomUUID().toString().substring(0, 6);
            String order = "TB-CONSOLE-" + UUID.randomUUID().toString().substring(0, 8);
            ObjectNode created = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED);
            created.put("orderId", order).put("buyerId", buyer).put("createdAt", Instant.now().minusSeconds(7200).toString())
                    .put("shipBy", Instant.now().plusSeconds(86400).toString()).remove("shopId");
            ObjectNode paid = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
            paid.put("orderId", order).put("buyerId", buyer).put("paidAt", Instant.now().minusSeconds(7000).toString())
                    .remove("shopId");
            ObjectNode shipped = Fixtures.json(EventTypes.MARKETPLACE_ORDER_SHIPPED);
            shipped.put("orderId", order).put("buyerId", buyer).put("shippedAt", Instant.now().minusSeconds(3600).toString())
                    .remove("shopId");
            for (var event : List.of(Map.entry("order.created", created), Map.entry("order.paid", paid),
                    Map.entry("order.shipped", shipped))) {
                assertThat(kefu.webhook(CONSOLE_SHOP, "msg_" + UUID.randomUUID(), envelope(event.getKey(), event.getValue()),
                        secret).statusCode()).as(event.getKey()).isEqualTo(202);
            }
            String lead = kefu.devToken(CONSOLE_SHOP, "console-lead", List.of("supervisor"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(json(kefu.get("/api/orders/" + order, lead, 200))
                    .get("status").asString()).isEqualTo("SHIPPED"));

            try (ConsoleBrowser browser = ConsoleBrowser.open(1280, 900)) {
                browser.driver.get(stack.gateway() + "/console");
                // sign in: the devstack mints dev tokens, so the shop and agent form is offered
                browser.shown("#signin-form #dev-fields");
                browser.js("const s = document.querySelector('#signin .lang-switch'); s.value = 'zh';"
                        + "s.dispatchEvent(new Event('change', {bubbles: true}))");
                browser.screenshot("signin-1280");
                WebElement shop = browser.shown("#signin-shop");
                shop.clear();
                shop.sendKeys(CONSOLE_SHOP);
                WebElement agent = browser.shown("#signin-agent");
                agent.clear();
                agent.sendKeys("console-agent", Keys.ENTER);
                browser.until(d -> "live".equals(browser.js("return document.querySelector('#stream-state').dataset.state")));
                assertThat(browser.js("return sessionStorage.getItem('kefu.console.token')")).isNotNull();
                assertThat(browser.text("#who")).contains("console-agent").contains(CONSOLE_SHOP);

                // online: waiting buyers are routed to this agent
                browser.click("#presence label:has(input[value=ONLINE]) span");
                browser.until(d -> browser.text("#presence-state").contains("0"));
                assertThat(json(kefu.get("/api/agents?status=ONLINE", lead, 200)).get("items").toString())
                        .contains("console-agent");

                ObjectNode question = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED);
                question.put("buyerId", buyer).put("messageId", "m-" + UUID.randomUUID()).put("orderId", order)
                        .put("text", "亲，我的快递到哪里了？什么时候能到？").put("sentAt", Instant.now().toString())
                        .remove("shopId");
                assertThat(kefu.webhook(CONSOLE_SHOP, "msg_" + UUID.randomUUID(), envelope("message.received", question),
                        secret).statusCode()).isEqualTo(202);

                // the stream brings the buyer into the inbox, routed to this agent; the wait counts up, red past the target
                String item = "#inbox-list .item[data-kind=AWAITING_REPLY][data-buyer='" + buyer + "']";
                browser.shown(item);
                await().atMost(WAIT).until(() -> "console-agent".equals(json(kefu.get("/api/conversations/" + buyer, lead, 200))
                        .at("/conversation/assignee").asString(null)));
                browser.until(d -> browser.text(item).contains("console-agent"));
                browser.until(d -> !browser.all(item + " .timer.late").isEmpty());
                assertThat(browser.text(item + " .chip.info")).isEqualTo("待回复");

                browser.click(item + " button");
                browser.shown("#messages .msg.BUYER");
                assertThat(browser.text("#conv-meta [data-buyer-language]")).contains("中文");
                assertThat(browser.text("#messages .msg.BUYER")).contains("快递到哪里了").contains("物流");
                browser.shown("#cust-orders .order[data-order='" + order + "']");
                assertThat(browser.text("#cust-orders .order")).contains("明前龙井 250g × 2").contains("ZT7730012345");

                // the conduct guard refuses a paid review, inline, naming the rule and the words
                WebElement composer = browser.shown("#composer-text");
                composer.sendKeys("亲，好评返现5元哦", Keys.ENTER);
                assertThat(browser.text("#composer-error .violation[data-rule=PAID_REVIEW]")).contains("好评返现");

                // a suggested reply fills the composer; Enter sends it; the tick goes ✓ (queued) then ✓✓ (delivered)
                String suggested = browser.until(d -> (String) browser.js(
                        "const b = document.querySelector('#suggestions .suggestion'); return b && b.lastChild.textContent"));
                browser.click("#suggestions .suggestion");
                assertThat(composer.getAttribute("value")).isEqualTo(suggested);
                browser.screenshot("conversation-suggestion-1280");
                composer.sendKeys(Keys.ENTER);
                String sent = "#messages .msg.AGENT";
                browser.until(d -> browser.all(sent).stream().anyMatch(m -> m.getText().contains(suggested)));
                assertThat(browser.all("#composer-error .violation")).isEmpty();
                browser.until(d -> browser.all(sent).stream().anyMatch(m -> "DELIVERED".equals(m.getAttribute("data-status"))));
                assertThat(browser.text(sent + "[data-status=DELIVERED] .tick")).startsWith("✓✓");

                // the carrier fails to deliver: the delay arrives live (no reload), the title counts it while hidden
                browser.js("Object.defineProperty(document, 'hidden', {configurable: true, get: () => true})");
                ObjectNode failed = Fixtures.json(EventTypes.MARKETPLACE_LOGISTICS_TRACE);
                failed.put("orderId", order).put("buyerId", buyer).put("occurredAt", Instant.now().toString()).remove("shopId");
                assertThat(kefu.webhook(CONSOLE_SHOP, "msg_" + UUID.randomUUID(), envelope("logistics.trace", failed),
                        secret).statusCode()).isEqualTo(202);
                browser.shown("#cust-orders .order[data-delay=CARRIER_FAILED] .delay");
                assertThat(browser.text("#cust-orders .order .delay")).contains("派送失败");
                browser.shown("#inbox-list .item[data-kind=DELAYED_SHIPMENT][data-buyer='" + buyer + "']");
                browser.until(d -> d.getTitle().matches("\\(\\d+\\) Kefu"));
                browser.js("delete document.hidden; document.dispatchEvent(new Event('visibilitychange'))");
                browser.until(d -> "Kefu".equals(d.getTitle()));

                // a case opened from the customer panel, then noted
                browser.click("#case-open");
                browser.shown("#cust-cases .mini-form select[name=kind]");
                browser.shown("#cust-cases .mini-form input[name=reason]").sendKeys("快递派送失败，买家着急", Keys.ENTER);
                // a failed delivery also opens a LOGISTICS case by itself: the agent's is the one with its reason
                String caseId = browser.until(d -> browser.all("#cust-cases .case[data-status=OPEN]").stream()
                        .filter(c -> c.getText().contains("快递派送失败，买家着急")).findFirst()
                        .map(c -> c.getAttribute("data-case")).orElse(null));
                assertThat(browser.text("#cust-cases .case[data-case='" + caseId + "']")).contains("快递派送失败");
                String card = "#cust-cases .case[data-case='" + caseId + "']";
                browser.click(card + " .actions button[data-action=note]");
                browser.shown(card + " .mini-form textarea[name=text]").sendKeys("已联系快递重新派送");
                browser.click(card + " .mini-form button[type=submit]");
                browser.until(d -> browser.text("#cust-cases .case[data-case='" + caseId + "']").contains("已联系快递重新派送"));
                assertThat(json(kefu.get("/api/cases/" + caseId, lead, 200)).at("/notes/0/text").asString())
                        .isEqualTo("已联系快递重新派送");
                browser.js("document.querySelector('#messages').scrollTop = 1e6");
                browser.screenshot("desk-1280");

                // the day's figures: this agent answered one buyer
                browser.click("#tab-kpis");
                browser.until(d -> {
                    if (browser.text("#kpis .kpi[data-kpi=conversationsHandled] .value").equals("1")) {
                        return true;
                    }
                    browser.click("#kpi-today"); // the figures are read when asked: ask again
                    return null;
                });
                browser.screenshot("kpis-agent-1280");

                // the phone: panels stack, nothing wider than the screen, Korean labels, the buyer's view still there
                browser.click("#tab-desk");
                browser.viewport(390, 844);
                browser.js("const s = document.querySelector('#lang-switch'); s.value = 'ko';"
                        + "s.dispatchEvent(new Event('change', {bubbles: true}))");
                browser.until(d -> browser.text("#inbox-title").equals("받은 업무"));
                assertThat(((Number) browser.js("return document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(390);
                assertThat(browser.shown("#inbox").getRect().getY()).isLessThan(browser.shown("#conversation").getRect().getY());
                assertThat(browser.shown("#conversation").getRect().getY()).isLessThan(browser.shown("#customer").getRect().getY());
                browser.js("window.scrollTo(0, 0)");
                browser.screenshot("inbox-390");
                browser.js("document.querySelector('#conversation').scrollIntoView()");
                browser.screenshot("conversation-390");
                browser.js("document.querySelector('#customer').scrollIntoView()");
                browser.screenshot("customer-390");

                // a supervisor sees the shop and the team's table
                browser.viewport(1280, 900);
                browser.js("const s = document.querySelector('#lang-switch'); s.value = 'zh';"
                        + "s.dispatchEvent(new Event('change', {bubbles: true}))");
                browser.click("#signout");
                browser.shown("#signin-agent").clear();
                browser.shown("#signin-agent").sendKeys("console-lead");
                new org.openqa.selenium.support.ui.Select(browser.shown("#signin-role")).selectByValue("supervisor");
                browser.click("#signin-submit");
                browser.click("#tab-kpis");
                browser.shown("#kpis table.team tr[data-agent=console-agent]");
                browser.click("#kpi-week");
                browser.shown("#kpis svg.spark");
                browser.screenshot("kpis-supervisor-1280");
            }
        }

        /**
         * The buyer is found by a word of their message; the conversation's transcript verifies and downloads; a
         * compensation above the agent's limit (the shop's authority.agent-limit, 50) waits for a supervisor, whose
         * approval resolves the case; the seller's explanation of the bad review is refused past 500 characters,
         * saved, then published.
         */
        @Test
        void aCompensationAboveTheAgentsLimitWaitsForTheSupervisorAndTheEvidenceVerifies() throws Exception {
            String secret = stack.webhookSecret(CARE_SHOP);
            String buyer = "tb_buyer_care_" + UUID.randomUUID().toString().substring(0, 6);
            String order = "TB-CARE-" + UUID.randomUUID().toString().substring(0, 8);
            String reviewId = "rv-console-" + UUID.randomUUID().toString().substring(0, 8);
            String unpaid = "TB-CARE-" + UUID.randomUUID().toString().substring(0, 8); // the buyer's second order, not paid
            for (var event : List.of(Map.entry("order.created", order(buyer, order)), Map.entry("order.paid", paid(buyer, order)),
                    Map.entry("order.created", order(buyer, unpaid)))) {
                assertThat(kefu.webhook(CARE_SHOP, "msg_" + UUID.randomUUID(), envelope(event.getKey(), event.getValue()),
                        secret).statusCode()).as(event.getKey()).isEqualTo(202);
            }
            buyerWrites(CARE_SHOP, secret, buyer, order, "茶叶罐子压坏了，退款什么时候到账？");
            ObjectNode review = Fixtures.json(EventTypes.MARKETPLACE_REVIEW_POSTED);
            review.put("orderId", order).put("buyerId", buyer).put("reviewId", reviewId).put("rating", 1)
                    .put("content", "罐子压坏了，客服回复慢").put("postedAt", Instant.now().toString()).remove("shopId");
            assertThat(kefu.webhook(CARE_SHOP, "msg_" + UUID.randomUUID(), envelope("review.posted", review), secret)
                    .statusCode()).isEqualTo(202);
            String agentToken = kefu.devToken(CARE_SHOP, "care-agent", List.of("agent"));
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(json(kefu.get("/api/orders/" + order, agentToken, 200)).get("status").asString()).isEqualTo("PAID");
                kefu.get("/api/conversations/" + buyer, agentToken, 200);
                kefu.get("/api/reviews/" + reviewId, agentToken, 200);
            });
            String caseId = json(kefu.post("/api/cases", agentToken, Map.of("buyerId", buyer, "orderId", order,
                    "platform", "taobao", "kind", "COMPLAINT", "reason", "茶叶罐压坏"), 201)).get("caseId").asString();
            kefu.post("/api/cases/" + caseId + "/notes", agentToken, Map.of("text", "买家发来了压坏的照片"), 200);

            try (ConsoleBrowser browser = ConsoleBrowser.open(1280, 900)) {
                browser.driver.get(stack.gateway() + "/console");
                // headless chromium reports en-US whatever --lang says: Chinese is chosen, as the agent would
                browser.js("const s = document.querySelector('#signin .lang-switch'); s.value = 'zh';"
                        + "s.dispatchEvent(new Event('change', {bubbles: true}))");
                signIn(browser, CARE_SHOP, "care-agent", "agent");

                // the message search finds the buyer by a word of theirs; a click opens the conversation
                String hit = "#search-list .hit[data-buyer='" + buyer + "']";
                browser.shown("#search-q").sendKeys("到账", Keys.ENTER);
                browser.until(d -> {
                    if (!browser.all(hit).isEmpty()) {
                        return true;
                    }
                    browser.click("#search button[type=submit]"); // the search reads what is stored: ask again
                    return null;
                });
                assertThat(browser.text(hit)).contains("退款什么时候到账").contains("买家");
                browser.click(hit + " button");
                browser.until(d -> browser.text("#messages .msg.BUYER").contains("压坏了"));

                // the transcript verifies, and downloads as the JSON the server gave
                browser.click("#conv-transcript");
                browser.shown("#conv-evidence .evidence[data-verified=true]");
                assertThat(browser.text("#conv-evidence")).contains("校验通过");
                String download = browser.shown("#conv-evidence a[download]").getAttribute("href");
                assertThat(download).startsWith("blob:");
                Object entries = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0]).then(r => r.json()).then(j => done(j.entries.length), e => done(String(e)))", download);
                assertThat(((Number) entries).intValue()).isGreaterThanOrEqualTo(1);
                browser.js("document.querySelector('#toasts').replaceChildren()");
                browser.screenshot("search-transcript-1280");

                // 80 is above the agent's limit: the case waits for a supervisor, the card says who decides
                String card = "#cust-cases .case[data-case='" + caseId + "']";
                browser.click(card + " button[data-action=resolve]");
                new org.openqa.selenium.support.ui.Select(browser.shown(card + " .mini-form select[name=outcome]"))
                        .selectByValue("COMPENSATED");
                browser.shown(card + " .mini-form textarea[name=resolution]").sendKeys("补偿80元，罐子另寄一个");
                browser.shown(card + " .mini-form input[name=compensation]").sendKeys("80");
                browser.click(card + " .mini-form button[type=submit]");
                String waiting = "#cust-cases .case[data-case='" + caseId + "'][data-status=WAITING_FOR_APPROVAL]";
                assertThat(browser.text(waiting + " [data-approval]")).contains("80").contains("50").contains("care-agent");
                assertThat(browser.all(waiting + " button[data-action=approve]")).isEmpty();
                // the case's notes verify too
                browser.click(waiting + " button[data-action=transcript]");
                assertThat(browser.text(waiting + " .evidence[data-verified=true]")).contains("校验通过");

                // the explanation: the counter counts, the server refuses 501 characters naming the field, then 30 are
                // saved as a draft and published, once
                String card2 = "#cust-reviews .review[data-review='" + reviewId + "']";
                browser.click(card2 + " button[data-action=explain]");
                WebElement text = browser.shown(card2 + " .mini-form textarea[name=text]");
                text.sendKeys("谢".repeat(501));
                assertThat(browser.text(card2 + " .mini-form .counter")).isEqualTo("501 / 500");
                assertThat(browser.shown(card2 + " .mini-form .counter").getAttribute("class")).contains("over");
                browser.click(card2 + " .mini-form button[type=submit]");
                assertThat(browser.text(card2 + " .mini-form .error")).startsWith("text:").contains("500");
                text.clear();
                String explanation = "亲，罐子是运输途中压坏的，我们已补寄新罐并补偿运费，给您添麻烦了。";
                text.sendKeys(explanation);
                assertThat(browser.text(card2 + " .mini-form .counter")).isEqualTo(explanation.length() + " / 500");
                browser.click(card2 + " .mini-form button[type=submit]");
                assertThat(browser.text(card2 + " [data-explanation=draft]")).contains(explanation);
                browser.click(card2 + " button[data-action=publish]");
                assertThat(browser.text(card2 + " [data-explanation=published]")).contains("已于").contains(explanation);
                assertThat(browser.all(card2 + " button[data-action=explain]")).isEmpty();
                assertThat(json(kefu.get("/api/reviews/" + reviewId, agentToken, 200)).at("/explanation/publishedAt")
                        .isMissingNode()).isFalse();
                browser.js("document.querySelector('#toasts').replaceChildren(); document.querySelector(arguments[0]).scrollIntoView()", card);
                browser.screenshot("case-approval-1280"); // the published explanation is on the same screen

                // a supervisor approves another's request: the case is resolved and leaves the open cases
                browser.click("#signout");
                signIn(browser, CARE_SHOP, "care-lead", "supervisor");
                assertThat(browser.all(card)).as("nothing of the last agent's buyer is left on screen").isEmpty();
                browser.click("#inbox-list .item[data-buyer='" + buyer + "'] button");
                browser.click(waiting + " button[data-action=approve]");
                browser.until(d -> browser.all(card).isEmpty());
                browser.js("document.querySelector('#toasts').replaceChildren()");
                JsonNode resolved = json(kefu.get("/api/cases/" + caseId, agentToken, 200));
                assertThat(resolved.get("status").asString()).isEqualTo("RESOLVED");
                assertThat(resolved.toString()).contains("care-lead");
                browser.screenshot("case-approved-1280");

                // 改价 of the unpaid order, a little off its total: requested, shown on the order card
                String unpaidCard = "#cust-orders .order[data-order='" + unpaid + "']";
                BigDecimal total = new BigDecimal(json(kefu.get("/api/orders/" + unpaid, agentToken, 200))
                        .get("amount").asString());
                browser.click(unpaidCard + " button[data-action=fee-change]");
                WebElement newTotal = browser.shown(unpaidCard + " .mini-form input[name=newTotal]");
                newTotal.clear();
                newTotal.sendKeys(total.subtract(BigDecimal.ONE).toPlainString());
                browser.shown(unpaidCard + " .mini-form input[name=reason]").sendKeys("老客户优惠1元");
                browser.click(unpaidCard + " .mini-form button[type=submit]");
                browser.shown(unpaidCard + " [data-fee-change=REQUESTED]");
                assertThat(json(kefu.get("/api/orders/" + unpaid, agentToken, 200)).at("/feeChanges/0/status")
                        .asString()).isEqualTo("REQUESTED");

                // the supervisor hands the conversation to an agent who is away (so routing gives them nobody by itself)
                kefu.put("/api/agents/me/presence", kefu.devToken(CARE_SHOP, "care-agent-2", List.of("agent")),
                        Map.of("status", "AWAY", "role", "AFTER_SALE", "capacity", 3), 200);
                browser.click("#conv-transfer");
                new org.openqa.selenium.support.ui.Select(browser.shown("#conv-tools .mini-form select[name=agent]"))
                        .selectByValue("care-agent-2");
                browser.click("#conv-tools .mini-form button[type=submit]");
                await().atMost(WAIT).untilAsserted(() -> assertThat(json(kefu.get("/api/conversations/" + buyer,
                        agentToken, 200)).at("/conversation/assignee").asString()).isEqualTo("care-agent-2"));
                browser.until(d -> browser.all("#conv-tools .mini-form").isEmpty()); // closed once sent
            }
        }

        /** Signs in with a dev token and waits until the stream is live. */
        private void signIn(ConsoleBrowser browser, String shop, String agent, String role) {
            WebElement shopField = browser.shown("#signin-shop");
            shopField.clear();
            shopField.sendKeys(shop);
            WebElement agentField = browser.shown("#signin-agent");
            agentField.clear();
            agentField.sendKeys(agent);
            new org.openqa.selenium.support.ui.Select(browser.shown("#signin-role")).selectByValue(role);
            browser.click("#signin-submit");
            browser.until(d -> "live".equals(browser.js("return document.querySelector('#stream-state').dataset.state")));
        }
    }

    /**
     * Mass assignment: a body may carry only the fields of its request. One that also names a shop, an author or a
     * status the server sets is refused with a 400 naming the field, and nothing of it is kept, in either shop.
     */
    @Nested
    class OverSpecifiedBodies {

        @Test
        void aBodyNamingAnotherShopOrWhatTheServerSetsIsA400NamingTheFieldAndNothingIsKept() throws Exception {
            String own = kefu.devToken("shop-demo");
            String rival = kefu.devToken("shop-rival");
            String buyer = "tb_buyer_mass_" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, Map<String, Object>> bodies = new java.util.LinkedHashMap<>();
            bodies.put("/api/cases", Map.of("buyerId", buyer, "platform", "taobao", "kind", "COMPLAINT",
                    "reason", "破损", "shopId", "shop-rival"));
            bodies.put("/api/conversations/" + BUYER + "/messages", Map.of("text", "越权消息", "author", "BUYER"));
            bodies.put("/api/orders/" + ORDER + "/fee-changes", Map.of("newTotal", "1.00", "reason", "越权",
                    "approvedBy", "agent-boss"));
            bodies.put("/api/reviews/" + PII_REVIEW + "/follow-ups", Map.of("status", "RESOLVED", "note", "越权",
                    "shopId", "shop-rival"));
            for (var body : bodies.entrySet()) {
                String extra = body.getValue().containsKey("shopId") ? "shopId"
                        : body.getValue().containsKey("author") ? "author" : "approvedBy";
                JsonNode problem = json(kefu.post(body.getKey(), own, body.getValue(), 400));
                assertThat(problem.at("/errors/0/field").asString()).as(body.getKey()).isEqualTo(extra);
            }
            assertThat(json(kefu.get("/api/cases?buyerId=" + buyer, own, 200)).get("items")).isEmpty();
            assertThat(json(kefu.get("/api/cases?buyerId=" + buyer, rival, 200)).get("items")).isEmpty();
            assertThat(kefu.get("/api/conversations/" + BUYER, own, 200)).doesNotContain("越权");
            assertThat(kefu.get("/api/orders/" + ORDER, own, 200)).doesNotContain("越权");
            assertThat(kefu.get("/api/reviews/" + PII_REVIEW, own, 200)).doesNotContain("越权");
        }
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

    private static byte[] orderPaid() {
        ObjectNode data = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        data.put("orderId", ORDER);
        data.put("buyerId", BUYER);
        return envelope("order.paid", data);
    }
}
