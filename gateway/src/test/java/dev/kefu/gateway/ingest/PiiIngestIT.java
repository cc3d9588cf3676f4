package dev.kefu.gateway.ingest;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.Topics;
import dev.kefu.events.kafka.EventJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Phone numbers and addresses are masked at the gateway: the records on Kafka, read back raw, hold neither. */
class PiiIngestIT extends IngestITSupport {

    @Test
    void anOrdersAddressPhoneAndUnknownFieldsReachKafkaMaskedOrNotAtAll() {
        String order = "TB-PII-" + UUID.randomUUID();
        ObjectNode moved = Fixtures.json(EventTypes.MARKETPLACE_ORDER_ADDRESS_CHANGED)
                .put("orderId", order)
                .put("address", "张三 13812348000 浙江省杭州市西湖区文三路90号3单元502室")
                .put("receiverPhone", "+86 138 1234 8000")
                .put("receiverName", "张三");
        String id = "msg_pii_address_" + UUID.randomUUID();

        signed("shop-ingest", id, webhook("order.address-changed", moved)).expectStatus().isAccepted()
                .expectBody().jsonPath("$.ignoredFields").isEqualTo(List.of("receiverPhone", "receiverName"));

        ConsumerRecord<String, byte[]> record = recordOfWebhook(Topics.MARKETPLACE_ORDERS, id);
        // without the order id, whose random part may hold "502" by chance
        String raw = text(record).replace(order, "TB-PII-x");
        assertThat(raw).doesNotContain("13812348000", "138 1234", "文三路", "90号", "502", "张三", "receiverPhone", "receiverName");
        assertThat(EventJson.mapper().readTree(record.value()).get("address").asString()).isEqualTo("浙江省杭州市西湖区****");
        assertThat(record.key()).isEqualTo(order);
    }

    @Test
    void phoneNumbersInChatReviewsAndScansAreMaskedButOrderAndTrackingNumbersAreNot() {
        ObjectNode chat = Fixtures.json(EventTypes.MARKETPLACE_MESSAGE_RECEIVED)
                .put("text", "订单TB20261123001改地址，电话+86 138 1234 8000，或者 010-1234-5678");
        ObjectNode review = Fixtures.json(EventTypes.MARKETPLACE_REVIEW_POSTED)
                .put("content", "Great tea. Questions? call (415) 555-0132");
        ObjectNode scan = Fixtures.json(EventTypes.MARKETPLACE_LOGISTICS_TRACE)
                .put("trackingNo", "ZT7730012345")
                .put("description", "快递员王师傅 13998765432 正在派件，单号 ZT7730012345");

        JsonNode chatRecord = published("message.received", chat, Topics.MARKETPLACE_MESSAGES);
        JsonNode reviewRecord = published("review.posted", review, Topics.MARKETPLACE_REVIEWS);
        JsonNode scanRecord = published("logistics.trace", scan, Topics.MARKETPLACE_ORDERS);

        assertThat(chatRecord.get("text").asString())
                .isEqualTo("订单TB20261123001改地址，电话+86 138 **** 8000，或者 010-****-5678");
        assertThat(reviewRecord.get("content").asString()).isEqualTo("Great tea. Questions? call (415) ***-0132");
        assertThat(scanRecord.get("description").asString()).isEqualTo("快递员王师傅 139****5432 正在派件，单号 ZT7730012345");
        assertThat(scanRecord.get("trackingNo").asString()).isEqualTo("ZT7730012345");
    }

    private JsonNode published(String type, ObjectNode data, String topic) {
        String id = "msg_pii_" + type + "_" + UUID.randomUUID();
        return EventJson.mapper().readTree(record(topic, accepted("shop-ingest", id, webhook(type, data))).value());
    }
}
