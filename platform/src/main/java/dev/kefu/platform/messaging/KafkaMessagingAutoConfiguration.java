package dev.kefu.platform.messaging;

import dev.kefu.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.ExponentialBackOff;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The shared Kafka setup: publisher with metrics, bounded retries with backoff and then the {@code <topic>-dlt}
 * (unbounded retries while the database or broker is unavailable)
 * dead-letter topic (the root cause travels in the {@code kefu_dlt_reason} header beside Spring's {@code kafka_dlt-*} ones), and the contract topics.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
public class KafkaMessagingAutoConfiguration {

    /** Dead-letter header with the cause, readable where the framework's own message is only "failed to ...". */
    public static final String DEAD_LETTER_REASON = "kefu_dlt_reason";

    @Bean
    @ConditionalOnMissingBean
    EventMetrics eventMetrics(MeterRegistry registry, @Value("${spring.application.name}") String applicationName) {
        return new EventMetrics(registry, applicationName);
    }

    @Bean
    @ConditionalOnMissingBean
    InputProgress inputProgress(KafkaAdmin kafkaAdmin, @Value("${spring.kafka.consumer.group-id}") String group) {
        return new InputProgress(() -> Admin.create(kafkaAdmin.getConfigurationProperties()), group);
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
        deadLetters.setHeadersFunction((record, e) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(DEAD_LETTER_REASON, reason(e).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retries);
        backOff.setInitialInterval(200);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(2_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
        // An unavailable database or broker says nothing about the record: hold the partition and keep trying until
        // the dependency is back, instead of dead-lettering valid records after a few attempts.
        ExponentialBackOff untilRecovered = new ExponentialBackOff(1_000, 2.0);
        untilRecovered.setMaxInterval(30_000);
        handler.setBackOffFunction((record, e) -> isTransient(e) ? untilRecovered : null);
        // Retrying cannot fix a record that breaks the contract: dead-letter it at once.
        handler.addNotRetryableExceptions(UnprocessableEventException.class, IllegalArgumentException.class);
        return handler;
    }

    /** Failures of infrastructure, not of the record: unreachable or slow database or broker, lost optimistic races. */
    static boolean isTransient(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TransientDataAccessException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof RecoverableDataAccessException || cause instanceof TimeoutException
                    || cause instanceof RetriableException) {
                return true;
            }
            String name = cause.getClass().getName();
            if (name.startsWith("com.mongodb.MongoSocket") || name.equals("com.mongodb.MongoTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /** The first cause below Spring's wrappers: ours (or the broker client's) says what was wrong with the record. */
    static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause
                && cause.getClass().getName().startsWith("org.springframework.")) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** Creates the contract topics and their dead-letter topics if missing (a no-op where ops manage topics). */
    @Bean
    @ConditionalOnProperty(name = "kefu.kafka.create-topics", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics kefuTopics(@Value("${kefu.kafka.partitions:3}") int partitions,
                                    @Value("${kefu.kafka.replication-factor:1}") short replicationFactor) {
        return new KafkaAdmin.NewTopics(Topics.all().stream()
                // Dead letters are few and read by people: one partition each.
                .flatMap(topic -> Stream.of(new NewTopic(topic, partitions, replicationFactor),
                        new NewTopic(Topics.deadLetter(topic), 1, replicationFactor)))
                .toArray(NewTopic[]::new));
    }
}
