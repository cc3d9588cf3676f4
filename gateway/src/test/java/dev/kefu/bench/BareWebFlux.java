package dev.kefu.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The ingest benchmark's baseline: a bare Spring Boot WebFlux app (the gateway's Boot version, Netty, annotated
 * controller) whose {@code POST /webhooks/{shopId}} reads the body and answers 202, nothing else. The gateway's
 * webhook throughput is judged against it, measured in the same session with the same JVM flags.
 *
 *   java -cp gateway/target/test-classes:$(gateway class path) dev.kefu.bench.BareWebFlux --server.port=14090
 *
 * Only the auto-configuration a starter-webflux app gets (no actuator, security or Kafka from the gateway's class path).
 * Outside {@code dev.kefu.gateway} so the gateway's component scan (and its tests) never pick it up.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, NettyReactiveWebServerAutoConfiguration.class,
        HttpHandlerAutoConfiguration.class, WebFluxAutoConfiguration.class, ErrorWebFluxAutoConfiguration.class,
        CodecsAutoConfiguration.class, JacksonAutoConfiguration.class})
public class BareWebFlux {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(BareWebFlux.class, Accept.class);
        app.setWebApplicationType(WebApplicationType.REACTIVE);
        app.run(args);
    }

    @RestController
    static class Accept {

        @PostMapping("/webhooks/{shopId}")
        Mono<ResponseEntity<Void>> receive(@PathVariable String shopId, ServerHttpRequest request) {
            return DataBufferUtils.join(request.getBody())
                    .doOnNext(DataBufferUtils::release)
                    .then(Mono.just(ResponseEntity.accepted().build()));
        }
    }
}
