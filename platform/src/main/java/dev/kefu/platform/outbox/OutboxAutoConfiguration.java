package dev.kefu.platform.outbox;

import dev.kefu.platform.due.DueWork;
import dev.kefu.platform.due.DueWorkAutoConfiguration;
import dev.kefu.platform.messaging.EventPublisher;
import dev.kefu.platform.messaging.KafkaMessagingAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

@AutoConfiguration(after = {KafkaMessagingAutoConfiguration.class, DueWorkAutoConfiguration.class})
@ConditionalOnClass(ReactiveMongoTemplate.class)
public class OutboxAutoConfiguration {

    @Bean
    @ConditionalOnBean({ReactiveMongoTemplate.class, OutboxCollection.class, DueWork.class})
    OutboxRelay outboxRelay(ReactiveMongoTemplate mongo, EventPublisher publisher, List<OutboxCollection> collections,
                            DueWork due, Clock clock, @Value("${kefu.outbox.sweep-age:PT5S}") Duration sweepAge,
                            ObjectProvider<ObservationRegistry> observations) {
        return new OutboxRelay(mongo, publisher, collections, due, clock, sweepAge,
                observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    @Bean
    @ConditionalOnBean(OutboxRelay.class)
    OutboxSweep outboxSweep(ReactiveMongoTemplate mongo, OutboxRelay relay, List<OutboxCollection> collections,
                            DueWork due, Clock clock, @Value("${kefu.outbox.sweep-age:PT5S}") Duration sweepAge,
                            @Value("${kefu.outbox.sweep-interval:PT30S}") Duration interval) {
        return new OutboxSweep(mongo, relay, collections, due, clock, sweepAge, interval);
    }
}
