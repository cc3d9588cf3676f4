package dev.kefu.platform.due;

import io.micrometer.core.instrument.MeterRegistry;
import dev.kefu.platform.replay.Replay;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;

/** The due-work store and its runner, for every service with a database. */
@AutoConfiguration(afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration")
@ConditionalOnClass(ReactiveMongoTemplate.class)
public class DueWorkAutoConfiguration {

    @Bean
    @ConditionalOnBean(ReactiveMongoTemplate.class)
    DueWork dueWork(ReactiveMongoTemplate mongo, Clock clock, @Value("${spring.application.name}") String application) {
        // Who holds a claim, for people reading the collection: service and process.
        return new DueWork(mongo, clock, application + "@" + ManagementFactory.getRuntimeMXBean().getName());
    }

    @Bean
    @ConditionalOnBean(DueWork.class)
    DueWorkRunner dueWorkRunner(DueWork store, ObjectProvider<DueHandler> handlers, ObjectProvider<Replay> replay,
                                Clock clock, MeterRegistry registry,
                                @Value("${spring.application.name}") String application,
                                @Value("${kefu.due.poll-interval:PT1S}") Duration pollInterval,
                                @Value("${kefu.due.idle-interval:PT10S}") Duration idleInterval,
                                @Value("${kefu.due.batch:100}") int batch,
                                @Value("${kefu.due.lease:PT30S}") Duration lease,
                                @Value("${kefu.due.concurrency:8}") int concurrency,
                                @Value("${kefu.due.first-retry:PT1S}") Duration firstRetry,
                                @Value("${kefu.due.max-retry:PT5M}") Duration maxRetry) {
        Replay rebuilding = replay.getIfAvailable();
        return new DueWorkRunner(store, handlers.orderedStream().toList(),
                new DueWorkRunner.Settings(pollInterval, idleInterval, batch, lease, concurrency, firstRetry, maxRetry),
                clock, registry, application, () -> rebuilding != null && !rebuilding.finished());
    }
}
