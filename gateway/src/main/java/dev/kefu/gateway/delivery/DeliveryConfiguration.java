package dev.kefu.gateway.delivery;

import dev.kefu.events.Topics;
import dev.kefu.platform.messaging.EventMetrics;
import dev.kefu.platform.messaging.EventPublisher;
import dev.kefu.platform.shop.ShopSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ChannelOption;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The outbound delivery worker ({@code kefu.gateway.delivery.enabled}, on by default). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "kefu.gateway.delivery.enabled", matchIfMissing = true)
class DeliveryConfiguration {

    @Bean
    RetrySchedule deliveryRetrySchedule(DeliveryProperties properties) {
        return new RetrySchedule(properties.backoff());
    }

    /** The retry tiers of the configured schedule (the outbound topics and their -dlt are the platform's). */
    @Bean
    @ConditionalOnBooleanProperty(name = "kefu.kafka.create-topics", matchIfMissing = true)
    KafkaAdmin.NewTopics deliveryRetryTopics(RetrySchedule schedule,
                                             @Value("${kefu.kafka.partitions:3}") int partitions,
                                             @Value("${kefu.kafka.replication-factor:1}") short replicationFactor) {
        return new KafkaAdmin.NewTopics(schedule.topics().stream()
                .map(topic -> new NewTopic(topic, partitions, replicationFactor)).toArray(NewTopic[]::new));
    }

    @Bean(destroyMethod = "dispose")
    ConnectionProvider deliveryConnections(DeliveryProperties properties) {
        return ConnectionProvider.builder("kefu-delivery")
                .maxConnections(properties.maxConnections())
                .pendingAcquireTimeout(properties.timeout())
                .maxIdleTime(Duration.ofSeconds(30))
                .evictInBackground(Duration.ofSeconds(30))
                .build();
    }

    @Bean
    DeliveryMetrics deliveryMetrics(MeterRegistry registry) {
        return new DeliveryMetrics(registry);
    }

    @Bean
    Lanes deliveryLanes(DeliveryProperties properties, DeliveryMetrics metrics, MeterRegistry registry) {
        Lanes lanes = new Lanes(properties.perShopConcurrency());
        metrics.inFlight(registry, lanes::running);
        return lanes;
    }

    @Bean
    Delivery delivery(DeliveryProperties properties, RetrySchedule schedule, ShopSettings shops,
                      WebClient.Builder web, ConnectionProvider connections, KafkaTemplate<String, Object> kafka,
                      EventPublisher publisher, EventMetrics events, DeliveryMetrics metrics, Clock clock,
                      ObjectProvider<ObservationRegistry> observations) {
        HttpClient http = HttpClient.create(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, properties.timeout().toMillis()))
                .followRedirect(false);
        DeliveryClient client = new DeliveryClient(web.clientConnector(new ReactorClientHttpConnector(http)).build(),
                properties.timeout(), clock, metrics);
        return new Delivery(shops, schedule, client,
                new ShopCircuits(properties.circuitTimeouts(), properties.circuitCooldown(), clock),
                new Settlement(kafka, publisher, events), metrics, clock,
                observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    @Bean
    DeliveryConsumer deliveryConsumer(ConsumerFactory<?, ?> consumers, DeliveryProperties properties,
                                      RetrySchedule schedule, Delivery delivery, Lanes lanes, Clock clock) {
        List<String> topics = new ArrayList<>(List.of(Topics.MESSAGE_OUTBOUND, Topics.ORDER_FEE_CHANGE_REQUESTED,
                Topics.REVIEW_REPLY_OUTBOUND));
        topics.addAll(schedule.topics());
        return new DeliveryConsumer(consumers, properties, schedule, topics, delivery, lanes, clock);
    }
}
