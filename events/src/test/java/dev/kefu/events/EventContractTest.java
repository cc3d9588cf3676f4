package dev.kefu.events;

import dev.kefu.events.inbound.MarketplaceOrderPaid;
import dev.kefu.events.kafka.EventDeserializer;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.events.kafka.EventSerializer;
import dev.kefu.events.order.OrderPaid;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every event type has a schema and a golden fixture; the fixture validates and survives the Kafka serde unchanged. */
class EventContractTest {

    private final EventSerializer serializer = new EventSerializer();
    private final EventDeserializer deserializer = new EventDeserializer();

    static List<EventType<?>> types() {
        return EventTypes.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void goldenFixtureValidatesAgainstItsSchema(EventType<?> type) {
        assertThat(EventSchemas.validate(type, fixture(type))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void goldenFixtureRoundTripsThroughTheKafkaSerde(EventType<?> type) {
        JsonNode golden = fixture(type);
        Headers headers = new RecordHeaders();
        headers.add(CloudEvent.TYPE, type.name().getBytes(StandardCharsets.UTF_8));

        KefuEvent event = deserializer.deserialize(type.topic(), headers, bytes(golden));
        byte[] written = serializer.serialize(type.topic(), headers, event);

        assertThat(event).isInstanceOf(type.recordType());
        assertThat(event.shopId()).isEqualTo("shop-demo");
        assertThat(EventJson.mapper().readTree(written)).isEqualTo(golden);
        assertThat(EventSchemas.validate(type, EventJson.mapper().readTree(written))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void noJavaClassNameTravelsOnTheWire(EventType<?> type) {
        Headers headers = new RecordHeaders();
        KefuEvent event = deserializer.deserialize(type.topic(), typed(type), bytes(fixture(type)));
        String written = new String(serializer.serialize(type.topic(), headers, event), StandardCharsets.UTF_8);

        assertThat(written).doesNotContain("dev.kefu").doesNotContain("@class");
        assertThat(CloudEvent.text(headers, CloudEvent.TYPE)).isEqualTo(type.name());
        assertThat(headers.toArray()).extracting(h -> h.key()).doesNotContain("__TypeId__");
    }

    @Test
    void schemaViolationsNameTheMissingOrMalformedField() {
        ObjectNode paid = (ObjectNode) fixture(EventTypes.MARKETPLACE_ORDER_PAID);
        paid.remove("orderId");
        paid.put("amount", "a lot");

        assertThat(EventSchemas.validate(EventTypes.MARKETPLACE_ORDER_PAID, paid))
                .extracting(EventSchemas.Violation::field)
                .containsExactly("$.amount", "$.orderId");
    }

    @Test
    void anOptionalFieldAddedByANewerProducerIsIgnoredByOlderConsumers() {
        ObjectNode paid = (ObjectNode) fixture(EventTypes.ORDER_PAID);
        paid.put("couponCode", "DOUBLE11");

        KefuEvent event = deserializer.deserialize(Topics.ORDER_PAID, typed(EventTypes.ORDER_PAID), bytes(paid));

        assertThat(((OrderPaid) event).amount()).isEqualByComparingTo("199.00");
    }

    @Test
    void aRecordOfUnknownTypeIsRejected() {
        Headers headers = new RecordHeaders();
        headers.add(CloudEvent.TYPE, "order.teleported".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> deserializer.deserialize(Topics.MARKETPLACE_ORDERS, headers, "{}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("order.teleported");
    }

    @Test
    void aRecordMissingARequiredFieldIsRejectedNamingTheField() {
        ObjectNode paid = (ObjectNode) fixture(EventTypes.MARKETPLACE_ORDER_PAID);
        paid.remove("buyerId");

        assertThatThrownBy(() -> deserializer.deserialize(Topics.MARKETPLACE_ORDERS,
                typed(EventTypes.MARKETPLACE_ORDER_PAID), bytes(paid)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("buyerId");
    }

    @Test
    void brokenJsonIsRejected() {
        assertThatThrownBy(() -> deserializer.deserialize(Topics.MARKETPLACE_ORDERS,
                typed(EventTypes.MARKETPLACE_ORDER_PAID), "{\"orderId\":".getBytes()))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void aHeaderThatContradictsTheRecordIsRefused() {
        Headers headers = typed(EventTypes.REVIEW_POSTED);
        OrderPaid paid = new OrderPaid("shop-demo", "o-1", "b-1", "taobao", new BigDecimal("1.00"), "CNY", Instant.now());

        assertThatThrownBy(() -> serializer.serialize(Topics.ORDER_PAID, headers, paid))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void cloudEventAttributesRoundTripThroughHeaders() {
        MarketplaceOrderPaid paid = (MarketplaceOrderPaid) deserializer.deserialize(Topics.MARKETPLACE_ORDERS,
                typed(EventTypes.MARKETPLACE_ORDER_PAID), bytes(fixture(EventTypes.MARKETPLACE_ORDER_PAID)));
        CloudEvent written = CloudEvent.newEvent(paid, "/webhooks/shop-demo", Instant.parse("2026-11-23T08:15:31Z"));
        Headers headers = new RecordHeaders();
        written.writeTo(headers);

        assertThat(CloudEvent.readFrom(headers)).isEqualTo(written);
        assertThat(written.type()).isEqualTo("order.paid");
        assertThat(CloudEvent.text(headers, CloudEvent.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(paid.key()).isEqualTo(paid.orderId());
    }

    @Test
    void everyInboundTypeTravelsOnAMarketplaceTopicAndEveryTopicIsDeclared() {
        assertThat(EventTypes.inbound()).hasSize(14)
                .allSatisfy(t -> assertThat(t.topic()).startsWith("marketplace."));
        assertThat(EventTypes.all()).allSatisfy(t -> assertThat(Topics.all()).contains(t.topic()));
    }

    private static Headers typed(EventType<?> type) {
        Headers headers = new RecordHeaders();
        headers.add(CloudEvent.TYPE, type.name().getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static byte[] bytes(JsonNode node) {
        return EventJson.mapper().writeValueAsBytes(node);
    }

    private static JsonNode fixture(EventType<?> type) {
        return Fixtures.json(type);
    }
}
