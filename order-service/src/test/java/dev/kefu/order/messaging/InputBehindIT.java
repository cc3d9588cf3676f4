package dev.kefu.order.messaging;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventType;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A timer acts on what the service has applied, so what the marketplace said before the timer was due must be applied
 * first. With the order listener held back (a backlog, as behind a killed instance) a payment accepted before an
 * order's 催付 reminder fell due waits in Kafka: the reminder waits with it, and once the payment is applied nobody is
 * reminded who paid, while the order still unpaid is reminded once. On the real clock: the reminder after 15 s.
 */
@KefuServiceIT
class InputBehindIT {

    /** Long enough for the pause to take (the listener's poll returns first) and the payment to go in before it. */
    private static final Duration REMINDER_AFTER = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void shop(DynamicPropertyRegistry properties) {
        // its own context (a cached one could name another test's broker), and quiet hours far from now
        properties.add("kefu.test.context", () -> "input-behind");
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        properties.add("kefu.shop-defaults.time-zone", () -> "UTC");
        properties.add("kefu.shop-defaults.quiet-hours",
                () -> now.plusHours(6).format(hhmm) + "-" + now.plusHours(7).format(hhmm));
        properties.add("kefu.shop-defaults.payment-reminder-after", REMINDER_AFTER::toString);
    }

    String kafka;

    @Autowired
    void broker(EmbeddedKafkaBroker broker) {
        kafka = broker.getBrokersAsString();
    }

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    WebTestClient http;

    @Test
    void aPaymentStillQueuedWhenTheReminderFallsDueIsAppliedFirstAndOnlyTheUnpaidOrderIsReminded() throws Exception {
        String paid = "TB-PAID-LATE-" + UUID.randomUUID();
        String unpaid = "TB-UNPAID-" + UUID.randomUUID();
        Instant createdAt = Instant.now();
        send(paid, EventTypes.MARKETPLACE_ORDER_CREATED, created(paid));
        send(unpaid, EventTypes.MARKETPLACE_ORDER_CREATED, created(unpaid));
        await().atMost(WAIT).untilAsserted(() -> {
            status(paid, "CREATED");
            status(unpaid, "CREATED");
        });

        MessageListenerContainer orders = ordersListener();
        orders.pause();
        await().atMost(WAIT).until(orders::isContainerPaused);
        ObjectNode payment = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        payment.put("orderId", paid).put("paidAt", Instant.now().toString());
        send(paid, EventTypes.MARKETPLACE_ORDER_PAID, payment); // accepted, not applied: the backlog
        assertThat(Instant.now()).as("the payment went in before the reminders were due")
                .isBefore(createdAt.plus(REMINDER_AFTER));

        // both reminders fall due while the payment waits: neither is sent (the input before them is not applied)
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), createdAt.plus(REMINDER_AFTER)).toMillis()) + 4_000);
        assertThat(TopicProbe.all(kafka, Topics.PAYMENT_REMINDER_DUE, Duration.ofSeconds(1)))
                .noneMatch(r -> paid.equals(r.key()) || unpaid.equals(r.key()));
        status(paid, "CREATED");

        orders.resume();

        TopicProbe.await(kafka, Topics.PAYMENT_REMINDER_DUE, WAIT, r -> unpaid.equals(r.key()));
        await().atMost(WAIT).untilAsserted(() -> status(paid, "PAID"));
        List<ConsumerRecord<String, byte[]>> reminders = TopicProbe.all(kafka, Topics.PAYMENT_REMINDER_DUE,
                Duration.ofSeconds(3));
        assertThat(reminders).as("the buyer who paid is not chased").noneMatch(r -> paid.equals(r.key()));
        assertThat(reminders.stream().filter(r -> unpaid.equals(r.key())).map(r -> TopicProbe.header(r, CloudEvent.ID))
                .distinct()).as("the other once (one ce_id)").hasSize(1);
    }

    private MessageListenerContainer ordersListener() {
        return listeners.getListenerContainers().stream()
                .filter(c -> Arrays.asList(c.getContainerProperties().getTopics()).contains(Topics.MARKETPLACE_ORDERS))
                .findFirst().orElseThrow();
    }

    private void status(String orderId, String status) {
        http.get().uri("/api/orders/" + orderId).headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo")))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo(status);
    }

    private void send(String orderId, EventType<?> type, ObjectNode event) {
        event.put("shopId", "shop-demo");
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(event), Fixtures.headers(type, "shop-demo"));
    }

    private static ObjectNode created(String orderId) {
        ObjectNode created = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED);
        created.put("orderId", orderId);
        created.put("createdAt", Instant.now().toString());
        created.put("shipBy", Instant.now().plus(Duration.ofDays(2)).toString());
        return created;
    }
}
