package dev.kefu.platform.replay;

import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Clock;
import java.time.Duration;

/**
 * The replay horizon in every service with a database and Kafka: whether it is rebuilding from Kafka, and the
 * {@code replay} health component that says so ({@code state: replaying | done}, {@code remaining} records).
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class,
        afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration")
@ConditionalOnClass(ReactiveMongoTemplate.class)
public class ReplayAutoConfiguration {

    @Bean
    @ConditionalOnBean({ReactiveMongoTemplate.class, KafkaAdmin.class})
    Replay replay(ReactiveMongoTemplate mongo, KafkaAdmin kafka, Clock clock,
                  @Value("${kefu.replay.check-interval:PT1S}") Duration checkEvery) {
        return new Replay(mongo, () -> Admin.create(kafka.getConfigurationProperties()), clock, checkEvery);
    }

    @Bean
    @ConditionalOnBean(Replay.class)
    HealthIndicator replayHealthIndicator(Replay replay) {
        // UP either way: a replaying service answers (with the state rebuilt so far); operators wait for "done".
        return () -> Health.up().withDetail("state", replay.finished() ? "done" : "replaying")
                .withDetail("remaining", replay.remaining()).build();
    }
}
