package dev.kefu.gateway.security;

import dev.kefu.gateway.limits.KeyedRateLimiter;
import dev.kefu.gateway.limits.TokenBucket;
import dev.kefu.gateway.web.ProblemResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Agent API calls per token: a frontend stuck in a loop (or a leaked token) is slowed to {@code rate-per-second}
 * with a {@code burst}, answered {@code 429} with {@code Retry-After}, while every other agent goes on. Runs after
 * authentication, so only verified tokens get a bucket, keyed by their signature (unique per token, short).
 */
final class AgentRateLimit implements WebFilter {

    /** Buckets kept: one per live token on this instance; idle ones are forgotten past this. */
    static final int MAX_TOKENS = 100_000;

    private final KeyedRateLimiter limiter;
    private final ProblemResponses problems;
    private final Counter limited;

    AgentRateLimit(double ratePerSecond, double burst, ProblemResponses problems, MeterRegistry registry) {
        this.limiter = new KeyedRateLimiter(ratePerSecond, burst, MAX_TOKENS);
        this.problems = problems;
        this.limited = Counter.builder("kefu.gateway.agent.requests.limited")
                .description("Agent API calls refused with 429: the token was over its rate").register(registry);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(auth -> limiter.take(signature(((JwtAuthenticationToken) auth).getToken().getTokenValue()),
                        System.nanoTime()))
                .defaultIfEmpty(0L)
                .flatMap(wait -> wait == 0 ? chain.filter(exchange) : tooMany(exchange, wait));
    }

    private Mono<Void> tooMany(ServerWebExchange exchange, long waitNanos) {
        limited.increment();
        long seconds = TokenBucket.seconds(waitNanos);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "this token is over its rate of agent API calls; retry after " + seconds + " s");
        return problems.write(exchange, problem, h -> h.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
    }

    static String signature(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }
}
