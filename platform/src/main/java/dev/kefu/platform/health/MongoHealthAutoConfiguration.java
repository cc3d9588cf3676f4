package dev.kefu.platform.health;

import org.bson.Document;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * A Mongo health check built on {@code ping}, which real MongoDB and the mongo-java-server dev stack both answer
 * (Boot's own indicator sends {@code hello}, which the wire-protocol server lacks). The bean name
 * {@code mongoHealthIndicator} makes Boot's indicator back off; the readiness group includes it.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.mongodb.autoconfigure.health.MongoReactiveHealthContributorAutoConfiguration",
        afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration")
@ConditionalOnClass(ReactiveMongoTemplate.class)
public class MongoHealthAutoConfiguration {

    @Bean
    @ConditionalOnBean(ReactiveMongoTemplate.class)
    AbstractReactiveHealthIndicator mongoHealthIndicator(ReactiveMongoTemplate mongo) {
        return new AbstractReactiveHealthIndicator("MongoDB health check failed") {
            @Override
            protected Mono<Health> doHealthCheck(Health.Builder builder) {
                return mongo.getMongoDatabase()
                        .flatMap(db -> Mono.from(db.runCommand(new Document("ping", 1)))
                                .map(reply -> builder.up().withDetail("database", db.getName()).build()))
                        .timeout(Duration.ofSeconds(3));
            }
        };
    }
}
