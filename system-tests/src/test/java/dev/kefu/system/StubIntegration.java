package dev.kefu.system;

import com.sun.net.httpserver.HttpServer;
import dev.kefu.events.webhook.WebhookSignature;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A marketplace integration's delivery endpoint on 127.0.0.1: records every POST (webhook id, whether its Standard
 * Webhooks signature verifies with the shop's secret, the body) and answers 500 to the first {@code failFirst}
 * attempts of each webhook id, 200 after.
 */
final class StubIntegration implements AutoCloseable {

    record Attempt(String webhookId, boolean signatureVerified, int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, List<Attempt>> attempts = new ConcurrentHashMap<>();
    private volatile String secret;

    StubIntegration(int failFirst) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/kefu/outbound", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String problem = secret == null ? "no secret yet" : WebhookSignature.problem(secret, id,
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, Instant.now(),
                    Duration.ofMinutes(5));
            List<Attempt> seen = attempts.computeIfAbsent(String.valueOf(id), k -> new CopyOnWriteArrayList<>());
            int status = seen.size() < failFirst ? 500 : 200;
            seen.add(new Attempt(id, problem == null, status, new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The shop's secret, once the devstack generated it. */
    void verifyWith(String shopSecret) {
        this.secret = shopSecret;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/kefu/outbound";
    }

    /** Every attempt to deliver the webhook whose body mentions {@code text} (a message id, say), in order. */
    List<Attempt> attemptsMentioning(String text) {
        return attempts.values().stream().filter(list -> !list.isEmpty() && list.get(0).body().contains(text))
                .findFirst().map(List::copyOf).orElse(List.of());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
