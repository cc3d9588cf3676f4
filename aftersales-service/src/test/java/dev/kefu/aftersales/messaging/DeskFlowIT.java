package dev.kefu.aftersales.messaging;

import dev.kefu.aftersales.cases.CaseService;
import dev.kefu.embedded.mongo.EmbeddedMongoServer;
import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventType;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.due.DueItem;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The after-sales part of the agent desk through a real broker and the Mongo wire server: resolution targets reported
 * once as sla-breached, follow-up visits falling due and made by the satisfaction survey or an agent, the buyer's score
 * stored against the agent who resolved the case, and the figures computed from it all; every change of a case out as
 * one case-updated. Shops with targets of seconds.
 */
@KefuServiceIT
class DeskFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String FAST = "shop-fast";
    private static final String KPI = "shop-kpi";
    private static final String NOISE = "shop-noise";
    private static final String RIVAL = TestTokens.issue("shop-rival", "agent-1", List.of("supervisor"));

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Autowired
    WebTestClient http;

    @Autowired
    CaseService cases;

    @Autowired
    MeterRegistry meters;

    @Autowired
    EmbeddedMongoServer mongoServer;

    @DynamicPropertySource
    static void shops(DynamicPropertyRegistry registry) {
        registry.add("kefu.shops." + FAST + ".sla.resolution.complaint", () -> "PT2S");
        registry.add("kefu.shops." + FAST + ".sla.resolution.returns", () -> "PT4S");
        registry.add("kefu.shops." + FAST + ".sla.follow-up-after", () -> "PT2S");
        registry.add("kefu.shops." + KPI + ".sla.resolution.complaint", () -> "PT2S");
        registry.add("kefu.shops." + KPI + ".sla.follow-up-after", () -> "PT1H");
    }

    @Test
    void aCaseStillOpenAtItsTargetIsReportedOnceEvenWhenCheckedConcurrently() {
        String agent = TestTokens.agentOf(FAST);
        String late = open(FAST, agent, buyer(), "COMPLAINT");
        String inTime = open(FAST, agent, buyer(), "RETURN");
        post("/api/cases/" + late + "/assign", agent, Map.of()).expectStatus().isOk();
        resolve(FAST, inTime, agent);

        JsonNode opened = json(get("/api/cases/" + late, agent));
        Instant openedAt = Instant.parse(opened.get("openedAt").asString());
        Instant due = Instant.parse(opened.get("resolutionDue").asString());
        assertThat(due).as("the shop's complaint target, 2 s").isEqualTo(openedAt.plusSeconds(2));
        assertThat(absent(opened, "resolutionBreachedAt")).isTrue();

        // past the due time, several replicas (or an expired lease) check at once, beside the service's own runner
        await().until(() -> Instant.now().isAfter(due));
        DueItem item = new DueItem(CaseService.RESOLUTION_TARGET, FAST + ":" + late, due, 1, 1);
        Flux.range(0, 6).flatMap(i -> cases.reportIfMissed(item).subscribeOn(Schedulers.parallel())).then().block(WAIT);

        ConsumerRecord<String, byte[]> breach = TopicProbe.await(kafka, Topics.SLA_BREACHED, WAIT,
                r -> late.equals(r.key()));
        assertThat(TopicProbe.header(breach, CloudEvent.TYPE)).isEqualTo("sla-breached");
        assertThat(TopicProbe.header(breach, CloudEvent.ID)).isEqualTo("sla-breached:" + FAST + ":" + late);
        assertThat(TopicProbe.header(breach, CloudEvent.SHOP_ID)).isEqualTo(FAST);
        JsonNode event = EventJson.mapper().readTree(breach.value());
        assertThat(event.get("target").asString()).isEqualTo("RESOLUTION");
        assertThat(event.get("ref").asString()).isEqualTo(late);
        assertThat(event.get("caseKind").asString()).isEqualTo("COMPLAINT");
        assertThat(event.get("agentId").asString()).isEqualTo("agent-8");
        assertThat(event.get("buyerId").asString()).isEqualTo(opened.get("buyerId").asString());
        assertThat(event.get("targetSeconds").asLong()).isEqualTo(2);
        assertThat(Instant.parse(event.get("since").asString())).isEqualTo(openedAt);
        assertThat(Instant.parse(event.get("dueAt").asString())).isEqualTo(due);
        assertThat(event.get("overSeconds").asLong()).isNotNegative();

        List<ConsumerRecord<String, byte[]>> all = TopicProbe.all(kafka, Topics.SLA_BREACHED, Duration.ofSeconds(4));
        // at-least-once relay: a repeat would carry the same ce_id, which consumers drop; one breach, one id
        assertThat(all.stream().filter(r -> late.equals(r.key())).map(r -> TopicProbe.header(r, CloudEvent.ID))
                .collect(Collectors.toSet())).hasSize(1);
        assertThat(all).as("the case resolved in time is not reported").noneMatch(r -> inTime.equals(r.key()));
        JsonNode breached = json(get("/api/cases/" + late, agent));
        assertThat(absent(breached, "resolutionBreachedAt")).isFalse();

        // the case goes on: resolving it after the breach keeps the breach on record
        resolve(FAST, late, agent).expectBody().jsonPath("$.resolutionBreachedAt").isNotEmpty()
                .jsonPath("$.resolvedBy").isEqualTo("agent-8");
    }

    @Test
    void aResolvedCasesVisitFallsDueTheSurveyMakesItAndTheBuyersScoreGoesToWhoResolvedIt() {
        String agent = TestTokens.agentOf(FAST);
        String buyer = buyer();
        String first = open(FAST, agent, buyer, "RETURN");
        String second = open(FAST, agent, buyer, "RETURN");
        resolve(FAST, first, agent);
        Instant dueFirst = followUpDue(FAST, first);
        resolve(FAST, second, agent);
        Instant checked = Instant.now();
        List<String> dueNow = caseIds(get("/api/cases?followUp=DUE&limit=200", agent));
        if (checked.isBefore(dueFirst)) {
            assertThat(dueNow).as("not due yet").doesNotContain(first, second);
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(caseIds(get("/api/cases?followUp=DUE&limit=200", agent)))
                .containsSubsequence(first, second));
        JsonNode listed = find(get("/api/cases?followUp=DUE", agent), first);
        assertThat(listed.at("/followUp/status").asString()).isEqualTo("DUE");
        assertThat(Instant.parse(listed.at("/followUp/dueAt").asString())).isEqualTo(dueFirst);
        assertThat(listed.get("resolvedBy").asString()).isEqualTo("agent-8");
        assertThat(listed.get("kind").asString()).isEqualTo("RETURN");
        assertThat(listed.get("resolution").asString()).isEqualTo("已换货");
        assertThat(listed.get("buyerId").asString()).isEqualTo(buyer);
        assertThat(caseIds(get("/api/cases?followUp=DUE", RIVAL))).as("another shop's list").doesNotContain(first);

        // another script changes nothing; the survey visits the longest due case, once, even when delivered twice
        double duplicates = followUps("duplicate");
        send(Topics.MESSAGE_OUTBOUND, EventTypes.MESSAGE_OUTBOUND, buyer, outbound(buyer, "shipping-time"),
                UUID.randomUUID().toString());
        String surveyId = "outbound:" + UUID.randomUUID();
        ObjectNode survey = outbound(buyer, "satisfaction-survey");
        send(Topics.MESSAGE_OUTBOUND, EventTypes.MESSAGE_OUTBOUND, buyer, survey, surveyId);
        send(Topics.MESSAGE_OUTBOUND, EventTypes.MESSAGE_OUTBOUND, buyer, survey, surveyId);
        await().atMost(WAIT).untilAsserted(() -> assertThat(json(get("/api/cases/" + first, agent))
                .at("/followUp/status").asString()).isEqualTo("VISITED"));
        JsonNode visited = json(get("/api/cases/" + first, agent)).get("followUp");
        assertThat(visited.get("visitedBy").asString()).isEqualTo("agent-9");
        assertThat(visited.get("via").asString()).isEqualTo("SURVEY");
        assertThat(visited.get("messageId").asString()).isEqualTo(survey.get("messageId").asString());

        // the buyer answers "５" (full-width); the same message again and a later "3" change nothing
        String answerId = UUID.randomUUID().toString();
        ObjectNode five = buyerMessage(buyer, "５");
        send(Topics.MARKETPLACE_MESSAGES, EventTypes.MARKETPLACE_MESSAGE_RECEIVED, buyer, five, answerId);
        await().atMost(WAIT).untilAsserted(() -> assertThat(json(get("/api/cases/" + first, agent))
                .at("/followUp/status").asString()).isEqualTo("ANSWERED"));
        send(Topics.MARKETPLACE_MESSAGES, EventTypes.MARKETPLACE_MESSAGE_RECEIVED, buyer, five, answerId);
        send(Topics.MARKETPLACE_MESSAGES, EventTypes.MARKETPLACE_MESSAGE_RECEIVED, buyer, buyerMessage(buyer, "3"),
                UUID.randomUUID().toString());
        await().atMost(WAIT).until(() -> followUps("duplicate") >= duplicates + 2); // the survey's and the answer's repeat
        await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() -> {
            JsonNode rated = json(get("/api/cases/" + first, agent)).get("followUp");
            assertThat(rated.at("/csat/score").asInt()).isEqualTo(5);
            assertThat(rated.at("/csat/via").asString()).isEqualTo("MESSAGE");
            assertThat(rated.at("/csat/ref").asString()).isEqualTo(five.get("messageId").asString());
            assertThat(json(get("/api/cases/" + second, agent)).at("/followUp/status").asString())
                    .as("one survey visits one case").isEqualTo("DUE");
        });
        assertThat(caseIds(get("/api/cases?followUp=DUE&limit=200", agent))).doesNotContain(first).contains(second);
        assertThat(caseIds(get("/api/cases?followUp=ANSWERED", agent))).contains(first);
    }

    @Test
    void aCasesLifeIsOneCaseUpdatedPerChangeInOrderAndWhatChangesNothingAddsNone() {
        String agent = TestTokens.agentOf(FAST);
        String supervisor = TestTokens.issue(FAST, "lead-1", List.of("supervisor"));
        String buyer = buyer();
        String caseId = open(FAST, agent, buyer, "RETURN");

        post("/api/cases/" + caseId + "/assign", agent, Map.of()).expectStatus().isOk();
        post("/api/cases/" + caseId + "/assign", agent, Map.of()).expectStatus().isOk(); // already hers: no change
        post("/api/cases/" + caseId + "/notes", agent, Map.of("text", "买家称已拍照留证")).expectStatus().isOk();
        post("/api/cases/" + caseId + "/escalate", agent, Map.of("reason", "超出权限")).expectStatus().isOk();
        post("/api/cases/" + caseId + "/resolve", supervisor, Map.of("outcome", "REFUNDED", "resolution", "已退款"))
                .expectStatus().isOk();
        String surveyId = "outbound:" + UUID.randomUUID();
        ObjectNode survey = outbound(buyer, "satisfaction-survey");
        send(Topics.MESSAGE_OUTBOUND, EventTypes.MESSAGE_OUTBOUND, buyer, survey, surveyId);
        send(Topics.MESSAGE_OUTBOUND, EventTypes.MESSAGE_OUTBOUND, buyer, survey, surveyId); // redelivered
        await().atMost(WAIT).untilAsserted(() -> assertThat(json(get("/api/cases/" + caseId, agent))
                .at("/followUp/status").asString()).isEqualTo("VISITED"));
        String answerId = UUID.randomUUID().toString();
        ObjectNode four = buyerMessage(buyer, "4分");
        send(Topics.MARKETPLACE_MESSAGES, EventTypes.MARKETPLACE_MESSAGE_RECEIVED, buyer, four, answerId);
        send(Topics.MARKETPLACE_MESSAGES, EventTypes.MARKETPLACE_MESSAGE_RECEIVED, buyer, four, answerId);

        TopicProbe.await(kafka, Topics.CASE_UPDATED, WAIT, r -> caseId.equals(r.key())
                && EventJson.mapper().readTree(r.value()).get("change").asString().equals("ANSWERED"));
        // at-least-once relay: a repeat carries the same ce_id, which consumers drop; one change, one id
        Map<String, ConsumerRecord<String, byte[]>> byId = new LinkedHashMap<>();
        TopicProbe.all(kafka, Topics.CASE_UPDATED, Duration.ofSeconds(3)).stream()
                .filter(r -> caseId.equals(r.key()))
                .forEach(r -> byId.putIfAbsent(TopicProbe.header(r, CloudEvent.ID), r));
        List<JsonNode> changes = byId.values().stream().map(r -> EventJson.mapper().readTree(r.value())).toList();

        assertThat(changes).extracting(c -> c.get("change").asString())
                .containsExactly("ASSIGNED", "NOTED", "ESCALATED", "RESOLVED", "VISITED", "ANSWERED");
        assertThat(changes).extracting(c -> c.get("status").asString())
                .containsExactly("IN_PROGRESS", "IN_PROGRESS", "ESCALATED", "RESOLVED", "FOLLOWED_UP", "FOLLOWED_UP");
        assertThat(changes).extracting(c -> c.get("by").asString())
                .containsExactly("agent-8", "agent-8", "agent-8", "lead-1", "agent-9", "buyer");
        assertThat(changes).extracting(c -> c.get("followUp").isNull() ? null : c.get("followUp").asString())
                .containsExactly(null, null, null, "DUE", "VISITED", "ANSWERED");
        assertThat(changes).allSatisfy(c -> {
            assertThat(c.get("shopId").asString()).isEqualTo(FAST);
            assertThat(c.get("caseId").asString()).isEqualTo(caseId);
            assertThat(c.get("buyerId").asString()).isEqualTo(buyer);
            assertThat(c.get("kind").asString()).isEqualTo("RETURN");
            assertThat(c.get("assignee").asString()).isEqualTo("agent-8");
        });
        JsonNode answered = changes.get(5);
        assertThat(answered.get("csatScore").asInt()).isEqualTo(4);
        assertThat(answered.get("outcome").asString()).isEqualTo("REFUNDED");
        assertThat(String.join("", changes.stream().map(JsonNode::toString).toList()))
                .doesNotContain("拍照", "超出权限", "已退款");
        assertThat(byId.values()).allSatisfy(r -> {
            assertThat(TopicProbe.header(r, CloudEvent.TYPE)).isEqualTo("case-updated");
            assertThat(TopicProbe.header(r, CloudEvent.SHOP_ID)).isEqualTo(FAST);
            assertThat(TopicProbe.header(r, CloudEvent.SOURCE)).isEqualTo("/aftersales-service");
            assertThat(TopicProbe.header(r, CloudEvent.ID)).startsWith("case-updated:" + FAST + ":" + caseId + ":");
        });
        JsonNode stored = json(get("/api/cases/" + caseId, agent));
        assertThat(Instant.parse(answered.get("at").asString()).truncatedTo(ChronoUnit.MILLIS)).as("stored in ms")
                .isEqualTo(Instant.parse(stored.at("/followUp/csat/at").asString()));
    }

    @Test
    void aCsatReceivedRatesTheCaseItNamesAndOneMatchingNoCaseIsCountedAndDropped() {
        String agent = TestTokens.agentOf(FAST);
        String buyer = buyer();
        String caseId = open(FAST, agent, buyer, "RETURN");
        resolve(FAST, caseId, agent);
        double unmatched = followUps("unmatched");

        // another shop naming this case, and a buyer without cases: nothing to rate, no dead letter, no loop
        send(Topics.MARKETPLACE_MESSAGES, EventTypes.MARKETPLACE_CSAT_RECEIVED, buyer,
                csat("shop-rival", buyer, caseId, 1), UUID.randomUUID().toString());
        send(Topics.MARKETPLACE_MESSAGES, EventTypes.MARKETPLACE_CSAT_RECEIVED, "nobody",
                csat(FAST, "buyer-without-cases-" + UUID.randomUUID(), null, 1), UUID.randomUUID().toString());
        await().atMost(WAIT).until(() -> followUps("unmatched") >= unmatched + 2);

        String eventId = UUID.randomUUID().toString();
        ObjectNode answer = csat(FAST, buyer, caseId, 2);
        send(Topics.MARKETPLACE_MESSAGES, EventTypes.MARKETPLACE_CSAT_RECEIVED, buyer, answer, eventId);
        await().atMost(WAIT).untilAsserted(() -> assertThat(json(get("/api/cases/" + caseId, agent))
                .at("/followUp/status").asString()).isEqualTo("ANSWERED"));
        JsonNode csat = json(get("/api/cases/" + caseId, agent)).at("/followUp/csat");
        assertThat(csat.get("score").asInt()).isEqualTo(2);
        assertThat(csat.get("comment").asString()).isEqualTo("处理得很快，谢谢小美");
        assertThat(csat.get("via").asString()).isEqualTo("CSAT_EVENT");
        assertThat(csat.get("ref").asString()).isEqualTo(eventId);
        assertThat(absent(json(get("/api/cases/" + caseId, agent)).get("followUp"), "visitedAt"))
                .as("the marketplace surveyed the buyer itself").isTrue();

        double duplicates = followUps("duplicate");
        send(Topics.MARKETPLACE_MESSAGES, EventTypes.MARKETPLACE_CSAT_RECEIVED, buyer, answer, eventId);
        await().atMost(WAIT).until(() -> followUps("duplicate") > duplicates);
        assertThat(json(get("/api/cases/" + caseId, agent)).at("/followUp/csat/score").asInt()).isEqualTo(2);
        assertThat(TopicProbe.all(kafka, Topics.deadLetter(Topics.MARKETPLACE_MESSAGES), Duration.ofSeconds(2)))
                .noneMatch(r -> buyer.equals(r.key()) || "nobody".equals(r.key()));
    }

    @Test
    void anAgentRecordsAVisitOnceOnAResolvedCaseOfTheirShop() {
        String agent = TestTokens.agentOf(FAST);
        String caseId = open(FAST, agent, buyer(), "RETURN");
        post("/api/cases/" + caseId + "/follow-up", agent, Map.of()).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.currentStatus").isEqualTo("OPEN").jsonPath("$.action").isEqualTo("VISIT");
        resolve(FAST, caseId, agent);

        post("/api/cases/" + caseId + "/follow-up", RIVAL, Map.of("note", "x")).expectStatus().isNotFound();
        post("/api/cases/" + caseId + "/follow-up", agent, Map.of("note", "x", "visitedBy", "agent-0"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("visitedBy");
        post("/api/cases/" + caseId + "/follow-up", agent, Map.of("note", "电话回访，买家满意")).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.followUp.status").isEqualTo("VISITED")
                .jsonPath("$.followUp.visitedBy").isEqualTo("agent-8")
                .jsonPath("$.followUp.via").isEqualTo("AGENT")
                .jsonPath("$.followUp.note").isEqualTo("电话回访，买家满意")
                .jsonPath("$.followUp.visitedAt").isNotEmpty();
        post("/api/cases/" + caseId + "/follow-up", agent, Map.of()).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.currentStatus").isEqualTo("FOLLOWED_UP");
        assertThat(caseIds(get("/api/cases?followUp=VISITED&limit=200", agent))).contains(caseId);
    }

    @Test
    void listsAreCappedAndEveryBadParameterIsNamed() {
        String agent = TestTokens.agentOf(FAST);
        get("/api/cases?followUp=SOON", agent).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("followUp")
                .jsonPath("$.errors[0].reason").value(r -> assertThat((String) r).contains("DUE"));
        for (String limit : List.of("0", "201", "many")) {
            get("/api/cases?status=OPEN&limit=" + limit, agent).expectStatus().isBadRequest().expectBody()
                    .jsonPath("$.errors[0].field").isEqualTo("limit");
        }
        get("/api/cases?status=RESOLVED&followUp=DUE", agent).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("followUp");
        get("/api/cases", agent).expectStatus().isOk(); // no filter: the shop's open work
        get("/api/cases?status=OPEN&limit=200", agent).expectStatus().isOk();
        get("/api/cases?followUp=DUE&limit=200", agent).expectStatus().isOk();

        for (int i = 0; i < 3; i++) {
            open(FAST, agent, "buyer-capped", "EXCHANGE");
        }
        assertThat(caseIds(get("/api/cases?buyerId=buyer-capped&limit=2", agent))).hasSize(2);
        assertThat(caseIds(get("/api/cases?status=OPEN&limit=1", agent))).hasSize(1);
        get("/api/cases/kpis?to=2026-11-24T00:00:00Z", agent).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("from");
    }

    @Test
    void theFiguresAreThoseOfTheStoredCasesPerShopAndAgentAndReadOnlyThePeriodsCases() {
        String agentA = TestTokens.issue(KPI, "agent-a", List.of("agent"));
        String agentB = TestTokens.issue(KPI, "agent-b", List.of("agent"));
        String lead = TestTokens.issue(KPI, "lead", List.of("supervisor"));
        String noise = TestTokens.agentOf(NOISE);
        for (int i = 0; i < 40; i++) {
            resolve(NOISE, open(NOISE, noise, "buyer-noise-" + i, "REFUND"), noise);
        }
        Instant from = Instant.now().minusSeconds(1);
        String buyer = buyer();

        String missed = open(KPI, agentA, buyer, "COMPLAINT"); // 2 s target: breached before agent-a resolves it
        post("/api/cases/" + missed + "/assign", agentA, Map.of()).expectStatus().isOk();
        String escalated = open(KPI, agentB, buyer, "REFUND");
        post("/api/cases/" + escalated + "/escalate", agentB, Map.of("reason", "超出权限")).expectStatus().isOk();
        resolve(KPI, escalated, lead);
        String quick = open(KPI, agentA, buyer, "RETURN");
        resolve(KPI, quick, agentA);
        open(KPI, agentA, buyer, "EXCHANGE"); // stays open
        String rejected = open(KPI, agentA, buyer, "REFUND");
        post("/api/cases/" + rejected + "/reject", lead, Map.of("reason", "超过售后期")).expectStatus().isOk();
        await().atMost(WAIT).untilAsserted(() -> assertThat(absent(json(get("/api/cases/" + missed, agentA)),
                "resolutionBreachedAt")).isFalse());
        resolve(KPI, missed, agentA);
        post("/api/cases/" + quick + "/follow-up", agentB, Map.of()).expectStatus().isOk();
        send(Topics.MARKETPLACE_MESSAGES, EventTypes.MARKETPLACE_CSAT_RECEIVED, buyer, csat(KPI, buyer, quick, 4),
                UUID.randomUUID().toString());
        send(Topics.MARKETPLACE_MESSAGES, EventTypes.MARKETPLACE_CSAT_RECEIVED, buyer, csat(KPI, buyer, escalated, 2),
                UUID.randomUUID().toString());
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(json(get("/api/cases/" + quick, agentA)).at("/followUp/status").asString()).isEqualTo("ANSWERED");
            assertThat(json(get("/api/cases/" + escalated, agentA)).at("/followUp/status").asString())
                    .isEqualTo("ANSWERED");
        });
        String to = Instant.now().plusSeconds(60).toString();
        String period = "from=" + from + "&to=" + to;
        long missedSeconds = resolutionSeconds(missed, lead);
        long escalatedSeconds = resolutionSeconds(escalated, lead);
        long quickSeconds = resolutionSeconds(quick, lead);

        mongoServer.resetExamined();
        JsonNode all = json(get("/api/cases/kpis?" + period, lead));
        assertThat(mongoServer.examined("kefu-aftersales-service", "cases"))
                .as("five range queries over the period's 5 cases of the shop, not the 40+ of others").isLessThan(30);

        JsonNode shop = all.get("shop");
        assertThat(shop.get("casesOpened").asLong()).isEqualTo(5);
        assertThat(shop.get("casesResolved").asLong()).isEqualTo(3);
        assertThat(shop.get("casesEscalated").asLong()).isEqualTo(1);
        assertThat(shop.get("averageResolutionSeconds").asLong())
                .isEqualTo(Math.round((missedSeconds + escalatedSeconds + quickSeconds) / 3.0));
        assertRatio(shop.get("resolutionTargetMetRate"), 2, 3, 0.6667);
        assertThat(shop.get("followUpVisitsDone").asLong()).isEqualTo(1);
        assertThat(shop.get("csatAverage").asDouble()).isEqualTo(3.0);
        assertThat(shop.get("csatCount").asLong()).isEqualTo(2);
        // for the work summaries: by kind and outcome, the rejected one, which was escalated, no visit overdue
        assertThat(shop.at("/casesOpenedByKind/REFUND").asLong()).isEqualTo(2);
        assertThat(shop.at("/casesOpenedByKind/COMPLAINT").asLong()).isEqualTo(1);
        assertThat(shop.get("casesOpenedByKind").size()).isEqualTo(4);
        long byOutcome = 0;
        for (JsonNode n : shop.get("casesResolvedByOutcome")) {
            byOutcome += n.asLong();
        }
        assertThat(byOutcome).isEqualTo(3);
        assertThat(shop.get("casesRejected").asLong()).isEqualTo(1);
        assertThat(shop.get("escalatedCaseIds")).extracting(JsonNode::asString).containsExactly(escalated);
        assertThat(shop.get("followUpVisitsOverdue").asLong()).isZero();

        JsonNode a = all.at("/agents/agent-a");
        assertThat(a.get("casesResolved").asLong()).isEqualTo(2);
        assertThat(a.get("casesEscalated").asLong()).isZero();
        assertThat(a.get("averageResolutionSeconds").asLong()).isEqualTo(Math.round((missedSeconds + quickSeconds) / 2.0));
        assertRatio(a.get("resolutionTargetMetRate"), 1, 2, 0.5);
        assertThat(a.get("followUpVisitsDone").asLong()).isZero();
        assertThat(a.get("csatAverage").asDouble()).isEqualTo(4.0);
        assertThat(a.get("csatCount").asLong()).isEqualTo(1);
        JsonNode b = all.at("/agents/agent-b");
        assertThat(b.get("casesResolved").asLong()).isZero();
        assertThat(b.get("casesEscalated").asLong()).isEqualTo(1);
        assertThat(b.get("escalatedCaseIds")).extracting(JsonNode::asString).containsExactly(escalated);
        assertThat(absent(b, "averageResolutionSeconds")).isTrue();
        assertRatio(b.get("resolutionTargetMetRate"), 0, 0, null);
        assertThat(b.get("followUpVisitsDone").asLong()).isEqualTo(1);
        assertThat(absent(b, "csatAverage")).isTrue();
        JsonNode l = all.at("/agents/lead");
        assertThat(l.get("casesResolved").asLong()).isEqualTo(1);
        assertThat(l.get("averageResolutionSeconds").asLong()).isEqualTo(escalatedSeconds);
        assertRatio(l.get("resolutionTargetMetRate"), 1, 1, 1.0);
        assertThat(l.get("csatAverage").asDouble()).isEqualTo(2.0);
        assertThat(l.get("casesRejected").asLong()).isEqualTo(1);
        assertThat(all.get("agents").size()).isEqualTo(3);

        // an agent sees their own figures only; a supervisor may ask for one agent's
        JsonNode own = json(get("/api/cases/kpis?" + period, agentA));
        assertThat(absent(own, "shop")).isTrue();
        assertThat(own.get("agents").propertyNames()).containsExactly("agent-a");
        get("/api/cases/kpis?" + period + "&agentId=agent-b", agentA).expectStatus().isForbidden();
        assertThat(json(get("/api/cases/kpis?" + period + "&agentId=agent-b", lead)).get("agents").propertyNames())
                .containsExactly("agent-b");
        // another period, another shop: nothing
        JsonNode before = json(get("/api/cases/kpis?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z", lead));
        assertThat(before.at("/shop/casesOpened").asLong()).isZero();
        assertThat(absent(before.get("shop"), "csatAverage")).isTrue();
        JsonNode rival = json(get("/api/cases/kpis?" + period, RIVAL));
        assertThat(rival.at("/shop/casesOpened").asLong()).isZero();
        assertThat(rival.get("agents").size()).isZero();
    }

    private static void assertRatio(JsonNode ratio, long count, long of, Double value) {
        assertThat(ratio.get("count").asLong()).isEqualTo(count);
        assertThat(ratio.get("of").asLong()).isEqualTo(of);
        if (value == null) {
            assertThat(absent(ratio, "value")).isTrue();
        } else {
            assertThat(ratio.get("value").asDouble()).isEqualTo(value);
        }
    }

    private long resolutionSeconds(String caseId, String token) {
        JsonNode c = json(get("/api/cases/" + caseId, token));
        return Duration.between(Instant.parse(c.get("openedAt").asString()), Instant.parse(c.get("resolvedAt").asString()))
                .toSeconds();
    }

    private double followUps(String outcome) {
        return meters.get("kefu.aftersales.follow.ups").tag("outcome", outcome).counter().count();
    }

    private Instant followUpDue(String shop, String caseId) {
        return Instant.parse(json(get("/api/cases/" + caseId, TestTokens.agentOf(shop))).at("/followUp/dueAt").asString());
    }

    private String open(String shop, String token, String buyerId, String kind) {
        String location = http.post().uri("/api/cases").headers(h -> h.setBearerAuth(token))
                .bodyValue(Map.of("buyerId", buyerId, "platform", "taobao", "kind", kind, "reason", "尺码不合适"))
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseHeaders().getLocation().toString();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private WebTestClient.ResponseSpec resolve(String shop, String caseId, String token) {
        return post("/api/cases/" + caseId + "/resolve", token, Map.of("outcome", "EXCHANGED", "resolution", "已换货"))
                .expectStatus().isOk();
    }

    private void send(String topic, EventType<?> type, String key, ObjectNode value, String eventId) {
        TopicProbe.send(kafka, topic, key, Fixtures.bytes(value),
                Fixtures.headers(type, value.get("shopId").asString(), eventId));
    }

    private static ObjectNode outbound(String buyerId, String scriptKey) {
        ObjectNode out = Fixtures.json(EventTypes.MESSAGE_OUTBOUND);
        out.put("shopId", FAST);
        out.put("buyerId", buyerId);
        out.put("messageId", UUID.randomUUID().toString());
        out.put("agentId", "agent-9");
        out.put("cause", "agent-reply");
        out.put("text", "亲，您的售后已处理完毕，请为本次服务打分（1-5分）");
        out.put("createdAt", Instant.now().toString());
        out.put("scriptKey", scriptKey);
        return out;
    }

    private static ObjectNode buyerMessage(String buyerId, String text) {
        ObjectNode in = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED);
        in.put("shopId", FAST);
        in.put("buyerId", buyerId);
        in.put("messageId", "msg-" + UUID.randomUUID());
        in.put("text", text);
        in.put("sentAt", Instant.now().toString());
        return in;
    }

    private static ObjectNode csat(String shop, String buyerId, String caseId, int score) {
        ObjectNode csat = Fixtures.json(EventTypes.MARKETPLACE_CSAT_RECEIVED);
        csat.put("shopId", shop);
        csat.put("buyerId", buyerId);
        if (caseId == null) {
            csat.remove("caseId");
        } else {
            csat.put("caseId", caseId);
        }
        csat.put("score", score);
        csat.put("at", Instant.now().toString());
        return csat;
    }

    private static String buyer() {
        return "buyer-" + UUID.randomUUID();
    }

    private JsonNode json(WebTestClient.ResponseSpec response) {
        return EventJson.mapper().readTree(response.expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    private List<String> caseIds(WebTestClient.ResponseSpec response) {
        List<String> ids = new ArrayList<>();
        json(response).get("items").forEach(c -> ids.add(c.get("caseId").asString()));
        return ids;
    }

    private JsonNode find(WebTestClient.ResponseSpec response, String caseId) {
        for (JsonNode c : json(response).get("items")) {
            if (caseId.equals(c.get("caseId").asString())) {
                return c;
            }
        }
        throw new AssertionError("no case " + caseId + " listed");
    }

    private WebTestClient.ResponseSpec get(String uri, String token) {
        return http.get().uri(uri).headers(h -> h.setBearerAuth(token)).exchange();
    }

    private WebTestClient.ResponseSpec post(String uri, String token, Map<String, String> body) {
        return http.post().uri(uri).headers(h -> h.setBearerAuth(token)).bodyValue(body).exchange();
    }

    /** A field that is null or not written at all. */
    private static boolean absent(JsonNode node, String field) {
        return node.path(field).isNull() || node.path(field).isMissingNode();
    }
}
