package dev.kefu.order.messaging;

import de.bwaldvogel.mongo.MongoServer;
import dev.kefu.embedded.mongo.EmbeddedMongo;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While MongoDB is down, a valid record waits (its partition is held and retried) instead of going to the dead-letter
 * topic after a few attempts; once MongoDB is back, it is applied and its event published.
 */
@SpringBootTest(properties = {
        "kefu.security.mode=local", "kefu.security.jwt-secret=" + TestTokens.SECRET,
        "kefu.kafka.retries=2",
        "kefu.kafka.partitions=1"})
@EmbeddedKafka(partitions = 1)
class MongoOutageIT {

    private static final int PORT = freePort();
    private static MongoServer mongo = start();

    /**
     * This context's own broker. Not {@code ${spring.kafka.bootstrap-servers}}: every embedded broker writes its
     * address to that system property, so once another test context started one, the property names that broker.
     */
    String kafka;

    @Autowired
    void broker(EmbeddedKafkaBroker broker) {
        kafka = broker.getBrokersAsString();
    }

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        // Short driver timeouts so an outage shows within seconds, not the driver's default 30 s.
        registry.add("spring.mongodb.uri", () -> "mongodb://127.0.0.1:" + PORT
                + "/?serverSelectionTimeoutMS=1500&connectTimeoutMS=1000&socketTimeoutMS=2000");
    }

    @AfterAll
    static void stop() {
        mongo.shutdownNow();
    }

    @Test
    void aValidRecordOutlivesADatabaseOutageInsteadOfBeingDeadLettered() throws Exception {
        String warmUp = "TB-" + UUID.randomUUID();
        send(warmUp);
        TopicProbe.await(kafka, Topics.ORDER_PAID, Duration.ofSeconds(30), r -> warmUp.equals(r.key()));

        mongo.shutdownNow();
        String orderId = "TB-" + UUID.randomUUID();
        send(orderId);

        // Longer than the bounded retries (2 × 200-400 ms) would take to dead-letter it.
        assertThat(TopicProbe.all(kafka, Topics.deadLetter(Topics.MARKETPLACE_ORDERS), Duration.ofSeconds(8)))
                .extracting(r -> r.key()).doesNotContain(orderId);

        mongo = start();
        TopicProbe.await(kafka, Topics.ORDER_PAID, Duration.ofSeconds(90), r -> orderId.equals(r.key()));
    }

    private void send(String orderId) {
        ObjectNode paid = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        paid.put("orderId", orderId);
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(paid),
                Fixtures.headers(EventTypes.MARKETPLACE_ORDER_PAID, "shop-demo"));
    }

    private static MongoServer start() {
        MongoServer server = EmbeddedMongo.memory();
        server.bind("127.0.0.1", PORT);
        return server;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
