package dev.kefu.gateway.delivery;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/** POSTs one attempt and classifies the answer; never fails (every error is an {@link Attempt}). */
class DeliveryClient {

    private final WebClient web;
    private final Duration timeout;
    private final Clock clock;
    private final DeliveryMetrics metrics;

    DeliveryClient(WebClient web, Duration timeout, Clock clock, DeliveryMetrics metrics) {
        this.web = web;
        this.timeout = timeout;
        this.clock = clock;
        this.metrics = metrics;
    }

    Mono<Attempt> post(URI url, WebhookRequest request) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            return web.post().uri(url)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header(WebhookRequest.ID, request.id())
                    .header(WebhookRequest.TIMESTAMP, request.timestamp())
                    .header(WebhookRequest.SIGNATURE, request.signature())
                    .bodyValue(request.body())
                    // The status decides; the body (if any) is released unread.
                    .exchangeToMono(response -> Mono.just(Attempt.ofStatus(response.statusCode().value(),
                            response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER), clock.instant())))
                    .timeout(timeout)
                    .onErrorResume(e -> Mono.just(Attempt.ofError(e, timeout)))
                    .doOnNext(attempt -> metrics.attempted(attempt, System.nanoTime() - started));
        });
    }
}
