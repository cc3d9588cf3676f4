package dev.kefu.aftersales.config;

import dev.kefu.aftersales.cases.CaseDocument;
import dev.kefu.platform.outbox.OutboxCollection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AftersalesConfig {

    @Bean
    OutboxCollection casesOutbox() {
        return new OutboxCollection(CaseDocument.COLLECTION);
    }
}
