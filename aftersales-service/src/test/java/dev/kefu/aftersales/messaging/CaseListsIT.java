package dev.kefu.aftersales.messaging;

import dev.kefu.embedded.mongo.EmbeddedMongoServer;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/cases} over cases opened through the API in two shops: every filter, the work queue's order, paging
 * by cursor, and nothing of another shop. Built-in targets: complaint 24 h, refund, logistics and review recovery
 * 48 h, return and exchange 72 h; in the LATE shop a complaint's is three seconds.
 */
@KefuServiceIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the cases are opened once, for every test
class CaseListsIT {

    private static final String SHOP = "shop-lists-" + UUID.randomUUID();
    private static final String RIVAL_SHOP = "shop-lists-rival-" + UUID.randomUUID();
    private static final String LATE = "shop-lists-late-" + UUID.randomUUID();
    private static final String AGENT_A = TestTokens.issue(SHOP, "agent-a", List.of("agent"));
    private static final String AGENT_B = TestTokens.issue(SHOP, "agent-b", List.of("agent"));
    private static final String LEAD = TestTokens.issue(SHOP, "lead-1", List.of("supervisor"));
    private static final String RIVAL = TestTokens.issue(RIVAL_SHOP, "agent-a", List.of("supervisor"));

    @Autowired
    WebTestClient http;

    @Autowired
    EmbeddedMongoServer mongoServer;

    /** The cases of SHOP, opened in this order (the tests only read them). */
    String exchange;   // buyer-1, taken by agent-a: IN_PROGRESS, priority 1
    String complaint;  // buyer-1, nobody's: priority 2, due first
    String returned;   // buyer-2, nobody's: priority 1
    String refund;     // buyer-2, taken by agent-b and escalated: priority 3
    String logistics;  // buyer-3, resolved: ended, priority 0
    String recovery;   // buyer-3, nobody's: priority 2
    List<String> rivals;

    @DynamicPropertySource
    static void shops(DynamicPropertyRegistry registry) {
        registry.add("kefu.shops." + LATE + ".sla.resolution.complaint", () -> "PT3S");
    }

    @BeforeAll
    void openCases() {
        exchange = open(AGENT_A, "buyer-1", "EXCHANGE");
        complaint = open(AGENT_A, "buyer-1", "COMPLAINT");
        returned = open(AGENT_A, "buyer-2", "RETURN");
        refund = open(AGENT_B, "buyer-2", "REFUND");
        logistics = open(LEAD, "buyer-3", "LOGISTICS");
        recovery = open(LEAD, "buyer-3", "REVIEW_RECOVERY");
        rivals = List.of(open(RIVAL, "buyer-1", "COMPLAINT"), open(RIVAL, "buyer-1", "EXCHANGE"));

        post("/api/cases/" + exchange + "/assign", AGENT_A, Map.of()).expectStatus().isOk();
        post("/api/cases/" + refund + "/assign", AGENT_B, Map.of()).expectStatus().isOk();
        post("/api/cases/" + refund + "/escalate", AGENT_B, Map.of("reason", "超出权限")).expectStatus().isOk();
        post("/api/cases/" + logistics + "/resolve", LEAD, Map.of("outcome", "EXPLAINED", "resolution", "已联系快递"))
                .expectStatus().isOk();
    }

    @Test
    void withoutAFilterTheShopsOpenWorkComesAsTheQueue() {
        assertThat(ids("/api/cases", AGENT_A)).containsExactly(refund, complaint, recovery, exchange, returned);
        assertThat(ids("/api/cases?sort=queue&status=open-work", LEAD))
                .containsExactly(refund, complaint, recovery, exchange, returned);
        assertThat(ids("/api/cases?sort=newest", AGENT_A))
                .containsExactly(recovery, refund, returned, complaint, exchange);
    }

    @Test
    void eachFilterAndTheirCombinations() {
        assertThat(ids("/api/cases?buyerId=buyer-1", AGENT_A)).containsExactly(complaint, exchange);
        assertThat(ids("/api/cases?buyerId=buyer-3", AGENT_A)).as("a buyer's cases, ended ones too")
                .containsExactly(recovery, logistics);
        assertThat(ids("/api/cases?status=RESOLVED", AGENT_A)).containsExactly(logistics);
        assertThat(ids("/api/cases?status=in_progress,ESCALATED", AGENT_A)).containsExactly(refund, exchange);
        assertThat(ids("/api/cases?kind=COMPLAINT,review_recovery", AGENT_A)).containsExactly(recovery, complaint);
        assertThat(ids("/api/cases?kind=LOGISTICS&status=open-work", AGENT_A)).isEmpty();
        assertThat(ids("/api/cases?assignee=me", AGENT_A)).containsExactly(exchange);
        assertThat(ids("/api/cases?assignee=me", AGENT_B)).containsExactly(refund);
        assertThat(ids("/api/cases?assignee=agent-b", LEAD)).containsExactly(refund);
        assertThat(ids("/api/cases?assignee=none&status=open-work", AGENT_A))
                .containsExactly(complaint, recovery, returned);
        assertThat(ids("/api/cases?assignee=none", AGENT_A)).as("all statuses, newest first")
                .containsExactly(recovery, logistics, returned, complaint);
        assertThat(ids("/api/cases?buyerId=buyer-2&assignee=none&kind=RETURN&status=OPEN", AGENT_A))
                .containsExactly(returned);
        assertThat(ids("/api/cases?followUp=DUE", AGENT_A)).as("the resolved case's visit is days away").isEmpty();
    }

    @Test
    void walkingPagesOfTwoReturnsEachCaseOnceInOrder() {
        assertThat(walk("/api/cases?limit=2", AGENT_A))
                .containsExactly(refund, complaint, recovery, exchange, returned);
        assertThat(walk("/api/cases?status=open-work,RESOLVED&sort=newest&limit=2", AGENT_A))
                .containsExactly(recovery, logistics, refund, returned, complaint, exchange);
        assertThat(walk("/api/cases?assignee=none&limit=1", AGENT_A))
                .containsExactly(recovery, logistics, returned, complaint);
    }

    @Test
    void anotherShopsCasesNeverAppear() {
        assertThat(walk("/api/cases?limit=1", RIVAL)).containsExactlyElementsOf(rivals);
        assertThat(ids("/api/cases?buyerId=buyer-1", RIVAL)).containsExactlyInAnyOrderElementsOf(rivals);
        assertThat(ids("/api/cases?buyerId=buyer-1", AGENT_A)).doesNotContainAnyElementsOf(rivals);
        assertThat(ids("/api/cases?assignee=agent-a", RIVAL)).isEmpty();
    }

    @Test
    void aFilteredListReadsOnlyTheCasesItReturnsThroughItsIndex() {
        Map<String, List<String>> lists = Map.of(
                "/api/cases?assignee=me", List.of(refund),
                "/api/cases?buyerId=buyer-1&limit=1", List.of(complaint), // the one after it is read, to say next
                "/api/cases?status=ESCALATED", List.of(refund),
                "/api/cases?kind=REFUND", List.of(refund));
        lists.forEach((uri, expected) -> {
            mongoServer.resetExamined();
            assertThat(ids(uri, AGENT_B)).as(uri).isEqualTo(expected);
            assertThat(mongoServer.examined("kefu-aftersales-service", "cases")).as(uri + ": not the shop's 6")
                    .isLessThanOrEqualTo(3);
        });
    }

    @Test
    void aCaseMissingItsTargetMovesUpTheQueueInPlace() {
        String lead = TestTokens.issue(LATE, "lead-1", List.of("supervisor"));
        String escalated = open(lead, "buyer-9", "REFUND");
        post("/api/cases/" + escalated + "/escalate", lead, Map.of("reason", "超出权限")).expectStatus().isOk();
        String other = open(lead, "buyer-9", "EXCHANGE");
        String late = open(lead, "buyer-9", "COMPLAINT");
        assertThat(ids("/api/cases", lead)).containsExactly(escalated, late, other);

        // breached: as urgent as the escalated case, and due before it
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ids("/api/cases", lead)).containsExactly(late, escalated, other));
    }

    @Test
    void everyBadParameterIsNamed() {
        List<String> fields = new ArrayList<>();
        JsonNode errors = badRequest("/api/cases?status=SHUT&kind=PARCEL&sort=oldest&limit=0&assignee="
                + "x".repeat(2001));
        errors.forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("status", "kind", "assignee", "sort", "limit");
        assertThat(errors.toString()).contains("open-work", "REVIEW_RECOVERY", "QUEUE");

        String queueCursor = json(get("/api/cases?limit=1", AGENT_A)).get("next").asString();
        String newestCursor = json(get("/api/cases?sort=newest&limit=1", AGENT_A)).get("next").asString();
        for (String cursor : List.of("garbled!", queueCursor.substring(2), newestCursor)) {
            assertThat(badRequest("/api/cases?cursor=" + cursor).findValuesAsString("field")).as(cursor)
                    .containsExactly("cursor");
        }
        assertThat(badRequest("/api/cases?followUp=DUE&sort=queue&status=OPEN").findValuesAsString("field"))
                .containsExactlyInAnyOrder("followUp", "sort");
    }

    /** The case ids of the first page. */
    private List<String> ids(String uri, String token) {
        List<String> ids = new ArrayList<>();
        json(get(uri, token)).get("items").forEach(c -> ids.add(c.get("caseId").asString()));
        return ids;
    }

    /** The case ids of every page, following next until it is null. */
    private List<String> walk(String uri, String token) {
        List<String> ids = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = json(get(next == null ? uri : uri + "&cursor=" + next, token));
            page.get("items").forEach(c -> ids.add(c.get("caseId").asString()));
            next = page.get("next").isNull() ? null : page.get("next").asString();
            assertThat(++pages).as("pages").isLessThan(20);
        } while (next != null);
        return ids;
    }

    private JsonNode badRequest(String uri) {
        byte[] body = get(uri, AGENT_A).expectStatus().isBadRequest().expectBody().returnResult().getResponseBody();
        return EventJson.mapper().readTree(body).get("errors");
    }

    private String open(String token, String buyerId, String kind) {
        return json(post("/api/cases", token, Map.of("buyerId", buyerId, "platform", "taobao", "kind", kind,
                "reason", "买家反馈")), 201).get("caseId").asString();
    }

    private JsonNode json(WebTestClient.ResponseSpec response) {
        return json(response, 200);
    }

    private JsonNode json(WebTestClient.ResponseSpec response, int status) {
        return EventJson.mapper().readTree(response.expectStatus().isEqualTo(status).expectBody().returnResult()
                .getResponseBody());
    }

    private WebTestClient.ResponseSpec get(String uri, String token) {
        return http.get().uri(uri).headers(h -> h.setBearerAuth(token)).exchange();
    }

    private WebTestClient.ResponseSpec post(String uri, String token, Map<String, String> body) {
        return http.post().uri(uri).headers(h -> h.setBearerAuth(token)).bodyValue(body).exchange();
    }
}
