package dev.kefu.platform.messaging;

import dev.kefu.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.stream.Stream;

/**
 * The shared Kafka setup: publisher with metrics, bounded retries with backoff and then the {@code <topic>-dlt}
 * dead-letter topic (the reason travels in the {@code kafka_dlt-exception-*} headers), and the contract topics.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
public class KafkaMessagingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventMetrics eventMetrics(MeterRegistry registry, @Value("${spring.application.name}") String applicationName) {
        return new EventMetrics(registry, applicationName);
    }

    @Bean
    @ConditionalOnMissingBean
    EventPublisher eventPublisher(KafkaTemplate<String, Object> kafka, EventMetrics metrics) {
        return new EventPublisher(kafka, metrics);
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, Object> kafka, EventMetrics metrics,
                                          @Value("${kefu.kafka.retries:3}") int retries) {
        // Partition -1: let the producer pick, so a dead-letter topic may have fewer partitions than its source.
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka, (record, e) -> {
            metrics.deadLettered(record.topic());
            return new TopicPartition(Topics.deadLetter(record.topic()), -1);
        });
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retries);
        backOff.setInitialInterval(200);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(2_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
        // Retrying cannot fix a record that breaks the contract: dead-letter it at once.
        handler.addNotRetryableExceptions(UnprocessableEventException.class, IllegalArgumentException.class);
        return handler;
    }

    /** Creates the contract topics and their dead-letter topics if missing (a no-op where ops manage topics). */
    @Bean
    @ConditionalOnProperty(name = "kefu.kafka.create-topics", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics kefuTopics(@Value("${kefu.kafka.partitions:3}") int partitions,
                                    @Value("${kefu.kafka.replication-factor:1}") short replicationFactor) {
        return new KafkaAdmin.NewTopics(Topics.all().stream()
                .flatMap(topic -> Stream.of(topic, Topics.deadLetter(topic)))
                .map(topic -> new NewTopic(topic, partitions, replicationFactor))
                .toArray(NewTopic[]::new));
    }
}
