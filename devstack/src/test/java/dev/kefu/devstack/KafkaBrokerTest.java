package dev.kefu.devstack;

import dev.kefu.events.Topics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerTest {

    @Test
    void serverPropertiesDescribeOneCombinedNodeOnLoopback() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(KafkaBroker.serverProperties(Path.of("/data/kafka"), 10092, 10093)));
        assertThat(p).containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("controller.quorum.bootstrap.servers", "127.0.0.1:10093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:10092,CONTROLLER://127.0.0.1:10093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:10092")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry("inter.broker.listener.name", "PLAINTEXT")
                .containsEntry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT")
                .containsEntry("log.dirs", Path.of("/data/kafka").toAbsolutePath().toString().replace('\\', '/'))
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("log.cleaner.dedupe.buffer.size", "16777216")
                .containsEntry("metadata.max.idle.interval.ms", "5000");
        assertThat(p.stringPropertyNames()).hasSize(17);
    }

    @Test
    void brokerGetsHalfAGigabyteOfHeapAndItsOwnLogConfig() {
        assertThat(KafkaBroker.jvmOptions(null)).contains("-Xms32m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-XX:TrimNativeHeapInterval=10000", "-Dlogback.configurationFile=kefu-broker-logback.xml");
        // replaced for measuring (bench's footprint baseline), the headless and logging flags kept
        assertThat(KafkaBroker.jvmOptions(" -Xms128m  -Xmx512m ")).containsExactly("-Xms128m", "-Xmx512m",
                "-Djava.awt.headless=true", "-Dlogback.configurationFile=kefu-broker-logback.xml");
        assertThat(KafkaBroker.class.getClassLoader().getResource(KafkaBroker.LOGBACK_CONFIG)).isNotNull();
    }

    @Test
    void everyTopicGetsThreePartitionsAndItsDeadLetterTopicOne() {
        Map<String, Integer> wanted = KafkaBroker.wantedTopics(Topics.all(), Topics::deadLetter, 3, 1);
        assertThat(wanted).hasSize(2 * Topics.all().size())
                .containsEntry("order-paid", 3)
                .containsEntry("order-paid-dlt", 1)
                .containsEntry("marketplace.orders", 3)
                .containsEntry("marketplace.orders-dlt", 1);
        Topics.all().forEach(t -> assertThat(wanted).containsEntry(t, 3).containsEntry(Topics.deadLetter(t), 1));
    }
}
