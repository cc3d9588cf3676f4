package dev.kefu.gateway.lag;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lag gauge read from a real (embedded) broker: a group that committed 2 of a partition's 5 records lags 3,
 * with no consumer of it running; it falls to 0 when the group commits the rest.
 */
class ConsumerLagIT {

    private static final String TOPIC = "lag-topic";
    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 2, TOPIC);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void aGroupsLagIsReadFromTheBrokerWhileNoneOfItsConsumersRuns() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, "k" + i, "v" + i)).get();
            }
        }
        commit("order-service", 2);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ConsumerLag lag = new ConsumerLag(() -> Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString())), Duration.ofSeconds(15), registry);
        try {
            lag.refresh();
            assertThat(registry.get(ConsumerLag.GAUGE).tags("group", "order-service", "topic", TOPIC, "partition", "0")
                    .gauge().value()).isEqualTo(3.0);
            assertThat(registry.find(ConsumerLag.GAUGE).tags("partition", "1").gauge())
                    .as("a partition the group never committed has no row").isNull();

            commit("order-service", 5);
            lag.refresh();
            assertThat(registry.get(ConsumerLag.GAUGE).tags("group", "order-service", "partition", "0").gauge().value())
                    .isZero();
        } finally {
            lag.stop();
        }
    }

    /** The group commits {@code offset} on partition 0 and leaves: no member runs afterwards. */
    private static void commit(String group, long offset) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(java.util.List.of(partition));
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
        }
    }
}
