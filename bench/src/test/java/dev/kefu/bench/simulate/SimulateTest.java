package dev.kefu.bench.simulate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.events.webhook.WebhookSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator against a stand-in gateway on 127.0.0.1 that checks signatures as the real one does
 * ({@link WebhookSignature#problem}), refuses buyer messages (400) and fails order.finished (503): the summary table
 * must count exactly what the server saw.
 */
class SimulateTest {

    private static final String SECRET_A = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SECRET_B = "whsec_c2VjcmV0LWZvci1zaG9wLWItMDEyMzQ1Njc=";

    @TempDir
    Path dir;
    private HttpServer server;
    private Path secrets;
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final Map<String, List<Instant>> timesByOrder = new ConcurrentHashMap<>();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final Set<String> webhookIds = ConcurrentHashMap.newKeySet();
    private volatile boolean refuse = true;

    @BeforeEach
    void start() throws IOException {
        secrets = dir.resolve("shops.properties");
        Files.writeString(secrets, "# shops\nshop-a=" + SECRET_A + "\nshop-b=" + SECRET_B + "\nshop-nosecret=\n");
        Map<String, String> byShop = Map.of("shop-a", SECRET_A, "shop-b", SECRET_B);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/webhooks/", exchange -> answer(exchange, byShop));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange, Map<String, String> byShop) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String shop = exchange.getRequestURI().getPath().substring("/webhooks/".length());
        var h = exchange.getRequestHeaders();
        String problem = WebhookSignature.problem(byShop.getOrDefault(shop, "whsec_AAAA"), h.getFirst("webhook-id"),
                h.getFirst("webhook-timestamp"), h.getFirst("webhook-signature"), body, Instant.now(),
                Duration.ofMinutes(5));
        if (problem != null) {
            badSignatures.incrementAndGet();
            reply(exchange, 401, "{\"detail\":\"" + problem + "\"}");
            return;
        }
        webhookIds.add(h.getFirst("webhook-id"));
        JsonNode envelope = EventJson.mapper().readTree(body);
        String type = envelope.path("type").asString();
        received.computeIfAbsent(type, t -> new AtomicInteger()).incrementAndGet();
        String order = envelope.path("data").path("orderId").asString("");
        timesByOrder.computeIfAbsent(order, o -> new ArrayList<>())
                .add(Instant.parse(envelope.path("timestamp").asString()));
        if (refuse && type.equals("message.received")) {
            reply(exchange, 400, "{\"title\":\"Bad Request\",\"detail\":\"text: too rude for the simulator\"}");
        } else if (refuse && type.equals("order.paid")) {
            reply(exchange, 503, "{\"detail\":\"kafka is away\"}");
        } else {
            reply(exchange, 202, "{}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private record Outcome(int exit, String out, String err) {
    }

    private Outcome simulate(String... args) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Simulate.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String gateway() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void theSummaryCountsWhatTheGatewayAnswered() throws Exception {
        Outcome run = simulate("--gateway", gateway(), "--secrets", secrets.toString(), "--shop", "shop-a",
                "--shop", "shop-b", "--rate", "150", "--duration", "3s", "--seed", "9", "--concurrency", "8");

        assertThat(badSignatures).hasValue(0);
        Map<String, long[]> table = table(run.out());
        long total = received.values().stream().mapToLong(AtomicInteger::get).sum();
        assertThat(total).as("rate x duration, all sent").isEqualTo(450);
        assertThat(table.get("total")[0]).isEqualTo(total);
        received.forEach((type, count) -> assertThat(table.get(type)[0]).as(type + " sent").isEqualTo(count.get()));
        assertThat(table.get("message.received")[2]).isEqualTo(received.get("message.received").get());
        assertThat(table.get("order.paid")[3]).isEqualTo(received.get("order.paid").get());
        assertThat(table.get("order.created")[1]).isEqualTo(received.get("order.created").get());
        assertThat(table.get("total")[2] + table.get("total")[3])
                .isEqualTo(received.get("message.received").get() + received.get("order.paid").get());
        assertThat(run.out()).contains("400 text: too rude for the simulator").contains("503 kafka is away")
                .contains("p50").contains("p99");
        assertThat(run.exit()).isEqualTo(Simulate.NOT_ALL_ACCEPTED);
        // One order's webhooks arrive in their story's order, whatever the concurrency.
        assertThat(timesByOrder.values()).allSatisfy(times -> assertThat(times).isSorted());
    }

    @Test
    void everythingAcceptedExitsZero() throws Exception {
        refuse = false;
        Outcome run = simulate("--gateway", gateway(), "--secrets", secrets.toString(), "--shops", "2",
                "--rate", "50", "--duration", "1s", "--seed", "1");

        assertThat(run.exit()).isEqualTo(Simulate.OK);
        Map<String, long[]> table = table(run.out());
        assertThat(table.get("total")[0]).isEqualTo(50).isEqualTo(table.get("total")[1]);
        assertThat(run.err()).contains("seed 1").contains("sent 50");
    }

    @Test
    void theSameSeedSendsTheSameWebhookIds() throws Exception {
        refuse = false;
        String[] args = {"--gateway", gateway(), "--secrets", secrets.toString(), "--rate", "100", "--duration", "1s",
                "--seed", "77"};
        simulate(args);
        Set<String> first = Set.copyOf(webhookIds);
        webhookIds.clear();
        simulate(args);
        Set<String> again = Set.copyOf(webhookIds);
        webhookIds.clear();
        args[args.length - 1] = "78";
        simulate(args);

        assertThat(first).hasSize(100).isEqualTo(again);
        assertThat(webhookIds).hasSize(100).doesNotContainAnyElementsOf(first);
    }

    @Test
    void aShopWithoutASecretIsNamed() throws Exception {
        Outcome run = simulate("--gateway", gateway(), "--secrets", secrets.toString(), "--shop", "shop-a",
                "--shop", "shop-nosecret");

        assertThat(run.exit()).isEqualTo(Simulate.USAGE);
        assertThat(run.err()).contains("no webhook secret for shop shop-nosecret").doesNotContain("\n\n");
        assertThat(received).isEmpty();
    }

    @Test
    void moreShopsThanSecretsIsAnError() throws Exception {
        Outcome run = simulate("--secrets", secrets.toString(), "--shops", "3");

        assertThat(run.exit()).isEqualTo(Simulate.USAGE);
        assertThat(run.err()).contains("--shops 3").contains("[shop-a, shop-b]");
    }

    @Test
    void badOptionsAreOneLineAndExitTwo() throws Exception {
        for (String[] args : List.of(new String[] {"--rate", "fast"}, new String[] {"--rate", "0"},
                new String[] {"--duration", "soon"}, new String[] {"--concurrency", "-1"},
                new String[] {"--gateway", "ftp://x"}, new String[] {"--bogus", "1"}, new String[] {"--seed"},
                new String[] {"--shops", "2", "--shop", "shop-a"}, new String[] {"--secrets", "/nonexistent/x"})) {
            Outcome run = simulate(args);
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(Simulate.USAGE);
            assertThat(run.err().strip()).as(String.join(" ", args)).startsWith("simulate: ").doesNotContain("\n");
        }
    }

    /** The summary's rows: type → sent, accepted, rejected, failed. */
    private static Map<String, long[]> table(String out) {
        Map<String, long[]> rows = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length >= 5 && cells[1].matches("\\d+")) {
                rows.put(cells[0], new long[] {Long.parseLong(cells[1]), Long.parseLong(cells[2]),
                        Long.parseLong(cells[3]), Long.parseLong(cells[4])});
            }
        }
        return rows;
    }
}
