package dev.kefu.gateway.ingest;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.webhook.WebhookEventId;
import dev.kefu.events.webhook.WebhookSignature;
import dev.kefu.gateway.limits.KeyedRateLimiter;
import dev.kefu.gateway.limits.TokenBucket;
import dev.kefu.platform.messaging.EventPublisher;
import dev.kefu.platform.shop.ShopSettings;
import dev.kefu.platform.web.InvalidRequestException;
import io.micrometer.core.instrument.Counter;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code POST /webhooks/{shopId}}: a marketplace event, signed by the shop's integration. Answers {@code 202} only
 * once Kafka acknowledged the record. The event id is {@code webhook-id} and a hash of the raw body
 * ({@link WebhookEventId}): a retried delivery is recognised downstream and changes nothing, while another event sent
 * under a reused id is still applied. Every refusal that a retry cannot fix is a 4xx naming why; only Kafka being
 * unavailable or slow is a {@code 503}.
 */
@RestController
class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);
    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";

    /** Webhooks per second over all shops, per instance, unless configured: above what one instance takes. */
    static final String DEFAULT_GLOBAL_RATE = "10000";
    static final String DEFAULT_GLOBAL_BURST = "20000";
    /** Rate buckets kept: far more than the shops with a secret, which alone get past the signature check. */
    static final int MAX_SHOPS = 100_000;

    /**
     * The 202 answer. {@code id}: the {@code webhook-id}; {@code eventId}: the {@code ce_id} of the record.
     * {@code ignoredFields}: fields of {@code data} this version's contract does not know, accepted but not
     * forwarded (a misspelt field shows up here); empty when there are none.
     */
    record Accepted(String id, String eventId, String type, String topic, List<String> ignoredFields) {
    }

    /** Shop id → its webhook secret(s); resolved once from {@link ShopSettings}, which is fixed for the run. */
    private final Map<String, String> secrets;
    private final KeyedRateLimiter rateLimiter;
    private final TokenBucket globalRate;
    private final EventPublisher publisher;
    private final Counter accepted;
    private final Counter unauthorized;
    private final Counter rateLimited;
    private final Counter overGlobalRate;
    private final Counter invalid;
    private final Counter tooLarge;
    private final Counter unavailable;
    private final Counter failed;
    private final Clock clock;
    private final Duration tolerance;
    /** The {@code Retry-After} of a 503: about what a broker restart or a leader election takes. */
    static final long UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

    private final Duration ackTimeout;

    WebhookController(ShopSettings shops, EventPublisher publisher, MeterRegistry metrics, Clock clock,
                      @Value("${kefu.gateway.webhooks.tolerance}") Duration tolerance,
                      @Value("${kefu.gateway.webhooks.ack-timeout}") Duration ackTimeout,
                      @Value("${kefu.gateway.webhooks.rate-per-second}") double ratePerSecond,
                      @Value("${kefu.gateway.webhooks.burst}") double burst,
                      @Value("${kefu.gateway.webhooks.global-rate-per-second:" + DEFAULT_GLOBAL_RATE + "}")
                      double globalRatePerSecond,
                      @Value("${kefu.gateway.webhooks.global-burst:" + DEFAULT_GLOBAL_BURST + "}") double globalBurst) {
        // Resolving a shop's settings fills every default; done per request it would show in the ingest profile.
        this.secrets = shops.shops().keySet().stream()
                .filter(id -> shops.of(id).webhookSecret().isPresent())
                .collect(Collectors.toUnmodifiableMap(id -> id, id -> shops.of(id).webhookSecret().orElseThrow()));
        this.publisher = publisher;
        // Registered once: a registry lookup per request shows in the ingest profile.
        this.accepted = outcome(metrics, "accepted");
        this.unauthorized = outcome(metrics, "unauthorized");
        this.rateLimited = outcome(metrics, "rate-limited");
        this.overGlobalRate = outcome(metrics, "over-global-rate");
        this.invalid = outcome(metrics, "invalid");
        this.tooLarge = outcome(metrics, "too-large");
        this.unavailable = outcome(metrics, "unavailable");
        this.failed = outcome(metrics, "failed");
        this.clock = clock;
        this.tolerance = tolerance;
        this.ackTimeout = ackTimeout;
        this.rateLimiter = new KeyedRateLimiter(ratePerSecond, burst, MAX_SHOPS);
        this.globalRate = new TokenBucket(globalRatePerSecond, globalBurst, nanos(clock.instant()));
    }

    // The headers are read from the request, not bound with @RequestHeader (a data binder and conversion per header
    // and request showed in the ingest profile); described here so the API documentation still lists them.
    @Parameter(in = ParameterIn.HEADER, name = ID, schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.HEADER, name = TIMESTAMP, schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.HEADER, name = SIGNATURE, schema = @Schema(type = "string"))
    @PostMapping("/webhooks/{shopId}")
    Mono<ResponseEntity<Accepted>> receive(@PathVariable String shopId, ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        String id = headers.getFirst(ID);
        String timestamp = headers.getFirst(TIMESTAMP);
        String signature = headers.getFirst(SIGNATURE);
        // The raw bytes, whatever the declared content type: the signature is checked before anything is decoded.
        return DataBufferUtils.join(request.getBody(), MAX_BODY_BYTES)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> {
                    tooLarge.increment();
                    return Refusal.of(HttpStatus.CONTENT_TOO_LARGE,
                            "a webhook body may be at most " + MAX_BODY_BYTES + " bytes");
                })
                .flatMap(body -> receive(shopId, id, timestamp, signature, body));
    }

    private Mono<ResponseEntity<Accepted>> receive(String shopId, String id, String timestamp, String signature,
                                                   byte[] body) {
        String secret = secrets.get(shopId);
        Instant now = clock.instant();
        String problem = secret == null ? "unknown shop or no webhook secret configured"
                : WebhookSignature.problem(secret, id, timestamp, signature, body, now, tolerance);
        if (problem != null) {
            unauthorized.increment();
            return Mono.error(new ResponseStatusException(HttpStatus.UNAUTHORIZED, problem));
        }
        String idProblem = WebhookEventId.problem(id);
        if (idProblem != null) {
            invalid.increment();
            return Mono.error(InvalidRequestException.of(ID, idProblem));
        }
        // The shop's own limit first: a noisy shop's surplus is refused without using up everyone's global budget.
        long wait = rateLimiter.take(shopId, nanos(now));
        if (wait > 0) {
            rateLimited.increment();
            return Mono.error(Refusal.tooManyRequests("the shop is over its webhook rate; retry after the wait", wait));
        }
        wait = globalRate.take(nanos(now));
        if (wait > 0) {
            overGlobalRate.increment();
            return Mono.error(Refusal.tooManyRequests(
                    "the gateway is over its webhook rate for all shops; retry after the wait", wait));
        }
        WebhookPayload payload;
        try {
            payload = WebhookPayload.parse(shopId, body);
        } catch (RuntimeException rejected) {
            invalid.increment();
            return Mono.error(rejected);
        }
        String eventId = WebhookEventId.of(id, body);
        CloudEvent attributes = new CloudEvent(eventId, payload.type().name(), "/webhooks/" + shopId,
                payload.timestamp(), shopId);
        return publisher.publishJson(payload.type().topic(), payload.event().key(), attributes, payload.data())
                .timeout(ackTimeout)
                // The ack arrives on the producer's single I/O thread; writing the answer there would make every
                // response (encoding, headers, metrics) queue behind that one thread and delay the next acks.
                .publishOn(Schedulers.parallel())
                .doOnSuccess(done -> accepted.increment())
                .thenReturn(ResponseEntity.accepted().contentType(MediaType.APPLICATION_JSON)
                        .body(new Accepted(id, eventId, payload.type().name(), payload.type().topic(),
                                payload.ignoredFields())))
                .onErrorMap(e -> !(e instanceof ErrorResponseException), e -> refused(shopId, eventId, e));
    }

    private Refusal refused(String shopId, String eventId, Throwable e) {
        PublishFailure failure = PublishFailure.of(e);
        switch (failure.status()) {
            case SERVICE_UNAVAILABLE -> {
                unavailable.increment();
                log.warn("webhook {} of shop {} not accepted: Kafka did not acknowledge: {}", eventId, shopId, e.toString());
            }
            case INTERNAL_SERVER_ERROR -> {
                failed.increment();
                log.error("webhook {} of shop {} not accepted: the write to Kafka failed", eventId, shopId, e);
            }
            default -> {
                tooLarge.increment();
                log.warn("webhook {} of shop {} refused: {}", eventId, shopId, failure.reason());
            }
        }
        return failure.status() == HttpStatus.SERVICE_UNAVAILABLE
                ? Refusal.unavailable(failure.reason(), UNAVAILABLE_RETRY_AFTER_SECONDS)
                : Refusal.of(failure.status(), failure.reason());
    }

    /** The rate limits count time on the injected clock (one reading per request, shared with the signature check). */
    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static Counter outcome(MeterRegistry metrics, String outcome) {
        return metrics.counter("kefu.gateway.webhooks", "outcome", outcome);
    }
}
