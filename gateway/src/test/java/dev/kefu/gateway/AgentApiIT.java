package dev.kefu.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.kefu.platform.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent API's front door as an attacker or a broken network would try it: services down, hanging or breaking
 * the connection behind a route; a token looping on the API; tokens whose claims are of the wrong type or that never
 * expire. No broker: nothing here touches Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kefu.security.mode=local", "kefu.security.jwt-secret=" + TestTokens.SECRET,
        "spring.kafka.bootstrap-servers=127.0.0.1:1", "kefu.kafka.create-topics=false",
        "kefu.gateway.delivery.enabled=false", "kefu.gateway.stream.enabled=false",
        "spring.cloud.gateway.server.webflux.httpclient.response-timeout=PT1S",
        "kefu.gateway.agents.rate-per-second=0.5", "kefu.gateway.agents.burst=3"})
@AutoConfigureWebTestClient(timeout = "PT30S")
class AgentApiIT {

    private static final DisposableServer REVIEWS = HttpServer.create().host("127.0.0.1").port(0).route(r -> r
            .get("/api/reviews", (req, res) -> res.header("Content-Type", "application/json").sendString(Mono.just("[]")))
            .get("/api/reviews/broken", (req, res) -> res.status(500).sendString(Mono.just("stack trace here"))))
            .bindNow();
    private static final DisposableServer HANGING = HttpServer.create().host("127.0.0.1").port(0)
            .handle((req, res) -> res.sendString(Mono.delay(Duration.ofSeconds(6)).thenReturn("[]"))).bindNow();
    private static final Hangup HANGUP = new Hangup();
    private static final int DOWN = freePort();

    @Autowired
    WebTestClient http;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("kefu.services.order", () -> "http://127.0.0.1:" + DOWN);
        registry.add("kefu.services.conversation", () -> "http://127.0.0.1:" + HANGUP.port());
        registry.add("kefu.services.aftersales", () -> "http://127.0.0.1:" + HANGING.port());
        registry.add("kefu.services.review", () -> "http://127.0.0.1:" + REVIEWS.port());
    }

    @AfterAll
    static void stopStubs() {
        REVIEWS.disposeNow();
        HANGING.disposeNow();
        HANGUP.close();
    }

    @Test
    void aServiceThatIsDownIsA503ProblemWithRetryAfterNamingTheRouteNotItsAddress() {
        http.get().uri("/api/orders?buyerId=b1").headers(h -> h.setBearerAuth(token("agent-down"))).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
                .expectBody()
                .jsonPath("$.status").isEqualTo(503)
                .jsonPath("$.route").isEqualTo("orders")
                .jsonPath("$.detail").value(String.class, d -> assertThat(d).contains("cannot be reached")
                        .doesNotContain("127.0.0.1").doesNotContain(Integer.toString(DOWN)));
    }

    @Test
    void aServiceThatHangsIsA504AfterTheResponseTimeout() {
        long started = System.nanoTime();
        http.get().uri("/api/cases?buyerId=b1").headers(h -> h.setBearerAuth(token("agent-hang"))).exchange()
                .expectStatus().isEqualTo(504)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.route").isEqualTo("cases");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aServiceThatBreaksTheConnectionIsA502() {
        http.get().uri("/api/conversations/b1").headers(h -> h.setBearerAuth(token("agent-hangup"))).exchange()
                .expectStatus().isEqualTo(502)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.route").isEqualTo("conversations");
    }

    @Test
    void anAnswerTheServiceGaveIsPassedOnAsItIs() {
        String token = token("agent-pass");
        http.get().uri("/api/reviews?buyerId=b1").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody().json("[]");
        http.get().uri("/api/reviews/broken").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isEqualTo(500);
    }

    @Test
    void aTokenOverItsRateIsA429WithRetryAfterAndOtherTokensGoOn() {
        String looping = token("agent-loop");
        for (int i = 0; i < 3; i++) {
            http.get().uri("/api/reviews?buyerId=b1").headers(h -> h.setBearerAuth(looping)).exchange()
                    .expectStatus().isOk();
        }
        http.get().uri("/api/reviews?buyerId=b1").headers(h -> h.setBearerAuth(looping)).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, s -> assertThat(Long.parseLong(s)).isBetween(1L, 2L))
                .expectBody().jsonPath("$.detail").value(String.class, d -> assertThat(d).contains("over its rate"));
        // Another token of the same agent and shop is another bucket; so is another agent's.
        http.get().uri("/api/reviews?buyerId=b1").headers(h -> h.setBearerAuth(token("agent-other"))).exchange()
                .expectStatus().isOk();
        // An unauthenticated flood gets 401s, never a bucket.
        for (int i = 0; i < 5; i++) {
            http.get().uri("/api/reviews").exchange().expectStatus().isUnauthorized();
        }
    }

    @Test
    void claimsOfTheWrongTypeAndTokensThatNeverExpireAre401NeverA500() throws Exception {
        Map<String, Consumer<JWTClaimsSet.Builder>> wrong = new LinkedHashMap<>();
        wrong.put("shop as an array", c -> c.claim("shop", List.of("shop-demo", "shop-rival")));
        wrong.put("shop as an object", c -> c.claim("shop", Map.of("id", "shop-demo")));
        wrong.put("shop as a number", c -> c.claim("shop", 42));
        wrong.put("roles as a string", c -> c.claim("roles", "admin"));
        wrong.put("roles with a number", c -> c.claim("roles", List.of("agent", 1)));
        wrong.put("sub as an array", c -> c.claim("sub", List.of("a", "b")));
        wrong.put("no exp", c -> c.expirationTime(null));
        wrong.put("exp in a year", c -> c.expirationTime(Date.from(Instant.now().plus(Duration.ofDays(365)))));
        wrong.put("exp as text", c -> c.claim("exp", "tomorrow"));
        wrong.put("no shop", c -> c.claim("shop", null));
        for (var entry : wrong.entrySet()) {
            String token = hs256(entry.getValue());
            http.get().uri("/api/reviews?buyerId=b1").headers(h -> h.setBearerAuth(token)).exchange()
                    .expectStatus().value(status -> assertThat(status).as(entry.getKey()).isEqualTo(401))
                    .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE,
                            v -> assertThat(v).as(entry.getKey()).contains("invalid_token"));
        }
        // the control: the same construction with nothing wrong is an agent
        String good = hs256(c -> { });
        http.get().uri("/api/reviews?buyerId=b1").headers(h -> h.setBearerAuth(good)).exchange().expectStatus().isOk();
    }

    private static String token(String agent) {
        return TestTokens.issue("shop-demo", agent, List.of("agent"));
    }

    private static String hs256(Consumer<JWTClaimsSet.Builder> change) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("kefu").subject("agent-" + System.nanoTime())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("shop", "shop-demo").claim("roles", List.of("agent"));
        change.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(TestTokens.SECRET));
        return jwt.serialize();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A "service" that accepts connections and hangs up at once, before any answer. */
    static final class Hangup implements AutoCloseable {
        private final ServerSocket socket;

        Hangup() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread accept = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        // Take the request first: a reset before the gateway's client has seen its connect through
                        // is a failed connect (503), which is not what this stub stands for.
                        s.setSoTimeout(2_000);
                        readRequestHead(s);
                        s.setSoLinger(true, 0); // a reset, as a crashed process leaves it
                    } catch (IOException closed) {
                        // closed at the end of the test
                    }
                }
            }, "hangup-stub");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private static void readRequestHead(Socket s) throws IOException {
            var in = s.getInputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < end.length) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
