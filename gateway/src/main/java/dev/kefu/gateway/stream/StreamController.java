package dev.kefu.gateway.stream;

import dev.kefu.platform.security.Agent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /api/stream}: the caller's shop's live events as Server-Sent Events (docs/events.md, "Agent stream").
 * Each event's {@code id} is a stream position; reconnecting with it as {@code Last-Event-ID} sends
 * what was missed within the retention window, or a {@code reset} event when that is too old. A comment line every
 * {@code heartbeat} keeps proxies from closing an idle stream. No thread per client: each stream is a Flux.
 */
@RestController
@ConditionalOnBooleanProperty(name = "kefu.gateway.stream.enabled", matchIfMissing = true)
class StreamController {

    private final StreamHub hub;
    private final Duration heartbeat;
    private final int maxStreams;

    StreamController(StreamHub hub, StreamProperties properties, MeterRegistry registry) {
        this.hub = hub;
        this.heartbeat = properties.heartbeat();
        this.maxStreams = properties.maxStreams();
        Gauge.builder("kefu.gateway.stream.open", hub, StreamHub::openStreams)
                .description("Agent streams (GET /api/stream) open on this gateway instance").register(registry);
    }

    @Operation(summary = "The caller's shop's live events (Server-Sent Events), resumable with Last-Event-ID")
    @Parameter(in = ParameterIn.HEADER, name = "Last-Event-ID", required = false,
            description = "the id of the last event received; what followed it is sent first")
    @GetMapping(path = "/api/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> stream(@AuthenticationPrincipal Jwt jwt,
                                         @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        if (hub.openStreams() >= maxStreams) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                    "this gateway instance holds its maximum of " + maxStreams + " streams; retry on another");
        }
        String shopId = Agent.of(jwt).shopId();
        // The stream ends when the token does (every token expires: AgentClaims); the client comes back with a new one.
        Duration left = jwt.getExpiresAt() == null ? Duration.ZERO
                : Duration.between(Instant.now(), jwt.getExpiresAt());
        Flux<ServerSentEvent<String>> beats = Flux.interval(heartbeat, heartbeat)
                .map(tick -> ServerSentEvent.<String>builder().comment("heartbeat").build());
        // A replica that has just started reads the retention window first; meanwhile the client gets heartbeats.
        return Flux.merge(hub.whenCaughtUp().thenMany(hub.open(shopId, lastEventId)), beats)
                .takeUntilOther(Mono.delay(left.isNegative() ? Duration.ZERO : left));
    }
}
