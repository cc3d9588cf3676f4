package dev.kefu.conversation.messaging;

import dev.kefu.conversation.summary.WorkSummaries;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.due.DueWork;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * work-summary-ready through a real broker and Mongo server: a shop's local day (Asia/Seoul here, not UTC) is
 * announced once after it ended, whatever number of buyer messages, racing replicas and redelivered items; a day
 * not over yet is scheduled for its end and an early look publishes nothing.
 */
@KefuServiceIT
class WorkSummaryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SHOP = "shop-summary";
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Autowired
    WorkSummaries summaries;

    @Autowired
    DueWork due;

    @DynamicPropertySource
    static void shops(DynamicPropertyRegistry registry) {
        registry.add("kefu.shops." + SHOP + ".time-zone", () -> "Asia/Seoul");
        registry.add("kefu.conversation.work-summary-after", () -> "PT1S");
    }

    @Test
    void aShopsLocalDayIsAnnouncedOnceAfterItEnds() {
        Instant now = Instant.now();
        LocalDate past = now.atZone(SEOUL).toLocalDate().minusDays(2);
        // 23:30 in Seoul is 14:30 UTC: the day is the shop's, not UTC's
        Instant late = past.atTime(23, 30).atZone(SEOUL).toInstant();
        buyerWrites("b-" + UUID.randomUUID(), "在吗", late);
        buyerWrites("b-" + UUID.randomUUID(), "你好，请问有货吗", late.plusSeconds(60));
        buyerWrites("b-" + UUID.randomUUID(), "안녕하세요", now);

        ConsumerRecord<String, byte[]> ready = TopicProbe.await(kafka, Topics.WORK_SUMMARY_READY, WAIT,
                r -> SHOP.equals(r.key()));
        JsonNode event = EventJson.mapper().readTree(ready.value());
        assertThat(event.get("period").asString()).isEqualTo("day");
        assertThat(event.get("date").asString()).isEqualTo(past.toString());
        assertThat(Instant.parse(event.get("from").asString())).isEqualTo(past.atStartOfDay(SEOUL).toInstant());
        assertThat(Instant.parse(event.get("to").asString())).isEqualTo(past.plusDays(1).atStartOfDay(SEOUL).toInstant());
        assertThat(event.get("summaryPath").asString()).isEqualTo("/api/summaries?period=day&date=" + past);
        assertThat(TopicProbe.header(ready, "ce_type")).isEqualTo("work-summary-ready");
        assertThat(TopicProbe.header(ready, "ce_id")).isEqualTo("work-summary-ready:" + SHOP + ":" + past);

        // racing replicas, a redelivered item, a message of that day arriving later: nothing more is published
        Flux.range(0, 4).flatMap(i -> summaries.announceIfDue(WorkSummaries.key(SHOP, past))).then().block(WAIT);
        buyerWrites("b-" + UUID.randomUUID(), "还在吗", late.plusSeconds(120));

        // today's is due after today ends in Seoul, and looking early answers that time without publishing
        LocalDate today = now.atZone(SEOUL).toLocalDate();
        Instant todayDue = today.plusDays(1).atStartOfDay(SEOUL).toInstant().plusSeconds(1);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(due.dueAt(WorkSummaries.QUEUE, WorkSummaries.key(SHOP, today)).block(WAIT))
                        .isEqualTo(todayDue));
        assertThat(summaries.announceIfDue(WorkSummaries.key(SHOP, today)).block(WAIT)).isEqualTo(todayDue);

        await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
        assertThat(TopicProbe.all(kafka, Topics.WORK_SUMMARY_READY, Duration.ofSeconds(2)))
                .filteredOn(r -> SHOP.equals(r.key()))
                .extracting(r -> TopicProbe.header(r, "ce_id"))
                .containsExactly("work-summary-ready:" + SHOP + ":" + past);
    }

    private void buyerWrites(String buyer, String text, Instant sentAt) {
        ObjectNode message = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED);
        message.put("shopId", SHOP).put("buyerId", buyer).put("messageId", "m-" + UUID.randomUUID())
                .put("text", text).put("sentAt", sentAt.toString());
        message.remove("orderId");
        TopicProbe.send(kafka, Topics.MARKETPLACE_MESSAGES, buyer, Fixtures.bytes(message),
                Fixtures.headers(EventTypes.MARKETPLACE_MESSAGE_RECEIVED, SHOP));
    }
}
