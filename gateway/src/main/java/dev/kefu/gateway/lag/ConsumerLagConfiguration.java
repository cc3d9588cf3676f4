package dev.kefu.gateway.lag;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Duration;

/** The broker-side consumer lag gauge ({@link ConsumerLag}); {@code kefu.gateway.consumer-lag.enabled=false} turns it off. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "kefu.gateway.consumer-lag.enabled", havingValue = "true", matchIfMissing = true)
class ConsumerLagConfiguration {

    @Bean
    ConsumerLag consumerLag(KafkaAdmin kafkaAdmin, MeterRegistry registry,
                            @Value("${kefu.gateway.consumer-lag.interval:PT15S}") Duration interval) {
        return new ConsumerLag(() -> Admin.create(kafkaAdmin.getConfigurationProperties()), interval, registry);
    }
}
