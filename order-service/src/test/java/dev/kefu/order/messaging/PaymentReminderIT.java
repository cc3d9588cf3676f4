package dev.kefu.order.messaging;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventType;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.order.order.OrderService;
import dev.kefu.platform.due.DueWork;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.MutableClock;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 催付 through a real broker and the Mongo wire server, with the service's clock under the test's control: an unpaid
 * order gets one {@code payment-reminder-due}, a paid one none, and one due in the shop's quiet hours only when they
 * end. The shops' hours are in UTC here: shop-demo is quiet 20:00-21:00 (never reached), shop-night 05:00-07:00.
 */
@KefuServiceIT
@TestPropertySource(properties = {
        "kefu.shop-defaults.time-zone=UTC",
        "kefu.shop-defaults.quiet-hours=20:00-21:00",
        "kefu.shop-defaults.payment-reminder-after=PT30M",
        "kefu.shops.shop-night.quiet-hours=05:00-07:00"})
class PaymentReminderIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration AFTER = Duration.ofMinutes(30);

    @TestConfiguration
    static class ClockUnderControl {
        @Bean
        MutableClock clock() {
            return new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
        }
    }

    /**
     * This context's own broker. Not {@code ${spring.kafka.bootstrap-servers}}: every embedded broker writes its
     * address to that system property, so once another test context started one, the property names that broker.
     */
    String kafka;

    @Autowired
    void broker(EmbeddedKafkaBroker broker) {
        kafka = broker.getBrokersAsString();
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DueWork due;

    @Autowired
    MutableClock clock;

    @Test
    void anUnpaidOrderGetsOneReminderWithItsItemsWhenItsTimeComes() {
        String orderId = "TB-" + UUID.randomUUID();
        Instant createdAt = clock.instant();
        send("shop-demo", orderId, EventTypes.MARKETPLACE_ORDER_CREATED, created("shop-demo", orderId, createdAt));
        await().atMost(WAIT).until(() -> reminderDue("shop-demo", orderId) != null);
        assertThat(reminderDue("shop-demo", orderId)).isEqualTo(createdAt.plus(AFTER));
        assertThat(TopicProbe.all(kafka, Topics.PAYMENT_REMINDER_DUE, Duration.ofSeconds(1)))
                .as("not before its time").noneMatch(r -> orderId.equals(r.key()));

        clock.advance(AFTER);

        ConsumerRecord<String, byte[]> reminder = TopicProbe.await(kafka, Topics.PAYMENT_REMINDER_DUE, WAIT,
                r -> orderId.equals(r.key()));
        assertThat(TopicProbe.header(reminder, CloudEvent.TYPE)).isEqualTo("payment-reminder-due");
        JsonNode value = EventJson.mapper().readTree(reminder.value());
        assertThat(value.get("totalAmount").asString()).isEqualTo("199.00");
        assertThat(value.get("currency").asString()).isEqualTo("CNY");
        assertThat(value.get("items").get(0).get("title").asString()).isEqualTo("明前龙井 250g");
        assertThat(value.get("dueAt").asString()).isEqualTo(createdAt.plus(AFTER).toString());
        await().atMost(WAIT).until(() -> reminderDue("shop-demo", orderId) == null);

        clock.advance(Duration.ofHours(1));
        assertThat(TopicProbe.all(kafka, Topics.PAYMENT_REMINDER_DUE, Duration.ofSeconds(2)).stream()
                .filter(r -> orderId.equals(r.key())).map(r -> TopicProbe.header(r, CloudEvent.ID)).distinct())
                .as("one reminder (one ce_id), however often the relay sent it").hasSize(1);
        http.get().uri("/api/orders/" + orderId).headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo")))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paymentReminderSentAt").isNotEmpty()
                .jsonPath("$.items[0].sku").isEqualTo("SKU-TEA-250");
    }

    @Test
    void aPaidOrderGetsNoReminder() {
        String orderId = "TB-" + UUID.randomUUID();
        send("shop-demo", orderId, EventTypes.MARKETPLACE_ORDER_CREATED, created("shop-demo", orderId, clock.instant()));
        ObjectNode paid = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        paid.put("orderId", orderId);
        send("shop-demo", orderId, EventTypes.MARKETPLACE_ORDER_PAID, paid);
        await().atMost(WAIT).untilAsserted(() -> http.get().uri("/api/orders/" + orderId)
                .headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo"))).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("PAID"));

        clock.advance(AFTER.plusMinutes(1));

        // the item comes due, finds the order paid, and goes
        await().atMost(WAIT).until(() -> reminderDue("shop-demo", orderId) == null);
        assertThat(TopicProbe.all(kafka, Topics.PAYMENT_REMINDER_DUE, Duration.ofSeconds(2)))
                .noneMatch(r -> orderId.equals(r.key()));
    }

    @Test
    void aReminderDueInQuietHoursIsPublishedOnlyWhenTheyEnd() {
        Instant sixInTheMorning = Instant.parse("2026-11-23T06:00:00Z"); // shop-night is quiet 05:00-07:00 (UTC)
        Instant quietEnds = Instant.parse("2026-11-23T07:00:00Z");
        clock.advance(Duration.between(clock.instant(), sixInTheMorning));
        String orderId = "TB-" + UUID.randomUUID();
        send("shop-night", orderId, EventTypes.MARKETPLACE_ORDER_CREATED,
                created("shop-night", orderId, sixInTheMorning.minus(Duration.ofMinutes(40)))); // due 05:50

        await().atMost(WAIT).until(() -> reminderDue("shop-night", orderId) != null);
        assertThat(reminderDue("shop-night", orderId)).isEqualTo(quietEnds);
        clock.advance(Duration.ofMinutes(59)); // 06:59: long past due, still quiet
        assertThat(TopicProbe.all(kafka, Topics.PAYMENT_REMINDER_DUE, Duration.ofSeconds(2)))
                .noneMatch(r -> orderId.equals(r.key()));

        clock.advance(Duration.ofMinutes(1)); // 07:00: quiet hours are over

        ConsumerRecord<String, byte[]> reminder = TopicProbe.await(kafka, Topics.PAYMENT_REMINDER_DUE, WAIT,
                r -> orderId.equals(r.key()));
        assertThat(TopicProbe.header(reminder, CloudEvent.SHOP_ID)).isEqualTo("shop-night");
        assertThat(EventJson.mapper().readTree(reminder.value()).get("dueAt").asString())
                .isEqualTo(quietEnds.toString());
    }

    private Instant reminderDue(String shopId, String orderId) {
        return due.dueAt(OrderService.PAYMENT_REMINDER, shopId + ":" + orderId).block();
    }

    private void send(String shopId, String orderId, EventType<?> type, ObjectNode event) {
        event.put("shopId", shopId);
        TopicProbe.send(kafka, Topics.MARKETPLACE_ORDERS, orderId, Fixtures.bytes(event), Fixtures.headers(type, shopId));
    }

    private static ObjectNode created(String shopId, String orderId, Instant createdAt) {
        ObjectNode created = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED);
        created.put("shopId", shopId);
        created.put("orderId", orderId);
        created.put("createdAt", createdAt.toString());
        created.put("shipBy", createdAt.plus(Duration.ofDays(2)).toString());
        return created;
    }
}
