package dev.kefu.gateway.composite;

import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox and the KPIs as an agent frontend calls them, over stub services that answer like the real ones: one
 * ranked queue of every kind of work, paged with a cursor; the figures of every service merged per shop and agent; a
 * service that is down leaves its part out and is named; bad parameters are a 400 naming the parameter. No broker:
 * nothing here touches Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kefu.security.mode=local", "kefu.security.jwt-secret=" + TestTokens.SECRET,
        "spring.kafka.bootstrap-servers=127.0.0.1:1", "kefu.kafka.create-topics=false",
        "kefu.gateway.delivery.enabled=false", "kefu.gateway.stream.enabled=false"})
@AutoConfigureWebTestClient(timeout = "PT30S")
class DeskApiIT {

    private static final Instant NOW = Instant.now();
    private static final String AGENT = TestTokens.issue("shop-demo", "agent-1", List.of("agent"));
    private static final List<String> BEARERS = new CopyOnWriteArrayList<>();
    private static final List<String> URIS = new CopyOnWriteArrayList<>();

    private static final DisposableServer CONVERSATIONS = stub(Map.of(
            "/kpis", "{\"shop\":{\"conversations\":4,\"responseRate3m\":{\"count\":3,\"of\":4,\"value\":0.75}},"
                    + "\"agents\":{\"agent-1\":{\"conversations\":3},\"agent-2\":{\"conversations\":1}}}",
            "awaitingReply=true", "[" + waiting("b-late", NOW.minusSeconds(400), NOW.minusSeconds(200), "agent-1")
                    + "," + waiting("b-new", NOW.minusSeconds(5), NOW.plusSeconds(175), null) + "]"));
    private static final DisposableServer CASES = stub(Map.of(
            "/kpis", "404",
            "status=open-work", "{\"items\":[{\"caseId\":\"c-esc\",\"buyerId\":\"b-esc\",\"status\":\"ESCALATED\","
                    + "\"kind\":\"COMPLAINT\",\"openedAt\":\"" + NOW.minusSeconds(7200) + "\"},"
                    + "{\"caseId\":\"c-open\",\"buyerId\":\"b-case\",\"status\":\"OPEN\",\"kind\":\"REFUND\","
                    + "\"openedAt\":\"" + NOW.minusSeconds(3600) + "\",\"reason\":\"尺码不合适\"}],\"next\":null}",
            "followUp=DUE", "{\"items\":[{\"caseId\":\"c-done\",\"buyerId\":\"b-done\",\"status\":\"RESOLVED\","
                    + "\"kind\":\"RETURN\",\"resolvedBy\":\"agent-1\",\"followUp\":{\"status\":\"DUE\","
                    + "\"dueAt\":\"" + NOW.minusSeconds(60) + "\"}}],\"next\":null}"));
    private static final DisposableServer REVIEWS = stub(Map.of(
            "/kpis", "{\"shop\":{\"badReviews\":2},\"agents\":{\"agent-1\":{\"badReviewsFollowedUp\":1}}}",
            "followable=true", "[{\"reviewId\":\"r-1\",\"buyerId\":\"b-review\",\"rating\":1,\"content\":\"太差了\","
                    + "\"postedAt\":\"" + NOW.minusSeconds(900) + "\"}]"));
    private static final int ORDERS_DOWN = freePort();

    @Autowired
    WebTestClient http;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("kefu.services.order", () -> "http://127.0.0.1:" + ORDERS_DOWN);
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

    @Test
    void everyKindOfWorkIsOneRankedQueueAndTheServiceThatIsDownIsNamed() {
        JsonNode inbox = inbox("/api/inbox", AGENT);

        assertThat(refs(inbox)).containsExactly("b-late", "b-new", "c-esc", "c-open", "r-1", "c-done");
        JsonNode first = inbox.get("items").get(0);
        assertThat(first.get("kind").asString()).isEqualTo("AWAITING_REPLY");
        assertThat(first.get("reasons").get(0).asString()).isEqualTo("response-target-missed");
        assertThat(first.get("assignee").asString()).isEqualTo("agent-1");
        assertThat(first.get("due").asString()).isNotBlank();
        assertThat(inbox.get("unavailable")).extracting(JsonNode::asString).containsExactly("order-service");
        assertThat(inbox.get("counts").get("CASE").asInt()).isEqualTo(2);
        assertThat(inbox.get("next").isNull()).isTrue();
        // every service was asked with the agent's own token, so each scoped the answer to the agent's shop
        assertThat(BEARERS).isNotEmpty().allSatisfy(b -> assertThat(b).isEqualTo("Bearer " + AGENT));
    }

    @Test
    void theCallersOwnWorkAndAKindAreFilters() {
        assertThat(refs(inbox("/api/inbox?assignee=me", AGENT))).containsExactly("b-late", "c-done");
        assertThat(refs(inbox("/api/inbox?assignee=unassigned&kind=case,bad_review", AGENT)))
                .containsExactly("c-esc", "c-open", "r-1");
    }

    @Test
    void pagesFollowTheCursorToTheEndWithoutRepeatingAnItem() {
        List<String> walked = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = inbox("/api/inbox?limit=4" + (next == null ? "" : "&cursor=" + next), AGENT);
            walked.addAll(refs(page));
            next = page.get("next").isNull() ? null : page.get("next").asString();
            pages++;
        } while (next != null);
        assertThat(walked).containsExactly("b-late", "b-new", "c-esc", "c-open", "r-1", "c-done");
        assertThat(pages).isEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void parametersThatMeanNothingAreA400NamingEach() {
        http.get().uri("/api/inbox?assignee=boss&kind=CASE,LUNCH&limit=500&cursor=garbage")
                .headers(h -> h.setBearerAuth(AGENT)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[*].field")
                .value(fields -> assertThat((List<Object>) fields).containsExactly("assignee", "kind", "limit", "cursor"));
        http.get().uri("/api/inbox").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void kpisMergeEveryServicesFiguresPerShopAndAgent() {
        String supervisor = TestTokens.issue("shop-demo", "lead-1", List.of("supervisor"));
        JsonNode kpis = inbox("/api/kpis?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z", supervisor);

        assertThat(kpis.get("shop").get("conversations").asInt()).isEqualTo(4);
        assertThat(kpis.get("shop").get("responseRate3m").get("value").asDouble()).isEqualTo(0.75);
        assertThat(kpis.get("shop").get("badReviews").asInt()).isEqualTo(2);
        assertThat(kpis.get("agents").get("agent-1").get("conversations").asInt()).isEqualTo(3);
        assertThat(kpis.get("agents").get("agent-1").get("badReviewsFollowedUp").asInt()).isEqualTo(1);
        // a service without figures (404) is not "unavailable"; the order service keeps none
        assertThat(kpis.get("unavailable")).isEmpty();
        assertThat(URIS).anyMatch(u -> u.startsWith("/api/reviews/kpis?from=2026-11-20T00:00:00Z&to="));
    }

    @Test
    void anAgentAsksForTheirOwnFiguresOnlyAndThePeriodIsChecked() {
        URIS.clear();
        JsonNode own = inbox("/api/kpis?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z", AGENT);
        assertThat(own.get("shop").isNull()).isTrue();
        assertThat(own.get("agentId").asString()).isEqualTo("agent-1");
        assertThat(URIS).filteredOn(u -> u.contains("/kpis")).allMatch(u -> u.endsWith("&agentId=agent-1"));
        http.get().uri("/api/kpis?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z&agentId=agent-2")
                .headers(h -> h.setBearerAuth(AGENT)).exchange().expectStatus().isForbidden();
        http.get().uri("/api/kpis?from=2026-11-22T00:00:00Z&to=2026-11-21T00:00:00Z")
                .headers(h -> h.setBearerAuth(AGENT)).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("to");
    }

    private JsonNode inbox(String path, String token) {
        byte[] body = http.get().uri(path).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return EventJson.mapper().readTree(body);
    }

    private static List<String> refs(JsonNode inbox) {
        List<String> refs = new ArrayList<>();
        inbox.get("items").forEach(i -> refs.add(i.get("ref").asString()));
        return refs;
    }

    private static String waiting(String buyer, Instant since, Instant due, String assignee) {
        return "{\"id\":\"shop-demo:" + buyer + "\",\"buyerId\":\"" + buyer + "\",\"awaitingReplySince\":\"" + since
                + "\",\"responseDue\":\"" + due + "\",\"needsAttention\":false"
                + (assignee == null ? "" : ",\"assignee\":\"" + assignee + "\"") + "}";
    }

    /** Answers a GET whose URI contains one of the keys with its JSON ("404": not found), anything else with []. */
    private static DisposableServer stub(Map<String, String> answers) {
        return HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> {
            BEARERS.add(String.valueOf(req.requestHeaders().get("Authorization")));
            URIS.add(req.uri());
            String answer = answers.entrySet().stream().filter(a -> req.uri().contains(a.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse("[]");
            return answer.equals("404") ? res.status(404).send()
                    : res.header("Content-Type", "application/json").sendString(Mono.just(answer));
        }).bindNow();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
