package dev.kefu.system;

import dev.kefu.events.kafka.EventJson;
import dev.kefu.events.webhook.WebhookSignature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a system test does through the gateway of a running stack, the way an integration and an agent frontend do
 * it: signed webhooks (Standard Webhooks), dev tokens ({@code POST /auth/dev-token}, local mode) and agent API calls.
 * One place for the signing and the token, used by every system test.
 */
final class GatewayClient {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final String gateway;

    GatewayClient(String gateway) {
        this.gateway = gateway;
    }

    /** A webhook body: the marketplace event {@code type} with {@code data}, stamped now. */
    static byte[] envelope(String type, ObjectNode data) {
        return envelope(type, data, Instant.now());
    }

    static byte[] envelope(String type, ObjectNode data, Instant at) {
        ObjectNode root = EventJson.mapper().createObjectNode();
        root.put("type", type);
        root.put("timestamp", at.toString());
        root.set("data", data);
        return EventJson.mapper().writeValueAsBytes(root);
    }

    /** The signed request an integration sends for {@code body}; signed now, so a retry is signed afresh. */
    HttpRequest signedWebhook(String shop, String id, byte[] body, String secret) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return HttpRequest.newBuilder(URI.create(gateway + "/webhooks/" + shop))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", WebhookSignature.signature(secret, id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    HttpResponse<String> webhook(String shop, String id, byte[] body, String secret)
            throws IOException, InterruptedException {
        return HTTP.send(signedWebhook(shop, id, body, secret), HttpResponse.BodyHandlers.ofString());
    }

    /** A token for {@code agentId} of {@code shop} with {@code roles}, from the local mode's dev-token endpoint. */
    String devToken(String shop, String agentId, List<String> roles) throws IOException, InterruptedException {
        HttpResponse<String> response = call("POST", "/auth/dev-token", null,
                Map.of("shopId", shop, "agentId", agentId, "roles", roles));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body()).get("token").asString();
    }

    /** A plain agent of {@code shop}. */
    String devToken(String shop) throws IOException, InterruptedException {
        return devToken(shop, "agent-8", List.of("agent"));
    }

    /** An agent API call; {@code token} and {@code body} (sent as JSON) may be null. */
    HttpResponse<String> call(String method, String path, String token, Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(CALL_TIMEOUT);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(EventJson.mapper().writeValueAsBytes(body)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String get(String path, String token, int expectedStatus) throws IOException, InterruptedException {
        return expect(call("GET", path, token, null), path, expectedStatus);
    }

    String post(String path, String token, Object body, int expectedStatus) throws IOException, InterruptedException {
        return expect(call("POST", path, token, body), path, expectedStatus);
    }

    String put(String path, String token, Object body, int expectedStatus) throws IOException, InterruptedException {
        return expect(call("PUT", path, token, body), path, expectedStatus);
    }

    private static String expect(HttpResponse<String> response, String path, int expectedStatus) {
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(expectedStatus);
        return response.body();
    }

    static JsonNode json(String text) {
        return EventJson.mapper().readTree(text);
    }
}
