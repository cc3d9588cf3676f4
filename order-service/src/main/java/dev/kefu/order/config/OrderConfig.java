package dev.kefu.order.config;

import dev.kefu.order.order.OrderDocument;
import dev.kefu.platform.outbox.OutboxCollection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OrderConfig {

    @Bean
    OutboxCollection ordersOutbox() {
        return new OutboxCollection(OrderDocument.COLLECTION);
    }
}
