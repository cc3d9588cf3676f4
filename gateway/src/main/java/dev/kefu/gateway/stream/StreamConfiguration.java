package dev.kefu.gateway.stream;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StreamProperties.class)
class StreamConfiguration {

    @Bean
    StreamTopics streamTopics(@Value("${kefu.kafka.partitions:3}") int partitions) {
        return new StreamTopics(partitions);
    }

    @Bean
    StreamHub streamHub(StreamTopics topics, StreamProperties properties, Clock clock) {
        return new StreamHub(topics, properties.retention(), properties.perShop(), properties.queuePerStream(),
                properties.maxRetained(), clock);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "kefu.gateway.stream.enabled", matchIfMissing = true)
    StreamReader streamReader(ConsumerFactory<?, ?> consumers, StreamTopics topics, StreamHub hub,
                              StreamProperties properties, Clock clock) {
        return new StreamReader(consumers, topics, hub, properties.retention(), clock);
    }
}
