package dev.kefu.bench;

import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Posts pre-signed webhooks over a fixed pool of keep-alive connections (Reactor Netty: cheap per request). */
public final class WebhookClient implements AutoCloseable {

    private final ConnectionProvider pool;
    private final HttpClient client;

    public WebhookClient(String baseUrl, int connections) {
        this(baseUrl, connections, Duration.ofSeconds(60));
    }

    /** {@code responseTimeout}: how long an answer may take before the request counts as failed (status -1). */
    public WebhookClient(String baseUrl, int connections, Duration responseTimeout) {
        pool = ConnectionProvider.builder("bench-" + connections).maxConnections(connections)
                .pendingAcquireMaxCount(-1).pendingAcquireTimeout(Duration.ofMinutes(5)).build();
        client = HttpClient.create(pool).baseUrl(baseUrl).responseTimeout(responseTimeout);
    }

    /** The HTTP status, or -1 when the request failed without one. */
    public Mono<Integer> post(String path, SignedWebhook w) {
        return request(path, w)
                .responseSingle((response, body) -> body.asByteArray()
                        .map(ignored -> response.status().code())
                        .defaultIfEmpty(response.status().code()))
                .onErrorReturn(-1);
    }

    /** The status and body of the answer (a refusal says why in it); status -1 and the error when there was none. */
    public Mono<Answer> send(String path, SignedWebhook w) {
        return request(path, w)
                .responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .map(text -> new Answer(response.status().code(), text)))
                .onErrorResume(e -> Mono.just(new Answer(-1, String.valueOf(e))));
    }

    public record Answer(int status, String body) {
    }

    private HttpClient.ResponseReceiver<?> request(String path, SignedWebhook w) {
        return client.request(HttpMethod.POST).uri(path)
                .send((request, out) -> {
                    request.header("content-type", "application/json")
                            .header("webhook-id", w.id())
                            .header("webhook-timestamp", w.timestamp())
                            .header("webhook-signature", w.signature());
                    return out.sendByteArray(Mono.just(w.body()));
                });
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
