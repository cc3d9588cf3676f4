package dev.kefu.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The agent API's shared web behaviour: unreadable and over-specified request bodies answered as field errors, and
 * the gateway's own answers (401, 429, 502-504) in every service's OpenAPI description.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@Import(RequestBodyErrors.class)
public class WebAutoConfiguration {

    @Bean
    @ConditionalOnClass(OpenApiCustomizer.class)
    GatewayAnswers gatewayAnswers() {
        return new GatewayAnswers();
    }
}
