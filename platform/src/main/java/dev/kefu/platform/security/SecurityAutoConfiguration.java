package dev.kefu.platform.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Agent APIs take a bearer JWT whose {@code shop} claim scopes every query, verified as {@link SecurityMode} says
 * and checked by {@link AgentClaims}; probes, metrics and API docs stay open for the platform. The gateway declares its own chain for webhooks and the dev token.
 */
@AutoConfiguration
@EnableWebFluxSecurity
public class SecurityAutoConfiguration {

    /**
     * What a shop id may look like, everywhere (tokens, webhook URLs, devstack): what a configuration key
     * {@code kefu.shops.<id>.webhook-secret} can hold (no '.', which nests; no capitals, which environment variables lose).
     */
    public static final Pattern SHOP_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    public static final String SHOP_ID_RULE =
            "1-64 characters: lowercase letters, digits and '-', starting with a letter or digit";

    /** Local mode only: the shared HS256 secret that signs and verifies (the dev token, the devstack, tests). */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = SecurityMode.PROPERTY, havingValue = "local")
    JwtTokens jwtTokens(@Value("${kefu.security.jwt-secret:}") String secret,
                        @Value("${kefu.security.token-ttl:PT12H}") Duration ttl) {
        return new JwtTokens(secret, ttl);
    }

    @Bean
    @ConditionalOnMissingBean
    ReactiveJwtDecoder jwtDecoder(Environment env, ObjectProvider<JwtTokens> localTokens) {
        Duration skew = env.getProperty("kefu.security.clock-skew", Duration.class, Duration.ofSeconds(60));
        Duration maxLifetime = env.getProperty("kefu.security.max-token-lifetime", Duration.class, Duration.ofHours(12));
        return switch (SecurityMode.of(env.getProperty(SecurityMode.PROPERTY))) {
            case LOCAL -> AgentTokenDecoders.local(localTokens.getObject(), maxLifetime, skew);
            case OIDC -> AgentTokenDecoders.oidc(new AgentTokenDecoders.Provider(
                    env.getProperty("kefu.security.issuer-uri"), env.getProperty("kefu.security.jwk-set-uri"),
                    env.getProperty("kefu.security.issuer"), env.getProperty("kefu.security.audience"),
                    env.getProperty("kefu.security.algorithms", "RS256,ES256")), maxLifetime, skew);
        };
    }

    @Bean
    @ConditionalOnMissingBean
    ReactiveJwtAuthenticationConverterAdapter jwtAuthenticationConverter() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(JwtTokens.ROLES_CLAIM);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return new ReactiveJwtAuthenticationConverterAdapter(converter);
    }

    @Bean
    @ConditionalOnMissingBean(SecurityWebFilterChain.class)
    SecurityWebFilterChain serviceSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
                                           ReactiveJwtAuthenticationConverterAdapter converter) {
        return agentSecurity(http, decoder, converter);
    }

    /**
     * The one security chain: probes, metrics and API docs open, {@code /api/**} for agents, supervisors and admins,
     * everything else closed. {@code openPaths} are left to their own authentication (the gateway's webhooks).
     */
    public static SecurityWebFilterChain agentSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
                                                       ReactiveJwtAuthenticationConverterAdapter converter,
                                                       String... openPaths) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .authorizeExchange(exchanges -> {
                    if (openPaths.length > 0) {
                        exchanges.pathMatchers(openPaths).permitAll();
                    }
                    exchanges.pathMatchers("/actuator/health/**", "/actuator/health", "/actuator/info",
                                    "/actuator/prometheus", "/v3/api-docs/**").permitAll()
                            .pathMatchers("/api/**").hasAnyRole("agent", "supervisor", "admin")
                            .anyExchange().denyAll();
                })
                .oauth2ResourceServer(oauth -> oauth.jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(converter)))
                .build();
    }
}
