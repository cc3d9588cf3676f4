package dev.kefu.gateway.security;

import dev.kefu.platform.security.SecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The services' agent security plus two open doors: webhooks authenticate by their HMAC signature (checked in the
 * ingest controller), and the dev token endpoint exists only in the dev profile (404 elsewhere).
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurity {

    @Bean
    SecurityWebFilterChain agentAndWebhookSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
                                                   ReactiveJwtAuthenticationConverterAdapter converter) {
        return SecurityAutoConfiguration.agentSecurity(http, decoder, converter, "/webhooks/**", "/auth/dev-token");
    }
}
