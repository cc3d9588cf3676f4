package dev.kefu.platform.messaging;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import java.util.regex.Pattern;

/**
 * Kafka static membership, opt-in: with {@code kefu.kafka.instance-id} set (one value per process, stable over its
 * restarts: the devstack's service name, a StatefulSet's pod name), every listener container's consumers join with
 * {@code group.instance.id = <instance-id>-<listener>}, and spring-kafka adds {@code -<thread>} per concurrent
 * consumer. A restarted process then takes its partitions back at once, without a rebalance, instead of waiting for
 * the broker to drop its dead predecessor after {@code session.timeout.ms}.
 *
 * <p>Never set the same id on two live processes of one service: the broker fences the older one
 * ({@code FencedInstanceIdException}) and its listeners stop. Unset (the default, and in tests) the members are
 * dynamic.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@ConditionalOnProperty(name = StaticMembershipAutoConfiguration.INSTANCE_ID)
public class StaticMembershipAutoConfiguration {

    static final String INSTANCE_ID = "kefu.kafka.instance-id";
    private static final String GENERATED_ID_PREFIX = "org.springframework.kafka.KafkaListenerEndpointContainer#";
    private static final Pattern ILLEGAL = Pattern.compile("[^a-zA-Z0-9._-]");

    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> staticMembership(
            org.springframework.core.env.Environment environment) {
        String instanceId = environment.getRequiredProperty(INSTANCE_ID).strip();
        if (instanceId.isEmpty() || ILLEGAL.matcher(instanceId).find()) {
            throw new IllegalArgumentException(INSTANCE_ID + " must be letters, digits, '.', '_' or '-', got '"
                    + instanceId + "'");
        }
        return container -> container.getContainerProperties().getKafkaConsumerProperties()
                .setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupInstanceId(instanceId, container.getListenerId()));
    }

    /**
     * {@code <instance-id>-<listener id>}; a generated listener id ({@code ...KafkaListenerEndpointContainer#2}, in
     * the order the listeners are declared, so the same over restarts of one build) becomes its number.
     */
    static String groupInstanceId(String instanceId, String listenerId) {
        String listener = listenerId == null ? "0" : listenerId.startsWith(GENERATED_ID_PREFIX)
                ? listenerId.substring(GENERATED_ID_PREFIX.length()) : listenerId;
        return instanceId + "-" + ILLEGAL.matcher(listener).replaceAll("_");
    }
}
