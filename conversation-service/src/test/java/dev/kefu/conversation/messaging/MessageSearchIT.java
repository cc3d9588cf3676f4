package dev.kefu.conversation.messaging;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.testing.KefuServiceIT;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Searching a shop's messages through a real broker and the Mongo wire server: words in Chinese and Korean without
 * spaces, English words, by buyer, order and period, a page at a time; never another shop's. A context of its own:
 * a cached context reused after another class started its broker would be handed that broker's address.
 */
@KefuServiceIT
@TestPropertySource(properties = "kefu.shops.shop-search.name=搜索测试店")
class MessageSearchIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Autowired
    WebTestClient http;

    @Test
    void wordsWithoutSpacesBuyersOrdersAndPeriodsFindTheShopsMessagesNewestFirst() {
        String shop = "shop-search-" + UUID.randomUUID();
        String buyer = "buyer-" + UUID.randomUUID();
        String order = "TB-" + UUID.randomUUID();
        String zh = wrote(shop, buyer, order, "亲，请问什么时候发货？", DAY.plusSeconds(3600));
        String ko = wrote(shop, buyer, null, "배송이 너무 늦어요, 환불해 주세요", DAY.plusSeconds(7200));
        String en = wrote(shop, "buyer-other", null, "Where is my parcel? It says LOST", DAY.plusSeconds(9000));
        String scattered = wrote(shop, "buyer-other", null, "货已经发出了", DAY.plusSeconds(9500));
        wrote("shop-rival", buyer, order, "什么时候发货", DAY.plusSeconds(3600));
        await().atMost(WAIT).untilAsserted(() -> assertThat(ids(shop, "")).contains(zh, ko, en, scattered));
        // the index and the conversation are written by different consumers: the reply needs the conversation
        await().atMost(WAIT).untilAsserted(() -> http.get().uri("/api/conversations/" + buyer)
                .headers(h -> h.setBearerAuth(TestTokens.agentOf(shop))).exchange().expectStatus().isOk());
        byte[] sent = http.post().uri("/api/conversations/" + buyer + "/messages")
                .headers(h -> h.setBearerAuth(TestTokens.agentOf(shop)))
                .bodyValue(Map.of("text", "亲，今天就为您发货哦")).exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        String reply = EventJson.mapper().readTree(sent).get("id").asString();
        await().atMost(WAIT).untilAsserted(() -> assertThat(ids(shop, "")).contains(reply));

        List<String> shipping = ids(shop, "q=发货");
        assertThat(shipping).contains(reply, zh).doesNotContain(scattered); // 发 and 货 apart are not 发货
        assertThat(shipping.indexOf(reply)).isLessThan(shipping.indexOf(zh)); // newest first
        assertThat(ids(shop, "q=배송")).containsExactly(ko);
        assertThat(ids(shop, "q=parcel lost")).containsExactly(en);
        assertThat(ids(shop, "q=ＬＯＳＴ")).containsExactly(en);
        assertThat(ids(shop, "buyerId=" + buyer + "&q=환불")).containsExactly(ko);
        assertThat(ids(shop, "orderId=" + order)).containsExactly(zh);
        assertThat(ids(shop, "from=2026-11-20T01:30:00Z&to=2026-11-20T02:30:00Z")).containsExactly(ko);
        assertThat(ids("shop-rival", "q=배송")).isEmpty();

        // a page at a time, newest first, each message once
        List<String> walked = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = page(shop, "limit=2" + (next == null ? "" : "&cursor=" + next));
            page.get("items").forEach(i -> walked.add(i.get("messageId").asString()));
            next = page.path("next").isString() ? page.get("next").asString() : null;
        } while (next != null);
        assertThat(walked).isEqualTo(ids(shop, "")).doesNotHaveDuplicates().containsSubsequence(reply, scattered, en, ko, zh);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSearchThatMeansNothingIsA400NamingEachParameter() {
        http.get().uri("/api/messages?q=！？&from=yesterday&limit=0&cursor=x")
                .headers(h -> h.setBearerAuth(TestTokens.agentOf("shop-demo"))).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[*].field").value(fields -> assertThat((List<Object>) fields)
                        .containsExactly("q", "from", "limit", "cursor"));
    }

    private String wrote(String shop, String buyer, String order, String text, Instant at) {
        ObjectNode message = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED);
        String messageId = "m-" + UUID.randomUUID();
        message.put("shopId", shop);
        message.put("buyerId", buyer);
        message.put("messageId", messageId);
        message.put("text", text);
        message.put("sentAt", at.toString());
        if (order != null) {
            message.put("orderId", order);
        } else {
            message.remove("orderId");
        }
        TopicProbe.send(kafka, Topics.MARKETPLACE_MESSAGES, buyer, Fixtures.bytes(message),
                Fixtures.headers(EventTypes.MARKETPLACE_MESSAGE_RECEIVED, shop));
        return shop + ":" + message.get("platform").asString() + ":" + messageId;
    }

    private List<String> ids(String shop, String query) {
        List<String> ids = new ArrayList<>();
        page(shop, query + "&limit=100").get("items").forEach(i -> ids.add(i.get("messageId").asString()));
        return ids;
    }

    private JsonNode page(String shop, String query) {
        byte[] body = http.get().uri("/api/messages?" + query).headers(h -> h.setBearerAuth(TestTokens.agentOf(shop)))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return EventJson.mapper().readTree(body);
    }
}
