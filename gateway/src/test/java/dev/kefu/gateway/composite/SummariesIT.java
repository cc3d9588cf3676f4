package dev.kefu.gateway.composite;

import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The work summaries over stub services that answer like the real KPI endpoints: the window is the shop's local day
 * or ISO week (shop-summary is in Asia/Seoul), the figures are the very ones /api/kpis gives for that window, the
 * improvement points follow from them, and the Markdown is in the language asked, the token's or the shop's. No
 * broker: nothing here touches Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kefu.security.mode=local", "kefu.security.jwt-secret=" + TestTokens.SECRET,
        "spring.kafka.bootstrap-servers=127.0.0.1:1", "kefu.kafka.create-topics=false",
        "kefu.gateway.delivery.enabled=false", "kefu.gateway.stream.enabled=false",
        "kefu.shops.shop-summary.time-zone=Asia/Seoul", "kefu.shops.shop-summary.language=ko",
        "kefu.shops.shop-summary.name=차 전문점", "kefu.summaries.shops.shop-summary.three-minute-rate=0.9"})
@AutoConfigureWebTestClient(timeout = "PT30S")
class SummariesIT {

    private static final String SHOP = "shop-summary";
    private static final String LEAD = TestTokens.issue(SHOP, "lead-1", List.of("supervisor"));
    private static final String AGENT = TestTokens.issue(SHOP, "agent-1", List.of("agent"));
    private static final List<String> URIS = new CopyOnWriteArrayList<>();

    private static final DisposableServer CONVERSATIONS = stub("""
            {"shop":{"conversationsHandled":4,"threeMinuteResponseRate":{"count":3,"of":4,"value":0.75},
              "firstResponseAverageSeconds":95.5,"firstResponseP90Seconds":240.0,
              "inquiryConversionRate":{"count":2,"of":6,"value":0.3333},
              "byHour":[{"hour":9,"threeMinuteResponseRate":{"count":3,"of":3,"value":1.0}},
                        {"hour":20,"threeMinuteResponseRate":{"count":0,"of":3,"value":0.0}}],
              "longestWaits":[{"buyerId":"b-night","waitedSeconds":240,"since":"2026-11-20T11:10:00Z",
                               "answeredAt":"2026-11-20T11:14:00Z","agentId":"agent-2"}]},
             "agents":{"agent-1":{"conversationsHandled":3,"threeMinuteResponseRate":{"count":3,"of":3,"value":1.0},
                                  "firstResponseAverageSeconds":20.0,"firstResponseP90Seconds":30.0,
                                  "inquiryConversionRate":{"count":2,"of":3,"value":0.6667},"byHour":[],"longestWaits":[]},
                       "agent-2":{"conversationsHandled":1,"threeMinuteResponseRate":{"count":0,"of":1,"value":0.0},
                                  "inquiryConversionRate":{"count":0,"of":1,"value":0.0},"byHour":[],"longestWaits":[]}}}""");
    private static final DisposableServer CASES = stub("""
            {"shop":{"casesOpened":2,"casesResolved":1,"casesEscalated":1,"averageResolutionSeconds":7200,
              "resolutionTargetMetRate":{"count":0,"of":1,"value":0.0},"followUpVisitsDone":0,"csatAverage":null,
              "csatCount":0,"casesOpenedByKind":{"COMPLAINT":1,"REFUND":1},"casesResolvedByOutcome":{"REFUNDED":1},
              "casesRejected":0,"escalatedCaseIds":["case-77"],"followUpVisitsOverdue":2},
             "agents":{"agent-1":{"casesResolved":1,"casesEscalated":1,"averageResolutionSeconds":7200,
                                  "resolutionTargetMetRate":{"count":0,"of":1,"value":0.0},"followUpVisitsDone":0,
                                  "csatCount":0,"casesResolvedByOutcome":{"REFUNDED":1},"casesRejected":0,
                                  "escalatedCaseIds":["case-77"],"followUpVisitsOverdue":0}}}""");
    private static final DisposableServer REVIEWS = stub("""
            {"shop":{"badReviews":3,"badReviewFollowUpRate":{"count":1,"of":3,"value":0.3333},
              "badReviewRecoveryRate":{"count":1,"of":3,"value":0.3333},"badReviewsByReason":{"LOGISTICS":2,"PRICE":1}},
             "agents":{"agent-1":{"badReviewsFollowedUp":1,"badReviewRecoveryRate":{"count":1,"of":1,"value":1.0}}}}""");

    @Autowired
    WebTestClient http;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("kefu.services.order", () -> "http://127.0.0.1:1");
        registry.add("kefu.services.conversation", () -> "http://127.0.0.1:" + CONVERSATIONS.port());
        registry.add("kefu.services.aftersales", () -> "http://127.0.0.1:" + CASES.port());
        registry.add("kefu.services.review", () -> "http://127.0.0.1:" + REVIEWS.port());
    }

    @AfterAll
    static void stopStubs() {
        CONVERSATIONS.disposeNow();
        CASES.disposeNow();
        REVIEWS.disposeNow();
    }

    @BeforeEach
    void forget() {
        URIS.clear();
    }

    @Test
    void theSummarysFiguresAreTheKpisOfTheShopsLocalDay() {
        JsonNode summary = get("/api/summaries?period=day&date=2026-11-20", LEAD);
        List<String> summaryCalls = List.copyOf(URIS);
        // 2026-11-20 in Seoul is [2026-11-19T15:00Z, 2026-11-20T15:00Z)
        assertThat(summary.get("from").asString()).isEqualTo("2026-11-19T15:00:00Z");
        assertThat(summary.get("to").asString()).isEqualTo("2026-11-20T15:00:00Z");
        assertThat(summary.get("timeZone").asString()).isEqualTo("Asia/Seoul");
        URIS.clear();
        JsonNode kpis = get("/api/kpis?from=2026-11-19T15:00:00Z&to=2026-11-20T15:00:00Z", LEAD);

        assertThat(URIS).containsExactlyInAnyOrderElementsOf(summaryCalls).hasSize(3)
                .allMatch(u -> u.endsWith("/kpis?from=2026-11-19T15:00:00Z&to=2026-11-20T15:00:00Z"));
        assertThat(summary.at("/shop/figures")).isEqualTo(kpis.get("shop"));
        assertThat(summary.get("agents").propertyNames()).containsExactlyElementsOf(kpis.get("agents").propertyNames());
        for (String agent : kpis.get("agents").propertyNames()) {
            assertThat(summary.at("/agents/" + agent + "/figures")).isEqualTo(kpis.at("/agents/" + agent));
        }
        assertThat(summary.at("/shop/figures/casesOpened").asInt()).isEqualTo(2); // merged from every service
        assertThat(summary.at("/shop/figures/badReviews").asInt()).isEqualTo(3);

        // notable items and the rules that fired on these figures (the shop's own 3-minute target is 90 %)
        assertThat(summary.at("/shop/notable/longestWaits/0/buyerId").asString()).isEqualTo("b-night");
        assertThat(summary.at("/shop/notable/escalations")).extracting(JsonNode::asString).containsExactly("case-77");
        assertThat(summary.at("/shop/improvements")).extracting(i -> i.get("rule").asString()).containsExactly(
                "three-minute-rate-below-target", "three-minute-rate-below-target-in-hours",
                "first-response-p90-above-target", "resolution-target-missed", "bad-reviews-dominant-reason",
                "follow-up-visits-not-done");
        assertThat(summary.at("/shop/improvements/0/values/target").asDouble()).isEqualTo(0.9);
        assertThat(summary.at("/shop/improvements/1/values/from").asInt()).isEqualTo(20);
        assertThat(summary.at("/agents/agent-1/improvements")).extracting(i -> i.get("rule").asString())
                .containsExactly("resolution-target-missed");

        // in the shop's language (Korean), the figures as the KPIs give them
        assertThat(summary.get("language").asString()).isEqualTo("ko");
        String md = summary.get("markdown").asString();
        assertThat(md).startsWith("# 차 전문점 업무 요약 · 2026-11-20\n")
                .contains("집계 기간: 2026-11-20 00:00 – 2026-11-21 00:00 (Asia/Seoul)")
                .contains("- 3분 응답률 75.0% (3/4), 목표 90.0%")
                .contains("- 문의 구매 전환율 33.3% (2/6)")
                .contains("- 20:00–21:00의 3분 응답률 0.0% (0/3)이(가) 목표 90.0%보다 낮습니다")
                .contains("- 오래 기다린 고객: b-night, 4분 0초 대기 (11-20 20:10부터)")
                .contains("- 에스컬레이션된 건: case-77")
                .contains("## 상담원 agent-1")
                .contains("## 상담원 agent-2");
    }

    @Test
    void aWeekIsMondayToSundayAndTheLanguageAsked() {
        JsonNode week = get("/api/summaries?period=week&date=2026-11-22&lang=zh", LEAD);
        assertThat(week.get("firstDay").asString()).isEqualTo("2026-11-16");
        assertThat(week.get("lastDay").asString()).isEqualTo("2026-11-22");
        assertThat(URIS).hasSize(3).allMatch(u -> u.endsWith("?from=2026-11-15T15:00:00Z&to=2026-11-22T15:00:00Z"));
        assertThat(week.get("markdown").asString()).startsWith("# 차 전문점 周工作总结 · 2026-11-16 至 2026-11-22\n")
                .contains("- 3分钟响应率 75.0%（3/4），目标 90.0%");
        assertThat(get("/api/summaries?period=WEEK&date=2026-11-22&lang=en", LEAD).get("markdown").asString())
                .startsWith("# 차 전문점 weekly work summary");
    }

    @Test
    void anAgentReadsTheirOwnSummaryOnly() {
        JsonNode own = get("/api/summaries?period=day&date=2026-11-20", AGENT);
        assertThat(own.get("shop").isNull()).isTrue();
        assertThat(URIS).hasSize(3).allMatch(u -> u.endsWith("&agentId=agent-1"));
        assertThat(own.at("/agents/agent-1/figures"))
                .isEqualTo(get("/api/kpis?from=2026-11-19T15:00:00Z&to=2026-11-20T15:00:00Z", AGENT).at("/agents/agent-1"));
        http.get().uri("/api/summaries?period=day&date=2026-11-20&agentId=agent-2").headers(h -> h.setBearerAuth(AGENT))
                .exchange().expectStatus().isForbidden();
        http.get().uri("/api/summaries?period=day&date=2026-11-20").exchange().expectStatus().isUnauthorized();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBadPeriodDateOrLanguageIsA400NamingEach() {
        http.get().uri("/api/summaries?period=month&date=2026-13-01&lang=fr").headers(h -> h.setBearerAuth(LEAD))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[*].field")
                .value(fields -> assertThat((List<Object>) fields).containsExactly("period", "date", "lang"));
        http.get().uri("/api/summaries").headers(h -> h.setBearerAuth(LEAD)).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[*].field")
                .value(fields -> assertThat((List<Object>) fields).containsExactly("period", "date"));
        assertThat(URIS).isEmpty();
    }

    private JsonNode get(String path, String token) {
        byte[] body = http.get().uri(path).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return EventJson.mapper().readTree(body);
    }

    /** Answers every GET with {@code json}, keeping what the caller asked for, minus whose figures (agentId). */
    private static DisposableServer stub(String json) {
        return HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> {
            URIS.add(req.uri());
            JsonNode all = EventJson.mapper().readTree(json);
            String answer = json;
            int agent = req.uri().indexOf("agentId=");
            if (agent >= 0) { // one agent's: no shop, that agent only, as the services answer
                String id = req.uri().substring(agent + "agentId=".length());
                answer = "{\"agents\":{" + (all.path("agents").has(id)
                        ? "\"" + id + "\":" + all.get("agents").get(id) : "") + "}}";
            }
            return res.header("Content-Type", "application/json").sendString(Mono.just(answer));
        }).bindNow();
    }

}
