package dev.kefu.gateway.ingest;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.inbound.MarketplaceOrderPaid;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.web.InvalidRequestException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookPayloadTest {

    @Test
    void aCanonicalOrderPaidBecomesTheContractRecordOfTheSignedShop() {
        ObjectNode data = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        data.put("shopId", "somebody-else");

        WebhookPayload payload = WebhookPayload.parse("shop-demo", body("order.paid", data));

        assertThat(payload.type()).isEqualTo(EventTypes.MARKETPLACE_ORDER_PAID);
        assertThat(payload.event()).isInstanceOfSatisfying(MarketplaceOrderPaid.class, paid -> {
            assertThat(paid.shopId()).isEqualTo("shop-demo");
            assertThat(paid.orderId()).isEqualTo("TB20261123001");
        });
        assertThat(EventJson.mapper().readTree(payload.data()).get("shopId").asString()).isEqualTo("shop-demo");
    }

    @Test
    void fieldsTheContractDoesNotDeclareAreAcceptedKeptAndNamed() {
        ObjectNode review = Fixtures.json(EventTypes.MARKETPLACE_REVIEW_POSTED);
        String content = review.remove("content").asString();
        review.put("text", content);            // the integration's own name for the review's content
        review.put("shopId", "somebody-else");  // overwritten from the URL, never "unknown"
        review.putObject("photos").put("count", 2);

        WebhookPayload payload = WebhookPayload.parse("shop-demo", body("review.posted", review));

        assertThat(payload.ignoredFields()).containsExactly("text", "photos");
        assertThat(EventJson.mapper().readTree(payload.data()).get("text").asString()).isEqualTo(content);
        assertThat(WebhookPayload.parse("shop-demo", body("order.paid", Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID)))
                .ignoredFields()).isEmpty();
    }

    @Test
    void everyMissingOrMalformedFieldIsNamed() {
        ObjectNode data = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        data.remove("orderId");
        data.put("amount", "lots");

        assertThatThrownBy(() -> WebhookPayload.parse("shop-demo", body("order.paid", data)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(InvalidRequestException.FieldError::field)
                        .containsExactly("$.data.amount", "$.data.orderId"));
    }

    @Test
    void theEnvelopeIsCheckedToo() {
        assertThatThrownBy(() -> WebhookPayload.parse("shop-demo",
                "{\"type\":\"order.teleported\",\"timestamp\":\"soon\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(InvalidRequestException.FieldError::field)
                        .containsExactly("$.type", "$.timestamp", "$.data"));
        assertThatThrownBy(() -> WebhookPayload.parse("shop-demo", "{\"type\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("$"));
    }

    @Test
    void onlyMarketplaceTypesMayBeSentFromOutside() {
        assertThatThrownBy(() -> WebhookPayload.parse("shop-demo", body("order-paid", Fixtures.json(EventTypes.ORDER_PAID))))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("$.type"));
    }

    static byte[] body(String type, ObjectNode data) {
        ObjectNode root = EventJson.mapper().createObjectNode();
        root.put("type", type);
        root.put("timestamp", "2026-11-23T08:15:31Z");
        root.set("data", data);
        return EventJson.mapper().writeValueAsBytes(root);
    }
}
