package dev.kefu.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The ingest baseline: a bare Spring Boot WebFlux app that reads the webhook body and answers 202 with the same
 * small JSON the gateway returns, and does nothing else (no signature, no parsing, no Kafka). Run as its own process.
 */
@SpringBootApplication
@RestController
public class BareWebFluxApp {

    record Accepted(String id, String type, String topic) {
    }

    @PostMapping("/webhooks/{shopId}")
    Mono<ResponseEntity<Accepted>> receive(@PathVariable String shopId,
                                           @RequestHeader(name = "webhook-id", required = false) String id,
                                           ServerHttpRequest request) {
        return DataBufferUtils.join(request.getBody()).map(buffer -> {
            DataBufferUtils.release(buffer);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(id, "order.created", "marketplace.orders"));
        });
    }

    public static void main(String[] args) {
        SpringApplication.run(BareWebFluxApp.class, args);
    }
}
