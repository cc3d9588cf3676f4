package dev.kefu.gateway;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.events.webhook.WebhookSignature;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway against a real (embedded) broker and stub services standing in for the four downstream ones. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kefu.security.mode=local", "kefu.security.jwt-secret=" + TestTokens.SECRET,
        "kefu.shops.shop-demo.webhook-secret=" + GatewayIT.SECRET,
        "kefu.shops.shop-burst.webhook-secret=" + GatewayIT.SECRET,
        "kefu.gateway.downstream-timeout=PT2S", // room for a loaded machine; the slow stub takes 8 s
        "kefu.gateway.webhooks.rate-per-second=1",
        "kefu.gateway.webhooks.burst=20",
        "kefu.kafka.partitions=1"})
@EmbeddedKafka(partitions = 1)
@AutoConfigureWebTestClient(timeout = "PT30S") // a loaded CI machine answers the first api-docs call slowly
class GatewayIT {

    static final String SECRET = "whsec_" + "c2VjcmV0LWZvci10aGUtZGVtby1zaG9wLTEyMzQ1Njc4";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final DisposableServer SERVICES = stubServices();

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Autowired
    WebTestClient http;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + SERVICES.port();
        for (String service : new String[]{"order", "conversation", "aftersales", "review"}) {
            registry.add("kefu.services." + service, () -> base);
        }
    }

    @AfterAll
    static void stopStubs() {
        SERVICES.disposeNow();
    }

    @Test
    void healthAndMetricsAreOnlyOnTheManagementPortNeverOnThePublicOne() {
        for (String path : new String[]{"/actuator/health", "/actuator/health/readiness", "/actuator/prometheus",
                "/actuator/info"}) {
            http.get().uri(path).exchange().expectStatus().isNotFound();
        }
        // the rest of /actuator/** is the security chain's: no token, no answer (and no endpoint behind it either)
        http.get().uri("/actuator/env").exchange().expectStatus().value(status -> assertThat(status).isIn(401, 404));

        WebTestClient management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
                .responseTimeout(Duration.ofSeconds(30))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build();
        management.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components.readinessState").exists();
        management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(metrics -> assertThat(metrics).contains("application=\"gateway\""));
        // and the management port serves nothing but actuator (the security chain answers first, without a token)
        management.get().uri("/api/inbox").exchange().expectStatus().value(status -> assertThat(status).isIn(401, 404));
    }

    @Test
    void aSignedWebhookIsAcceptedOnlyOnceKafkaHoldsIt() {
        String id = "msg_" + UUID.randomUUID();
        byte[] body = webhook("order.paid", Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID));

        signed("shop-demo", id, body, SECRET).expectStatus().isAccepted()
                .expectBody().jsonPath("$.id").isEqualTo(id).jsonPath("$.topic").isEqualTo(Topics.MARKETPLACE_ORDERS);

        // the event id is the webhook-id and a hash of the body (docs/events.md)
        var record = TopicProbe.await(kafka, Topics.MARKETPLACE_ORDERS, WAIT,
                r -> TopicProbe.header(r, CloudEvent.ID).startsWith(id + ":"));
        assertThat(record.key()).isEqualTo("TB20261123001");
        assertThat(TopicProbe.header(record, CloudEvent.TYPE)).isEqualTo("order.paid");
        assertThat(TopicProbe.header(record, CloudEvent.SHOP_ID)).isEqualTo("shop-demo");
        assertThat(TopicProbe.header(record, CloudEvent.TIME)).isEqualTo("2026-11-23T08:15:31Z");
    }

    @Test
    void fieldsTheContractDoesNotKnowAreAcceptedAndListedInTheAnswer() {
        ObjectNode review = Fixtures.json(EventTypes.MARKETPLACE_REVIEW_POSTED);
        review.put("text", review.remove("content").asString());
        String id = "msg_review_" + UUID.randomUUID();

        signed("shop-demo", id, webhook("review.posted", review), SECRET).expectStatus().isAccepted()
                .expectBody().jsonPath("$.ignoredFields").isEqualTo(java.util.List.of("text"));
        signed("shop-demo", "msg_paid_" + UUID.randomUUID(),
                webhook("order.paid", Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID)), SECRET)
                .expectStatus().isAccepted().expectBody().jsonPath("$.ignoredFields.length()").isEqualTo(0);
        TopicProbe.await(kafka, Topics.MARKETPLACE_REVIEWS, WAIT,
                r -> TopicProbe.header(r, CloudEvent.ID).startsWith(id + ":"));
    }

    @Test
    void webhooksAreAuthenticatedByTheirSignatureAloneNotByAgentTokens() {
        byte[] body = webhook("order.paid", Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID));
        String id = "msg_bearer_" + UUID.randomUUID();
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        // A stray bearer token is not decoded on the webhook path (no JWT 401): the signature decides.
        http.post().uri("/webhooks/shop-demo").contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer not-a-jwt")
                .header("webhook-id", id).header("webhook-timestamp", timestamp)
                .header("webhook-signature", WebhookSignature.signature(SECRET, id, timestamp, body))
                .bodyValue(body).exchange()
                .expectStatus().isAccepted()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.id").isEqualTo(id);
        // ... and a valid agent token does not stand in for a signature.
        http.post().uri("/webhooks/shop-demo").contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + devToken("shop-demo"))
                .bodyValue(body).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aBodyOverOneMebibyteIsRefusedBeforeItsSignatureIsChecked() {
        byte[] huge = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        signed("shop-demo", "msg_huge_" + UUID.randomUUID(), huge, SECRET).expectStatus().isEqualTo(413);
    }

    @Test
    void unsignedForgedOrInvalidWebhooksAreRefusedAndNeverReachKafka() {
        byte[] good = webhook("order.paid", Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID));
        String unsigned = "msg_unsigned_" + UUID.randomUUID();
        http.post().uri("/webhooks/shop-demo").header("webhook-id", unsigned).bodyValue(good)
                .exchange().expectStatus().isUnauthorized();
        // whatever it claims to be: authentication comes before decoding
        http.post().uri("/webhooks/shop-demo").contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("a=b")
                .exchange().expectStatus().isUnauthorized();
        String forged = "msg_forged_" + UUID.randomUUID();
        signed("shop-demo", forged, good, "whsec_" + Base64.getEncoder().encodeToString("not the shop's key!!".getBytes()))
                .expectStatus().isUnauthorized();
        String stranger = "msg_stranger_" + UUID.randomUUID();
        signed("shop-unknown", stranger, good, SECRET).expectStatus().isUnauthorized();

        ObjectNode missing = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        missing.remove("buyerId");
        String invalid = "msg_invalid_" + UUID.randomUUID();
        signed("shop-demo", invalid, webhook("order.paid", missing), SECRET)
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("$.data.buyerId")
                .jsonPath("$.errors[0].reason").value(String.class, r -> assertThat(r).contains("buyerId"));
        String malformed = "msg_malformed_" + UUID.randomUUID();
        signed("shop-demo", malformed, "{\"type\": ".getBytes(), SECRET)
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("$");

        assertThat(TopicProbe.all(kafka, Topics.MARKETPLACE_ORDERS, Duration.ofSeconds(3)))
                .extracting(r -> TopicProbe.header(r, CloudEvent.ID))
                .doesNotContain(unsigned, forged, stranger, invalid, malformed);
    }

    @Test
    void aShopOverItsRateIsAskedToSlowDown() {
        byte[] body = webhook("order.paid", Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID));
        int limited = 0;
        for (int i = 0; i < 30; i++) {
            int status = signed("shop-burst", "msg_burst_" + i + "_" + UUID.randomUUID(), body, SECRET)
                    .returnResult(Void.class).getStatus().value();
            limited += status == 429 ? 1 : 0;
        }
        assertThat(limited).isBetween(5, 10);
    }

    @Test
    void theOverviewGathersEveryServiceWithTheCallersToken() {
        String token = devToken("shop-demo");

        http.get().uri("/api/customers/buyer-known/overview").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.orders[0].orderId").isEqualTo("TB1")
                .jsonPath("$.conversation.messages[0].scriptKey").isEqualTo("payment-received")
                .jsonPath("$.openCases.length()").isEqualTo(1)
                .jsonPath("$.pastCases[0].caseId").isEqualTo("RF-0")
                .jsonPath("$.reviews[0].sentiment").isEqualTo("NEGATIVE")
                .jsonPath("$.risk.level").isEqualTo("HIGH")
                .jsonPath("$.file.specialRequests[0].text").isEqualTo("包裹里不要放发票")
                .jsonPath("$.languages").isEqualTo(List.of("zh", "ko"))
                .jsonPath("$.returning").isEqualTo(true)
                .jsonPath("$.unavailable.length()").isEqualTo(0);
        // the file itself is routed to order-service with the caller's token
        http.get().uri("/api/customers/buyer-known/file").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.paidOrders").isEqualTo(3);
        http.get().uri("/api/customers/buyer-partial/file").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void aSlowOrFailingServiceLeavesItsPartOutInsteadOfFailingTheView() {
        http.get().uri("/api/customers/buyer-partial/overview")
                .headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo"))).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.orders[0].orderId").isEqualTo("TB2")
                .jsonPath("$.conversation").doesNotExist()
                .jsonPath("$.file").doesNotExist()
                .jsonPath("$.returning").isEqualTo(false)
                .jsonPath("$.unavailable.length()").isEqualTo(2)
                .jsonPath("$.unavailable[?(@ == 'aftersales-service')]").exists()
                .jsonPath("$.unavailable[?(@ == 'review-service')]").exists();
    }

    @Test
    void aBuyerNoServiceKnowsIsNotFoundAndAgentsMustAuthenticate() {
        http.get().uri("/api/customers/buyer-nobody/overview")
                .headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo"))).exchange()
                .expectStatus().isNotFound();
        http.get().uri("/api/customers/buyer-known/overview").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void perServiceResourcesAreRoutedWithTheToken() {
        http.get().uri("/api/orders?buyerId=buyer-known").headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo")))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$[0].orderId").isEqualTo("TB1");
    }

    @Test
    void theApiIsDescribedForTheGatewayAndEveryService() {
        http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.paths['/webhooks/{shopId}'].post").exists()
                .jsonPath("$.paths['/api/customers/{buyerId}/overview'].get").exists();
        http.get().uri("/v3/api-docs/services/order-service").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.info.title").isEqualTo("stub service");
    }

    @Test
    void theDevTokenEndpointValidatesItsRequest() {
        http.post().uri("/auth/dev-token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("shopId", "shop-demo", "agentId", "a1", "roles", java.util.List.of("root")))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("roles");
        // a shop id must be usable as a configuration key (kefu.shops.<id>.webhook-secret) and a document key prefix
        http.post().uri("/auth/dev-token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("shopId", "Acme.EU:1", "agentId", "a1"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("shopId");
    }

    private String devToken(String shop) {
        return http.post().uri("/auth/dev-token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("shopId", shop, "agentId", "8号客服", "roles", java.util.List.of("agent")))
                .exchange().expectStatus().isOk()
                .returnResult(Map.class).getResponseBody().blockFirst().get("token").toString();
    }

    private WebTestClient.ResponseSpec signed(String shop, String id, byte[] body, String secret) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return http.post().uri("/webhooks/" + shop)
                .contentType(MediaType.APPLICATION_JSON)
                .header("webhook-id", id)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", WebhookSignature.signature(secret, id, timestamp, body))
                .bodyValue(body)
                .exchange();
    }

    private static byte[] webhook(String type, ObjectNode data) {
        ObjectNode root = dev.kefu.events.kafka.EventJson.mapper().createObjectNode();
        root.put("type", type);
        root.put("timestamp", "2026-11-23T08:15:31Z");
        root.set("data", data);
        return dev.kefu.events.kafka.EventJson.mapper().writeValueAsBytes(root);
    }

    /** One server standing in for all four services; it insists on the forwarded bearer token. */
    private static DisposableServer stubServices() {
        return HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes
                .get("/v3/api-docs", (req, res) -> res.header("Content-Type", "application/json")
                        .sendString(Mono.just("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"stub service\"}}")))
                .get("/api/orders", (req, res) -> authorized(req, res, switch (buyer(req.uri())) {
                    case "buyer-known" -> "[{\"orderId\":\"TB1\",\"status\":\"PAID\",\"delayReported\":null}]";
                    case "buyer-partial" -> "[{\"orderId\":\"TB2\",\"status\":\"SHIPPED\",\"delayReported\":null}]";
                    default -> "[]";
                }))
                .get("/api/conversations/{buyerId}", (req, res) -> "buyer-known".equals(req.param("buyerId"))
                        ? authorized(req, res, "{\"conversation\":{\"buyerMood\":\"NEUTRAL\",\"needsAttention\":true,"
                        + "\"paidOrders\":3,\"languages\":[\"zh\",\"ko\"]},"
                        + "\"messages\":[{\"author\":\"KEFU\",\"scriptKey\":\"payment-received\"}]}")
                        : res.status(404).send())
                .get("/api/customers/{buyerId}/file", (req, res) -> "buyer-known".equals(req.param("buyerId"))
                        ? authorized(req, res, "{\"buyerId\":\"buyer-known\",\"paidOrders\":3,"
                        + "\"specialRequests\":[{\"id\":\"n1\",\"text\":\"包裹里不要放发票\"}]}")
                        : res.status(404).send())
                .get("/api/cases", (req, res) -> switch (buyer(req.uri())) {
                    case "buyer-known" -> authorized(req, res,
                            "{\"items\":[{\"caseId\":\"RF-1\",\"status\":\"OPEN\"},"
                                    + "{\"caseId\":\"RF-0\",\"status\":\"RESOLVED\"}],\"next\":null}");
                    case "buyer-partial" -> res.status(500).send();
                    default -> authorized(req, res, "{\"items\":[],\"next\":null}");
                })
                .get("/api/reviews", (req, res) -> switch (buyer(req.uri())) {
                    case "buyer-known" -> authorized(req, res, "[{\"reviewId\":\"rv-1\",\"sentiment\":\"NEGATIVE\"}]");
                    case "buyer-partial" -> res.sendString(Mono.delay(Duration.ofSeconds(8)).thenReturn("[]"));
                    default -> authorized(req, res, "[]");
                })).bindNow();
    }

    private static org.reactivestreams.Publisher<Void> authorized(reactor.netty.http.server.HttpServerRequest req,
                                                                 reactor.netty.http.server.HttpServerResponse res,
                                                                 String json) {
        String auth = req.requestHeaders().get("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            return res.status(401).send();
        }
        return res.header("Content-Type", "application/json").sendString(Mono.just(json));
    }

    private static String buyer(String uri) {
        int at = uri.indexOf("buyerId=");
        return at < 0 ? "" : uri.substring(at + 8).split("&")[0];
    }
}
