package dev.kefu.conversation.messaging;

import dev.kefu.conversation.ConversationServiceApplication;
import dev.kefu.conversation.desk.Assignments;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Routing buyers to agents through a real broker and Mongo server: capacity and oldest-first, after-sale routing and
 * its fallback, release on going offline, close and transfer with their rules, the idle close, and two instances of
 * the service racing for the same buyers and agents (nobody assigned twice, nobody over capacity).
 */
@KefuServiceIT
@TestPropertySource(properties = {"kefu.shops.shop-desk.name=茶叶旗舰店", "kefu.desk.idle-close-after=PT2S",
        "kefu.shops." + AssignmentIT.SLA_SHOP + ".sla.first-response=PT2S",
        "kefu.shops." + AssignmentIT.SLA_SHOP + ".time-zone=UTC"})
class AssignmentIT {

    static final String SLA_SHOP = "shop-sla";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ConfigurableApplicationContext second;

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Value("${spring.mongodb.uri}")
    String mongoUri;

    @Autowired
    WebTestClient http;

    @Autowired
    Assignments assignments;

    @Autowired
    org.springframework.data.mongodb.core.ReactiveMongoTemplate mongo;

    /** The SLA shop is open for hours around the time the test runs (UTC), so its 2 s target is 2 s. */
    static final String SLA_SHOP_HOURS = LocalTime.now(ZoneOffset.UTC).minusHours(2).format(DateTimeFormatter.ofPattern("HH:mm"))
            + "-" + LocalTime.now(ZoneOffset.UTC).plusHours(2).format(DateTimeFormatter.ofPattern("HH:mm"));

    @DynamicPropertySource
    static void slaShopHours(DynamicPropertyRegistry registry) {
        registry.add("kefu.shops." + SLA_SHOP + ".business-hours", () -> SLA_SHOP_HOURS);
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void aWaitingBuyerGoesToTheOnlineAgentWithRoomAndTheNextWaitsUntilTheFirstCloses() {
        String shop = shop();
        online(shop, "agent-a", "PRE_SALE", 1);
        presence(shop, "agent-b", Map.of("status", "OFFLINE", "role", "PRE_SALE", "capacity", 3)).isOk();
        String first = buyer();
        String secondBuyer = buyer();

        buyerWrites(shop, first, "在吗？这款有现货吗");
        await().atMost(WAIT).until(() -> "agent-a".equals(assignee(shop, first)));
        buyerWrites(shop, secondBuyer, "你好，请问发什么快递");
        await().atMost(WAIT).until(() -> "PRE_SALE".equals(text(conversation(shop, secondBuyer), "queuedFor")));
        assertThat(assignee(shop, secondBuyer)).as("agent-a is full, agent-b offline").isNull();
        JsonNode full = desk(shop, "agent-a");
        assertThat(full.get("assigned").asInt()).isEqualTo(1);
        assertThat(full.get("free").asInt()).isZero();

        http.post().uri("/api/conversations/" + first + "/messages").headers(h -> h.setBearerAuth(token(shop, "agent-a")))
                .bodyValue(Map.of("text", "有现货的亲，今天下单今天发")).exchange().expectStatus().isCreated();
        http.post().uri("/api/conversations/" + first + "/close").headers(h -> h.setBearerAuth(token(shop, "agent-a")))
                .exchange().expectStatus().isOk();
        await().atMost(WAIT).until(() -> "agent-a".equals(assignee(shop, secondBuyer)));
        assertThat(assignee(shop, first)).isNull();

        List<JsonNode> events = assignedEvents(shop, 3);
        assertThat(events).extracting(e -> e.get("buyerId").asString() + ">" + text(e, "agentId") + ":"
                        + e.get("reason").asString())
                .containsExactly(first + ">agent-a:ROUTED", first + ">null:CLOSED", secondBuyer + ">agent-a:ROUTED");
        assertThat(events.get(1).get("previousAgentId").asString()).isEqualTo("agent-a");
        assertThat(events.get(1).get("by").asString()).isEqualTo("agent-a");
    }

    @Test
    void refundTalkGoesToAfterSaleAgentsAndFallsBackWhenNoneIsOnline() {
        String shop = shop();
        online(shop, "pre-1", "PRE_SALE", 5);
        online(shop, "after-1", "AFTER_SALE", 5);
        String refund = buyer();
        String question = buyer();

        buyerWrites(shop, refund, "我要退款，东西坏了");
        buyerWrites(shop, question, "这个有大码吗");
        await().atMost(WAIT).until(() -> "after-1".equals(assignee(shop, refund)));
        await().atMost(WAIT).until(() -> "pre-1".equals(assignee(shop, question)));
        assertThat(text(conversation(shop, refund), "route")).isEqualTo("AFTER_SALE");

        // after-1 leaves: their buyer is released, and with no after-sale agent online a pre-sale one takes it
        presence(shop, "after-1", Map.of("status", "OFFLINE")).isOk();
        await().atMost(WAIT).until(() -> "pre-1".equals(assignee(shop, refund)));
        assertThat(desk(shop, "after-1").get("assigned").asInt()).isZero();
        assertThat(desk(shop, "pre-1").get("assigned").asInt()).isEqualTo(2);
        assertThat(assignedEvents(shop, 4)).extracting(e -> e.get("buyerId").asString() + ":" + e.get("reason").asString())
                .contains(refund + ":RELEASED");
    }

    @Test
    void anAgentWhoseDeskFallsSilentGoesOfflineAndTheirBuyersGoBackToTheQueueUnlessItKeepsBeating() {
        String shop = shop();
        online(shop, "agent-gone", "PRE_SALE", 2);
        online(shop, "agent-here", "PRE_SALE", 0);
        String buyer = buyer();
        buyerWrites(shop, buyer, "在吗？");
        await().atMost(WAIT).until(() -> "agent-gone".equals(assignee(shop, buyer)));
        String gone = shop + ":agent-gone";
        String here = shop + ":agent-here";

        // a heartbeat moves seenAt; a desk seen within the TTL is looked at again when it would lapse
        http.post().uri("/api/agents/me/heartbeat").headers(h -> h.setBearerAuth(token(shop, "agent-here")))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.seenAt").isNotEmpty();
        assertThat(assignments.offlineIfLapsed(here).block(WAIT)).isAfter(Instant.now());
        http.post().uri("/api/agents/me/heartbeat").headers(h -> h.setBearerAuth(token(shop, "agent-never")))
                .exchange().expectStatus().isNotFound();

        // the tab was closed three minutes ago: no heartbeat since
        mongo.updateFirst(org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("_id").is(gone)),
                new org.springframework.data.mongodb.core.query.Update().set("seenAt",
                        java.util.Date.from(Instant.now().minus(Duration.ofMinutes(3)))), "desk_agents").block(WAIT);
        assertThat(assignments.offlineIfLapsed(gone).block(WAIT)).as("nothing more to look at").isNull();

        assertThat(text(desk(shop, "agent-gone"), "status")).isEqualTo("OFFLINE");
        assertThat(text(desk(shop, "agent-here"), "status")).isEqualTo("ONLINE");
        await().atMost(WAIT).until(() -> assignee(shop, buyer) == null
                && "PRE_SALE".equals(text(conversation(shop, buyer), "queuedFor")));
        assertThat(assignedEvents(shop, 2)).extracting(e -> text(e, "agentId") + ":" + e.get("reason").asString())
                .containsExactly("agent-gone:ROUTED", "null:RELEASED");
        assertThat(assignments.offlineIfLapsed(gone).block(WAIT)).as("offline already: nothing to do").isNull();
    }

    @Test
    void aSupervisorTransfersAndAgentsMayNot() {
        String shop = shop();
        online(shop, "agent-x", "PRE_SALE", 2);
        online(shop, "agent-y", "PRE_SALE", 0); // takes no routed buyers, but may be given one
        String buyer = buyer();
        buyerWrites(shop, buyer, "在吗");
        await().atMost(WAIT).until(() -> "agent-x".equals(assignee(shop, buyer)));

        transfer(shop, buyer, token(shop, "agent-x"), "agent-y").isForbidden();
        transfer(shop, buyer, supervisor(shop), "nobody").isEqualTo(409);
        transfer(shop, buyer, supervisor(shop), "agent-x").isEqualTo(409);
        transfer(shop, buyer, supervisor(shop), " ").isBadRequest();
        transfer(shop, buyer, supervisor(shop), "agent-y").isOk();

        assertThat(assignee(shop, buyer)).isEqualTo("agent-y");
        assertThat(desk(shop, "agent-x").get("assigned").asInt()).isZero();
        assertThat(desk(shop, "agent-y").get("assigned").asInt()).isEqualTo(1);
        assertThat(desk(shop, "agent-y").get("free").asInt()).isEqualTo(-1);
        JsonNode transferred = assignedEvents(shop, 2).get(1);
        assertThat(transferred.get("reason").asString()).isEqualTo("TRANSFERRED");
        assertThat(transferred.get("previousAgentId").asString()).isEqualTo("agent-x");
        assertThat(transferred.get("by").asString()).isEqualTo("lead");

        http.post().uri("/api/conversations/" + buyer + "/close").headers(h -> h.setBearerAuth(token(shop, "agent-x")))
                .exchange().expectStatus().isForbidden();
        http.get().uri("/api/conversations?assignee=agent-y").headers(h -> h.setBearerAuth(token(shop, "agent-x")))
                .exchange().expectStatus().isForbidden();
        http.get().uri("/api/conversations?assignee=me").headers(h -> h.setBearerAuth(token(shop, "agent-y")))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[0].buyerId").isEqualTo(buyer).jsonPath("$.length()").isEqualTo(1);
        // another shop sees none of it
        http.get().uri("/api/agents").headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-elsewhere")))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }

    @Test
    void badPresenceRequestsAreRefusedFieldByField() {
        String shop = shop();
        presence(shop, "agent-q", Map.of("status", "BUSY")).isBadRequest();
        presence(shop, "agent-q", Map.of("role", "PRE_SALE")).isBadRequest();
        presence(shop, "agent-q", Map.of("status", "ONLINE", "capacity", 99)).isBadRequest();
        presence(shop, "agent-q", Map.of("status", "ONLINE", "role", "SUPERVISOR")).isForbidden();
        http.put().uri("/api/agents/me/presence").headers(h -> h.setBearerAuth(token(shop, "agent-q")))
                .bodyValue(Map.of("status", "ONLINE", "capacity", 99, "role", "BOSS")).exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'capacity')]").exists()
                .jsonPath("$.errors[?(@.field == 'role')]").exists();
        http.get().uri("/api/agents/me").headers(h -> h.setBearerAuth(token(shop, "agent-q")))
                .exchange().expectStatus().isNotFound();
        http.get().uri("/api/agents?limit=500").headers(h -> h.setBearerAuth(token(shop, "agent-q")))
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void anAnsweredConversationNobodyWritesInClosesAndFreesTheAgent() {
        String shop = shop();
        online(shop, "agent-i", "PRE_SALE", 1);
        String buyer = buyer();
        buyerWrites(shop, buyer, "在吗");
        await().atMost(WAIT).until(() -> "agent-i".equals(assignee(shop, buyer)));
        http.post().uri("/api/conversations/" + buyer + "/messages").headers(h -> h.setBearerAuth(token(shop, "agent-i")))
                .bodyValue(Map.of("text", "在的亲，请问有什么可以帮您？")).exchange().expectStatus().isCreated();

        await().atMost(WAIT).until(() -> assignee(shop, buyer) == null);
        assertThat(desk(shop, "agent-i").get("free").asInt()).isEqualTo(1);
        JsonNode closed = assignedEvents(shop, 2).get(1);
        assertThat(closed.get("reason").asString()).isEqualTo("CLOSED");
        assertThat(closed.get("by").asString()).isEqualTo("kefu");
    }

    /**
     * Two instances against one broker and one database: 20 buyers queue while nobody is online, then three agents
     * with capacity 2 come online through both instances at once, and both dispatch concurrently. Exactly six buyers
     * are assigned, two per agent, each once, the oldest first.
     */
    @Test
    void twoInstancesRacingAssignNoBuyerTwiceAndNoAgentOverCapacity() throws Exception {
        String shop = shop();
        ConfigurableApplicationContext other = secondInstance();
        Assignments otherAssignments = other.getBean(Assignments.class);
        WebTestClient otherHttp = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + ((WebServerApplicationContext) other).getWebServer().getPort())
                .responseTimeout(WAIT).build();

        List<String> buyers = new ArrayList<>();
        Instant t0 = Instant.now().minusSeconds(60);
        for (int i = 0; i < 20; i++) {
            String buyer = String.format("race-%02d-%s", i, UUID.randomUUID());
            buyers.add(buyer);
            buyerWrites(shop, buyer, "在吗，有货吗", t0.plusSeconds(i));
        }
        await().atMost(WAIT).until(() -> buyers.stream().allMatch(b -> "PRE_SALE".equals(text(conversation(shop, b), "queuedFor"))));

        List<Runnable> racers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String agent = "racer-" + i;
            WebTestClient client = i % 2 == 0 ? http : otherHttp;
            racers.add(() -> client.put().uri("/api/agents/me/presence").headers(h -> h.setBearerAuth(token(shop, agent)))
                    .bodyValue(Map.of("status", "ONLINE", "role", "PRE_SALE", "capacity", 2)).exchange()
                    .expectStatus().isOk());
        }
        for (int i = 0; i < 6; i++) {
            Assignments a = i % 2 == 0 ? assignments : otherAssignments;
            racers.add(() -> a.dispatch(shop).block(WAIT));
        }
        Flux.fromIterable(racers).parallel(racers.size()).runOn(Schedulers.boundedElastic())
                .doOnNext(Runnable::run).sequential().blockLast(WAIT);

        await().atMost(WAIT).until(() -> buyers.stream().filter(b -> assignee(shop, b) != null).count() == 6);
        Thread.sleep(500); // anything late would show now
        Map<String, Long> perAgent = buyers.stream().map(b -> assignee(shop, b)).filter(a -> a != null)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perAgent).containsOnly(Map.entry("racer-0", 2L), Map.entry("racer-1", 2L), Map.entry("racer-2", 2L));
        assertThat(buyers.subList(0, 6)).as("the six who waited longest").allMatch(b -> assignee(shop, b) != null);
        for (int i = 0; i < 3; i++) {
            JsonNode desk = desk(shop, "racer-" + i);
            assertThat(desk.get("assigned").asInt()).isEqualTo(2);
            assertThat(desk.get("free").asInt()).isZero();
        }
        List<JsonNode> routed = assignedEvents(shop, 6);
        assertThat(routed).extracting(e -> e.get("buyerId").asString()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(buyers.subList(0, 6));
    }

    /**
     * A scripted day: three buyers wait 100 s, 300 s and 20 s before a person answers; the first pays within the
     * day. The figures equal the ones worked out by hand (waits to within the seconds the pipeline takes).
     */
    @Test
    void theResponseAndConversionFiguresOfAScriptedDay() {
        String shop = shop();
        Instant now = Instant.now();
        String quick = buyer();
        String slow = buyer();
        String third = buyer();
        buyerWrites(shop, quick, "这款有现货吗", now.minusSeconds(100));
        buyerWrites(shop, slow, "什么时候发货", now.minusSeconds(300));
        buyerWrites(shop, third, "在吗", now.minusSeconds(20));
        for (String b : List.of(quick, slow, third)) {
            await().atMost(WAIT).until(() -> conversation(shop, b) != null
                    && text(conversation(shop, b), "awaitingReplySince") != null);
        }
        reply(shop, quick, "agent-k1");
        reply(shop, slow, "agent-k1");
        reply(shop, third, "agent-k2");
        String orderId = "TB-" + UUID.randomUUID();
        orderInput(EventTypes.MARKETPLACE_ORDER_CREATED, shop, quick, orderId, o -> { });
        orderInput(EventTypes.MARKETPLACE_ORDER_PAID, shop, quick, orderId, o -> o.put("paidAt", Instant.now().toString()));
        String kpis = "/api/conversations/kpis?from=" + now.minusSeconds(3600) + "&to=" + now.plusSeconds(3600);

        await().atMost(WAIT).untilAsserted(() -> assertThat(get(kpis, supervisor(shop))
                .at("/shop/inquiryConversionRate/count").asInt()).isEqualTo(1));
        JsonNode all = get(kpis, supervisor(shop));
        JsonNode shopFigures = all.get("shop");
        assertThat(shopFigures.get("conversationsHandled").asLong()).isEqualTo(3);
        assertThat(shopFigures.at("/threeMinuteResponseRate/count").asLong()).isEqualTo(2);
        assertThat(shopFigures.at("/threeMinuteResponseRate/of").asLong()).isEqualTo(3);
        assertThat(shopFigures.get("firstResponseAverageSeconds").asDouble()).isBetween(140.0, 160.0); // (100+300+20)/3
        assertThat(shopFigures.get("firstResponseP90Seconds").asDouble()).isBetween(300.0, 320.0);
        assertThat(shopFigures.at("/inquiryConversionRate/of").asLong()).isEqualTo(3);
        // the longest waits, longest first, and the 3-minute rate per local hour adding up to the whole
        assertThat(shopFigures.get("longestWaits")).extracting(w -> w.get("buyerId").asString())
                .containsExactly(slow, quick, third);
        assertThat(shopFigures.at("/longestWaits/0/waitedSeconds").asLong()).isBetween(300L, 320L);
        assertThat(shopFigures.at("/longestWaits/0/agentId").asString()).isEqualTo("agent-k1");
        long hourCount = 0;
        long hourOf = 0;
        for (JsonNode hour : shopFigures.get("byHour")) {
            assertThat(hour.get("hour").asInt()).isBetween(0, 23);
            hourCount += hour.at("/threeMinuteResponseRate/count").asLong();
            hourOf += hour.at("/threeMinuteResponseRate/of").asLong();
        }
        assertThat(hourCount).isEqualTo(2);
        assertThat(hourOf).isEqualTo(3);
        JsonNode k1 = all.at("/agents/agent-k1");
        assertThat(k1.get("conversationsHandled").asLong()).isEqualTo(2);
        assertThat(k1.at("/threeMinuteResponseRate/value").asDouble()).isEqualTo(0.5);
        assertThat(k1.at("/inquiryConversionRate/count").asLong()).isEqualTo(1);
        assertThat(all.at("/agents/agent-k2/inquiryConversionRate/count").asLong()).isZero();

        JsonNode own = get(kpis, token(shop, "agent-k2"));
        assertThat(own.path("shop").isNull() || own.path("shop").isMissingNode()).isTrue();
        assertThat(own.get("agents").propertyNames()).containsExactly("agent-k2");
        http.get().uri(kpis + "&agentId=agent-k1").headers(h -> h.setBearerAuth(token(shop, "agent-k2")))
                .exchange().expectStatus().isForbidden();
        http.get().uri("/api/conversations/kpis?from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z")
                .headers(h -> h.setBearerAuth(supervisor(shop))).exchange().expectStatus().isBadRequest();
    }

    private void reply(String shop, String buyer, String agent) {
        http.post().uri("/api/conversations/" + buyer + "/messages").headers(h -> h.setBearerAuth(token(shop, agent)))
                .bodyValue(Map.of("text", "亲，在的")).exchange().expectStatus().isCreated();
    }

    private JsonNode get(String uri, String token) {
        return http.get().uri(uri).headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private void orderInput(dev.kefu.events.EventType<?> type, String shop, String buyer, String orderId,
                            java.util.function.Consumer<ObjectNode> change) {
        ObjectNode event = Fixtures.json(type);
        event.put("shopId", shop).put("buyerId", buyer).put("orderId", orderId);
        change.accept(event);
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(event), Fixtures.headers(type, shop));
    }

    /**
     * Both instances' due-work runners poll the same timers: five buyers nobody answers within the 2 s target are
     * each reported once, whichever instance comes first.
     */
    @Test
    void twoInstancesReportEachMissedResponseTargetOnce() throws Exception {
        secondInstance();
        List<String> buyers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String buyer = buyer();
            buyers.add(buyer);
            buyerWrites(SLA_SHOP, buyer, "在吗？");
        }
        await().atMost(WAIT).until(() -> breaches(buyers).size() >= 5);
        Thread.sleep(3_000); // both runners polled many times since
        assertThat(breaches(buyers)).hasSize(5).doesNotHaveDuplicates();
    }

    /** The buyer of each sla-breached record about one of {@code buyers}. */
    private List<String> breaches(List<String> buyers) {
        return TopicProbe.all(kafka, Topics.SLA_BREACHED, Duration.ofMillis(600)).stream()
                .map(r -> EventJson.mapper().readTree(r.value()).get("buyerId").asString())
                .filter(buyers::contains).toList();
    }

    private ConfigurableApplicationContext secondInstance() {
        if (second == null) {
            second = new SpringApplicationBuilder(ConversationServiceApplication.class).run(
                    "--server.port=0", "--management.server.port=0",
                    "--spring.mongodb.uri=" + mongoUri, "--spring.kafka.bootstrap-servers=" + kafka,
                    "--kefu.security.mode=local", "--kefu.security.jwt-secret=" + TestTokens.SECRET,
                    "--kefu.due.poll-interval=PT0.2S", "--kefu.due.idle-interval=PT0.2S", "--kefu.outbox.sweep-age=PT1S", "--kefu.kafka.retries=2",
                    "--kefu.kafka.partitions=1", "--kefu.desk.idle-close-after=PT2S",
                    "--kefu.shops." + SLA_SHOP + ".sla.first-response=PT2S",
                    "--kefu.shops." + SLA_SHOP + ".time-zone=UTC",
                    "--kefu.shops." + SLA_SHOP + ".business-hours=" + SLA_SHOP_HOURS);
        }
        return second;
    }

    private void online(String shop, String agent, String role, int capacity) {
        presence(shop, agent, Map.of("status", "ONLINE", "role", role, "capacity", capacity)).isOk();
    }

    private org.springframework.test.web.reactive.server.StatusAssertions presence(String shop, String agent,
                                                                                  Map<String, ?> body) {
        return http.put().uri("/api/agents/me/presence").headers(h -> h.setBearerAuth(token(shop, agent)))
                .bodyValue(body).exchange().expectStatus();
    }

    private org.springframework.test.web.reactive.server.StatusAssertions transfer(String shop, String buyer,
                                                                                  String token, String to) {
        return http.post().uri("/api/conversations/" + buyer + "/transfer").headers(h -> h.setBearerAuth(token))
                .bodyValue(Map.of("agentId", to)).exchange().expectStatus();
    }

    private JsonNode desk(String shop, String agent) {
        return http.get().uri("/api/agents/me").headers(h -> h.setBearerAuth(token(shop, agent)))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode conversation(String shop, String buyer) {
        JsonNode view = http.get().uri("/api/conversations/" + buyer).headers(h -> h.setBearerAuth(TestTokens.agentOf(shop)))
                .exchange().returnResult(JsonNode.class).getResponseBody().blockFirst(WAIT);
        return view == null || view.get("conversation") == null ? null : view.get("conversation");
    }

    private String assignee(String shop, String buyer) {
        JsonNode c = conversation(shop, buyer);
        return c == null ? null : text(c, "assignee");
    }

    /** The shop's conversation-assigned events, in the order published, once there are {@code atLeast}. */
    private List<JsonNode> assignedEvents(String shop, int atLeast) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            found.clear();
            for (ConsumerRecord<String, byte[]> r : TopicProbe.all(kafka, Topics.CONVERSATION_ASSIGNED, Duration.ofMillis(600))) {
                JsonNode event = EventJson.mapper().readTree(r.value());
                if (shop.equals(event.get("shopId").asString())) {
                    found.add(event);
                }
            }
            return found.size() >= atLeast;
        });
        return found;
    }

    private void buyerWrites(String shop, String buyer, String text) {
        buyerWrites(shop, buyer, text, Instant.now());
    }

    private void buyerWrites(String shop, String buyer, String text, Instant sentAt) {
        ObjectNode message = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED);
        message.put("shopId", shop).put("buyerId", buyer).put("messageId", "m-" + UUID.randomUUID())
                .put("text", text).put("sentAt", sentAt.toString());
        message.remove("orderId");
        TopicProbe.send(kafka, Topics.MARKETPLACE_MESSAGES, buyer, Fixtures.bytes(message),
                Fixtures.headers(EventTypes.MARKETPLACE_MESSAGE_RECEIVED, shop));
    }

    private static String token(String shop, String agent) {
        return TestTokens.issue(shop, agent, List.of("agent"));
    }

    private static String supervisor(String shop) {
        return TestTokens.issue(shop, "lead", List.of("supervisor"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String shop() {
        return "shop-desk-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String buyer() {
        return "buyer-" + UUID.randomUUID();
    }
}
