package dev.kefu.gateway.security;

import dev.kefu.gateway.web.ProblemResponses;
import dev.kefu.platform.security.SecurityAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.MatcherSecurityWebFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.WebFilter;

import java.util.List;

/**
 * The services' agent security, with a rate per token, plus three open doors: webhooks authenticate by their HMAC
 * signature (checked in the ingest controller), and the dev token endpoint exists only in the local security mode;
 * the agent console's static files (docs/console.md) need no token.
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurity {

    static final String WEBHOOKS = "/webhooks/**";

    /**
     * Webhooks get a chain without filters: their signature is their authentication, so no bearer-token parsing (a
     * stray {@code Authorization} header must not turn into a JWT 401), no security context and no web session (whose
     * creation hops to two thread pools per request) run on the hottest path. The firewall still applies.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain webhookSecurity() {
        // A chain needs one filter: this one only passes the request on.
        WebFilter signatureCheckedByController = (exchange, chain) -> chain.filter(exchange);
        return new MatcherSecurityWebFilterChain(ServerWebExchangeMatchers.pathMatchers(WEBHOOKS),
                List.of(signatureCheckedByController));
    }

    /**
     * No observation per security filter and request: on the webhook path they cost more than the whole signature
     * check, and {@code http.server.requests} already times every request. Authentications and authorizations are
     * still observed.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.withDefaults().shouldObserveRequests(false).build();
    }

    /** Agent APIs, each verified token held to {@code kefu.gateway.agents.rate-per-second} ({@link AgentRateLimit}). */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    SecurityWebFilterChain agentSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
                                         ReactiveJwtAuthenticationConverterAdapter converter, ProblemResponses problems,
                                         MeterRegistry registry,
                                         @Value("${kefu.gateway.agents.rate-per-second:20}") double ratePerSecond,
                                         @Value("${kefu.gateway.agents.burst:60}") double burst) {
        http.addFilterAfter(new AgentRateLimit(ratePerSecond, burst, problems, registry),
                SecurityWebFiltersOrder.AUTHORIZATION);
        // The console's static files are public: the page holds no data, it asks for a token and sends it with each call.
        return SecurityAutoConfiguration.agentSecurity(http, decoder, converter, "/auth/dev-token", "/console", "/console/**");
    }
}
