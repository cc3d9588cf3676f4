package dev.kefu.events;

import dev.kefu.events.aftersales.CaseResolved;
import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.events.inbound.MarketplaceOrderPaid;
import dev.kefu.events.kafka.EventDeserializer;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.events.kafka.EventSerializer;
import dev.kefu.events.order.OrderPaid;
import dev.kefu.events.review.ReviewPosted;
import dev.kefu.events.review.ReviewReplyOutbound;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import dev.kefu.events.webhook.WebhookEventId;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every event type has a schema and a golden fixture; the fixture validates and survives the Kafka serde unchanged. */
class EventContractTest {

    private final EventSerializer serializer = new EventSerializer();
    private final EventDeserializer deserializer = new EventDeserializer();

    static List<EventType<?>> types() {
        return EventTypes.all();
    }

    static List<EventType<?>> inbound() {
        return EventTypes.inbound();
    }

    private static final String NO_CONTROL_CHARACTERS = "^[^\\x00-\\x1F\\x7F-\\x9F]*$";
    private static final Set<String> IDENTIFIERS = Set.of("shopId", "platform", "orderId", "buyerId", "messageId",
            "reviewId", "refundId", "caseId", "trackingNo", "carrier", "sku");
    private static final Set<String> FREE_TEXTS = Set.of("text", "content", "description", "address", "title",
            "reason", "location", "comment");

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

    /** What a marketplace sends is bounded: a field too long for Kafka is a 400 naming it, never a retried 503. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("inbound")
    void everyStringAndArrayOfAnInboundSchemaIsBounded(EventType<?> type) {
        JsonNode properties = schema(type).get("properties");
        List<String> checked = new ArrayList<>();
        bounded(properties, "$", checked);
        assertThat(checked).isNotEmpty();
    }

    private static void bounded(JsonNode properties, String path, List<String> checked) {
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            String name = property.getKey();
            String field = path + "." + name;
            List<JsonNode> variants = new ArrayList<>();
            property.getValue().path("anyOf").forEach(variants::add);
            if (variants.isEmpty()) {
                variants.add(property.getValue());
            }
            for (JsonNode schema : variants) {
                if (allows(schema, "string") && !schema.has("enum")) {
                    assertThat(schema.has("maxLength")).as(field + " has maxLength").isTrue();
                    int max = schema.get("maxLength").asInt();
                    if (IDENTIFIERS.contains(name)) {
                        assertThat(max).as(field).isEqualTo(FieldLimits.ID);
                        assertThat(schema.path("pattern").asString()).as(field).isEqualTo(NO_CONTROL_CHARACTERS);
                    } else if (FREE_TEXTS.contains(name)) {
                        assertThat(max).as(field).isEqualTo(FieldLimits.TEXT);
                    } else {
                        assertThat(max).as(field + " (amount, currency, instant)").isLessThanOrEqualTo(FieldLimits.INSTANT);
                    }
                    checked.add(field);
                }
                if (allows(schema, "array")) {
                    assertThat(schema.path("maxItems").asInt(-1)).as(field + " maxItems").isEqualTo(FieldLimits.ITEMS);
                    bounded(schema.get("items").get("properties"), field + "[]", checked);
                }
            }
        }
    }

    private static boolean allows(JsonNode schema, String kind) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (kind.equals(t.asString())) {
                    return true;
                }
            }
            return false;
        }
        return kind.equals(type.asString(""));
    }

    @Test
    void anOversizeOrControlCharacterLadenFieldIsRefusedNamingIt() {
        ObjectNode created = (ObjectNode) fixture(EventTypes.MARKETPLACE_ORDER_CREATED);
        created.put("orderId", "9".repeat(900_000));
        created.put("buyerId", "buyer\u0000-1");
        ArrayNode items = created.putArray("items");
        for (int i = 0; i < FieldLimits.ITEMS + 1; i++) {
            items.addObject().put("title", "t").put("quantity", 1);
        }
        ObjectNode message = (ObjectNode) fixture(EventTypes.MARKETPLACE_MESSAGE_RECEIVED);
        message.put("text", "长".repeat(FieldLimits.TEXT + 1));

        assertThat(EventSchemas.validate(EventTypes.MARKETPLACE_ORDER_CREATED, created))
                .extracting(EventSchemas.Violation::field)
                .containsExactly("$.buyerId", "$.items", "$.orderId");
        assertThat(EventSchemas.validate(EventTypes.MARKETPLACE_MESSAGE_RECEIVED, message))
                .extracting(EventSchemas.Violation::field).containsExactly("$.text");
        // at the limit (counted in characters, not bytes) is fine
        message.put("text", "长".repeat(FieldLimits.TEXT));
        created = (ObjectNode) fixture(EventTypes.MARKETPLACE_ORDER_CREATED);
        created.put("orderId", "9".repeat(FieldLimits.ID));
        assertThat(EventSchemas.validate(EventTypes.MARKETPLACE_MESSAGE_RECEIVED, message)).isEmpty();
        assertThat(EventSchemas.validate(EventTypes.MARKETPLACE_ORDER_CREATED, created)).isEmpty();
    }

    @Test
    void aWebhookEventIdIsTheWebhookIdAndAHashOfTheBody() {
        byte[] created = "{\"type\":\"order.created\"}".getBytes(StandardCharsets.UTF_8);
        byte[] paid = "{\"type\":\"order.paid\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookEventId.of("msg_1", created)).matches("msg_1:[0-9a-f]{16}")
                .isEqualTo(WebhookEventId.of("msg_1", created.clone()))
                .isNotEqualTo(WebhookEventId.of("msg_1", paid))
                .isNotEqualTo(WebhookEventId.of("msg_2", created));
        assertThat(WebhookEventId.problem("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W")).isNull();
        assertThat(WebhookEventId.problem("x".repeat(WebhookEventId.MAX_WEBHOOK_ID + 1))).contains("longer");
        assertThat(WebhookEventId.problem("msg 1")).contains("printable");
        assertThat(WebhookEventId.problem("msg\u00001")).contains("printable");
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
        assertThat(EventTypes.inbound()).hasSize(20)
                .allSatisfy(t -> assertThat(t.topic()).startsWith("marketplace."));
        assertThat(EventTypes.all()).allSatisfy(t -> assertThat(Topics.all()).contains(t.topic()));
    }

    @Test
    void everyDomainEventTravelsOnItsOwnTopicNamedAfterIt() {
        List<EventType<?>> domain = EventTypes.all().stream().filter(t -> !t.topic().startsWith("marketplace."))
                .toList();
        assertThat(domain).allSatisfy(t -> assertThat(t.topic()).isEqualTo(t.name()))
                .extracting(EventType::topic).doesNotHaveDuplicates().contains(Topics.CASE_UPDATED);
        assertThat(Topics.all()).doesNotHaveDuplicates()
                .containsAll(domain.stream().map(EventType::topic).toList());
    }

    @Test
    void aCaseUpdateCarriesAKnownChangeAndAScoreOfOneToFiveOnly() {
        ObjectNode update = Fixtures.json(EventTypes.CASE_UPDATED);
        update.put("change", "MERGED");
        update.put("csatScore", 6);
        update.remove("by");
        assertThat(EventSchemas.validate(EventTypes.CASE_UPDATED, update)).extracting(EventSchemas.Violation::field)
                .containsExactly("$.by", "$.change", "$.csatScore");

        ObjectNode answered = Fixtures.json(EventTypes.CASE_UPDATED);
        answered.put("change", "ANSWERED");
        answered.put("by", "buyer");
        answered.put("followUp", "ANSWERED");
        answered.put("csatScore", 5);
        answered.putNull("orderId");
        answered.putNull("assignee");
        answered.putNull("outcome");
        assertThat(EventSchemas.validate(EventTypes.CASE_UPDATED, answered)).isEmpty();

        answered.put("csatScore", 0);
        assertThatThrownBy(() -> deserializer.deserialize(Topics.CASE_UPDATED, typed(EventTypes.CASE_UPDATED),
                bytes(answered))).isInstanceOf(SerializationException.class).hasMessageContaining("csatScore");
        ObjectNode anonymous = Fixtures.json(EventTypes.CASE_UPDATED);
        anonymous.put("by", " ");
        assertThatThrownBy(() -> deserializer.deserialize(Topics.CASE_UPDATED, typed(EventTypes.CASE_UPDATED),
                bytes(anonymous))).isInstanceOf(SerializationException.class).hasMessageContaining("by");
    }

    @Test
    void aRefundsLaterStepsTravelWithTheRequestOnTheOrdersKey() {
        for (EventType<?> step : List.of(EventTypes.MARKETPLACE_REFUND_AGREED, EventTypes.MARKETPLACE_REFUND_REFUSED,
                EventTypes.MARKETPLACE_RETURN_SHIPPED, EventTypes.MARKETPLACE_REFUND_COMPLETED,
                EventTypes.MARKETPLACE_REFUND_CLOSED)) {
            assertThat(step.topic()).isEqualTo(EventTypes.MARKETPLACE_REFUND_REQUESTED.topic());
            KefuEvent event = (KefuEvent) deserializer.deserialize(step.topic(), typed(step),
                    bytes(Fixtures.json(step)));
            assertThat(event.key()).isEqualTo("TB20261123001");
        }
        ObjectNode shipped = Fixtures.json(EventTypes.MARKETPLACE_RETURN_SHIPPED);
        shipped.remove("trackingNo");
        assertThat(EventSchemas.validate(EventTypes.MARKETPLACE_RETURN_SHIPPED, shipped))
                .extracting(EventSchemas.Violation::field).containsExactly("$.trackingNo");
    }

    @Test
    void aCaseResolvedByTheMarketplacesRefundSaysSo() {
        CaseResolved resolved = (CaseResolved) deserializer.deserialize(Topics.CASE_RESOLVED,
                typed(EventTypes.CASE_RESOLVED), bytes(Fixtures.json(EventTypes.CASE_RESOLVED)));
        assertThat(resolved.refundCompleted()).isTrue();
        assertThat(resolved.key()).isEqualTo("RF-RF88001");
        ObjectNode byAgent = Fixtures.json(EventTypes.CASE_RESOLVED);
        byAgent.put("resolvedBy", "agent-xiaomei");
        byAgent.put("compensation", "ten yuan");
        assertThat(EventSchemas.validate(EventTypes.CASE_RESOLVED, byAgent)).extracting(EventSchemas.Violation::field)
                .containsOnly("$.compensation"); // anyOf reports each branch
    }

    @Test
    void aReviewPostedWrittenBeforeReasonsExistedStillParsesWithNone() {
        ObjectNode old = Fixtures.json(EventTypes.REVIEW_POSTED);
        old.remove("reasons");
        assertThat(EventSchemas.validate(EventTypes.REVIEW_POSTED, old)).isEmpty();

        ReviewPosted posted = (ReviewPosted) deserializer.deserialize(Topics.REVIEW_POSTED,
                typed(EventTypes.REVIEW_POSTED), bytes(old));
        assertThat(posted.reasons()).isEmpty();
        old.putArray("reasons").add("WEATHER");
        assertThat(EventSchemas.validate(EventTypes.REVIEW_POSTED, old)).extracting(EventSchemas.Violation::field)
                .isNotEmpty();
    }

    @Test
    void everyCaseKindIsOneTheSchemasOfCaseEventsAllow() {
        List<String> kinds = Arrays.stream(ComplaintOpened.Kind.values()).map(Enum::name).toList();
        assertThat(kinds).contains("LOGISTICS", "REVIEW_RECOVERY");
        for (EventType<?> type : List.of(EventTypes.COMPLAINT_OPENED, EventTypes.CASE_UPDATED)) {
            List<String> allowed = new ArrayList<>();
            schema(type).get("properties").get("kind").get("enum").forEach(k -> allowed.add(k.asString()));
            assertThat(allowed).as(type.name()).containsExactlyElementsOf(kinds);
        }
        for (String kind : List.of("LOGISTICS", "REVIEW_RECOVERY")) {
            ObjectNode opened = Fixtures.json(EventTypes.COMPLAINT_OPENED);
            opened.put("kind", kind);
            opened.put("openedBy", "AUTOMATION");
            opened.putNull("amount");
            assertThat(EventSchemas.validate(EventTypes.COMPLAINT_OPENED, opened)).isEmpty();
            ComplaintOpened read = (ComplaintOpened) deserializer.deserialize(Topics.COMPLAINT_OPENED,
                    typed(EventTypes.COMPLAINT_OPENED), bytes(opened));
            assertThat(read.kind()).isEqualTo(ComplaintOpened.Kind.valueOf(kind));
            ObjectNode updated = Fixtures.json(EventTypes.CASE_UPDATED);
            updated.put("kind", kind);
            assertThat(EventSchemas.validate(EventTypes.CASE_UPDATED, updated)).isEmpty();
        }
    }

    @Test
    void aReviewNeedsAFollowUpWhenBadOrNeutralWithAComplaintReason() {
        ReviewPosted bad = Fixtures.record(EventTypes.REVIEW_POSTED); // 1 star, negative
        assertThat(bad.followable()).isTrue();
        assertThat(review(3, ReviewPosted.Sentiment.NEUTRAL, List.of(ReviewPosted.Reason.LOGISTICS)).followable())
                .as("中评 with a reason").isTrue();
        assertThat(review(3, ReviewPosted.Sentiment.NEUTRAL, List.of()).followable()).as("中评 without").isFalse();
        assertThat(review(4, ReviewPosted.Sentiment.NEUTRAL, List.of(ReviewPosted.Reason.PRICE)).followable())
                .as("neutral text with a reason").isTrue();
        assertThat(review(4, ReviewPosted.Sentiment.NEGATIVE, List.of()).followable()).as("hidden 差评").isTrue();
        assertThat(review(5, ReviewPosted.Sentiment.POSITIVE, List.of(ReviewPosted.Reason.LOGISTICS)).followable())
                .as("好评 that mentions the parcel").isFalse();
        // the wire form carries no such field: it is a rule over the fields, not a field
        assertThat(new String(serializer.serialize(Topics.REVIEW_POSTED, new RecordHeaders(), bad),
                StandardCharsets.UTF_8)).doesNotContain("followable");
    }

    private static ReviewPosted review(int rating, ReviewPosted.Sentiment sentiment, List<ReviewPosted.Reason> reasons) {
        ReviewPosted r = Fixtures.record(EventTypes.REVIEW_POSTED);
        return new ReviewPosted(r.shopId(), r.reviewId(), r.orderId(), r.buyerId(), r.platform(), rating, sentiment,
                r.content(), r.postedAt(), reasons);
    }

    @Test
    void aSellersExplanationIsOneToFiveHundredCharactersAndKeyedByReview() {
        ReviewReplyOutbound reply = Fixtures.record(EventTypes.REVIEW_REPLY_OUTBOUND);
        assertThat(reply.key()).isEqualTo(reply.reviewId());

        ObjectNode tooLong = Fixtures.json(EventTypes.REVIEW_REPLY_OUTBOUND);
        tooLong.put("text", "谢".repeat(501));
        assertThat(EventSchemas.validate(EventTypes.REVIEW_REPLY_OUTBOUND, tooLong))
                .extracting(EventSchemas.Violation::field).containsExactly("$.text");
        assertThatThrownBy(() -> deserializer.deserialize(Topics.REVIEW_REPLY_OUTBOUND,
                typed(EventTypes.REVIEW_REPLY_OUTBOUND), bytes(tooLong)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("500");
    }

    private static Headers typed(EventType<?> type) {
        Headers headers = new RecordHeaders();
        headers.add(CloudEvent.TYPE, type.name().getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static byte[] bytes(JsonNode node) {
        return EventJson.mapper().writeValueAsBytes(node);
    }

    private static JsonNode schema(EventType<?> type) {
        try (InputStream in = EventContractTest.class.getResourceAsStream(type.schemaResource())) {
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode fixture(EventType<?> type) {
        return Fixtures.json(type);
    }
}
