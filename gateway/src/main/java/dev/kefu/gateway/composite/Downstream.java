package dev.kefu.gateway.composite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;

/**
 * Calls a service for a composite view with the agent's own token (the service checks it and scopes to its shop),
 * bounded by a timeout. A 404 is "nothing there"; a timeout, refusal or 5xx leaves that part out instead of failing
 * the whole view.
 */
@Component
class Downstream {

    private static final Logger log = LoggerFactory.getLogger(Downstream.class);

    private final WebClient http;
    private final Duration timeout;

    Downstream(WebClient.Builder builder, @Value("${kefu.gateway.downstream-timeout}") Duration timeout) {
        this.http = builder.build();
        this.timeout = timeout;
    }

    Mono<Part> get(String service, URI uri, String bearerToken) {
        return http.get().uri(uri)
                .headers(h -> h.setBearerAuth(bearerToken))
                .retrieve()
                .bodyToMono(JsonNode.class)
                .map(json -> Part.found(service, json))
                .defaultIfEmpty(Part.absent(service))
                .timeout(timeout)
                .onErrorResume(WebClientResponseException.class, e -> e.getStatusCode() == HttpStatus.NOT_FOUND
                        ? Mono.just(Part.absent(service)) : failed(service, e))
                .onErrorResume(e -> failed(service, e));
    }

    private static Mono<Part> failed(String service, Throwable e) {
        log.warn("{} did not answer for a composite view: {}", service, e.toString());
        return Mono.just(Part.failed(service));
    }
}
