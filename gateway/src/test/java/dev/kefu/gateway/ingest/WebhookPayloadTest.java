package dev.kefu.gateway.ingest;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.inbound.MarketplaceMessageReceived;
import dev.kefu.events.inbound.MarketplaceOrderAddressChanged;
import dev.kefu.events.inbound.MarketplaceOrderPaid;
import dev.kefu.events.inbound.MarketplaceReviewPosted;
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
    void fieldsTheContractDoesNotDeclareAreAcceptedNamedAndNotForwarded() {
        ObjectNode review = Fixtures.json(EventTypes.MARKETPLACE_REVIEW_POSTED);
        String content = review.remove("content").asString();
        review.put("text", content);            // the integration's own name for the review's content
        review.put("shopId", "somebody-else");  // overwritten from the URL, never "unknown"
        review.putObject("photos").put("count", 2);

        WebhookPayload payload = WebhookPayload.parse("shop-demo", body("review.posted", review));

        assertThat(payload.ignoredFields()).containsExactly("text", "photos");
        assertThat(EventJson.mapper().readTree(payload.data()).propertyNames())
                .doesNotContain("text", "photos").contains("shopId", "reviewId", "rating");
        assertThat(WebhookPayload.parse("shop-demo", body("order.paid", Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID)))
                .ignoredFields()).isEmpty();
    }

    @Test
    void aCarelessIntegrationsPhoneAndAddressFieldsNeverReachTheRecord() {
        ObjectNode order = Fixtures.json(EventTypes.MARKETPLACE_ORDER_CREATED);
        order.put("receiverPhone", "13812348000");
        order.put("receiverAddress", "浙江省杭州市西湖区文三路90号");
        ((ObjectNode) order.withArray("items").get(0)).put("buyerNote", "打电话13812348000");

        WebhookPayload payload = WebhookPayload.parse("shop-demo", body("order.created", order));

        String record = new String(payload.data(), StandardCharsets.UTF_8);
        assertThat(payload.ignoredFields()).containsExactly("items[].buyerNote", "receiverPhone", "receiverAddress");
        assertThat(record).doesNotContain("13812348000", "文三路", "receiverPhone", "buyerNote");
        assertThat(record).contains("\"orderId\":\"TB20261123001\"");
    }

    @Test
    void phonesInFreeTextsAndTheAddressAreMaskedAndControlCharactersRemoved() {
        ObjectNode message = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED);
        message.put("text", "订单TB20261123001还没发货\u0000，急！电话 138-1234-8000\r\n谢谢");
        ObjectNode moved = Fixtures.json(EventTypes.MARKETPLACE_ORDER_ADDRESS_CHANGED);
        moved.put("address", "浙江省杭州市西湖区文三路90号\u001b 张三 13812348000");
        ObjectNode review = Fixtures.json(EventTypes.MARKETPLACE_REVIEW_POSTED);
        review.put("content", "질문은 010-1234-5678 로 주세요");

        assertThat(((MarketplaceMessageReceived) WebhookPayload.parse("shop-demo", body("message.received", message))
                .event()).text()).isEqualTo("订单TB20261123001还没发货，急！电话 138-****-8000\n谢谢");
        WebhookPayload address = WebhookPayload.parse("shop-demo", body("order.address-changed", moved));
        assertThat(((MarketplaceOrderAddressChanged) address.event()).address()).isEqualTo("浙江省杭州市西湖区****");
        assertThat(new String(address.data(), StandardCharsets.UTF_8)).contains("浙江省杭州市西湖区****")
                .doesNotContain("文三路", "8000");
        assertThat(((MarketplaceReviewPosted) WebhookPayload.parse("shop-demo", body("review.posted", review))
                .event()).content()).isEqualTo("질문은 010-****-5678 로 주세요");
    }

    @Test
    void oversizeIdentifiersAndTextsAndControlCharactersInIdentifiersAreRefusedNamingTheField() {
        ObjectNode paid = Fixtures.json(EventTypes.MARKETPLACE_ORDER_PAID);
        paid.put("orderId", "9".repeat(900_000));   // under the 1 MiB body limit, over Kafka's record size with its key
        paid.put("buyerId", "buyer\u0000");
        ObjectNode message = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED);
        message.put("text", "字".repeat(10_001));

        assertThatThrownBy(() -> WebhookPayload.parse("shop-demo", body("order.paid", paid)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(InvalidRequestException.FieldError::field)
                        .containsExactly("$.data.buyerId", "$.data.orderId"));
        assertThatThrownBy(() -> WebhookPayload.parse("shop-demo", body("message.received", message)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(InvalidRequestException.FieldError::field).containsExactly("$.data.text"));
        // A text of nothing but control characters is no message.
        message.put("text", "\u0000\u0007");
        assertThatThrownBy(() -> WebhookPayload.parse("shop-demo", body("message.received", message)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("text");
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
