package dev.kefu.order.messaging;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.UUID;

/**
 * The same service against a real MongoDB and a real Kafka in containers: the Mongo health check (built on
 * {@code ping}) must report UP there as on the wire-protocol server, and the order flow must behave the same.
 * Skipped where no Docker engine runs (like the CI machines); docker-compose users get it with {@code ./mvnw verify}.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kefu.security.mode=local", "kefu.security.jwt-secret=" + TestTokens.SECRET, "kefu.kafka.partitions=1"})
@AutoConfigureWebTestClient
class RealInfrastructureIT {

    @Container
    @ServiceConnection
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.2.1");

    @Container
    @ServiceConnection
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8");

    @Autowired
    WebTestClient http;

    @LocalManagementPort
    int managementPort;

    @Test
    void readinessIsUpOnRealMongoDbAndAPaidOrderIsPublished() {
        management().get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components.mongo.status").isEqualTo("UP");

        String orderId = "TB-" + UUID.randomUUID();
        ObjectNode paid = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        paid.put("orderId", orderId);
        TopicProbe.send(KAFKA.getBootstrapServers(), Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(paid),
                Fixtures.headers(EventTypes.MARKETPLACE_ORDER_PAID, "shop-demo"));

        TopicProbe.await(KAFKA.getBootstrapServers(), Topics.ORDER_PAID, Duration.ofSeconds(60),
                r -> orderId.equals(r.key()));
    }

    /** Actuator is on its own port (kefu-defaults: management.server.port), never on the public one. */
    private WebTestClient management() {
        // A client of its own: the injected one may be bound to the main application, not to a port.
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
                .responseTimeout(java.time.Duration.ofSeconds(30)).build();
    }
}
