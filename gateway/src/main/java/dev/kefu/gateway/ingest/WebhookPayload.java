package dev.kefu.gateway.ingest;

import dev.kefu.events.EventSchemas;
import dev.kefu.events.EventType;
import dev.kefu.events.EventTypes;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.web.InvalidRequestException;
import dev.kefu.platform.web.InvalidRequestException.FieldError;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A webhook body {@code {"type": "...", "timestamp": "...", "data": {...}}} checked against the event contract and
 * reduced to what may reach Kafka. Every problem is reported with its JSONPath; nothing invalid goes further. The shop
 * comes from the signed URL, never from the body. Then, in one pass over {@code data} ({@link FieldPlan}, per type,
 * read once from its schema): fields the schema does not declare are accepted but not forwarded, and named in
 * {@code ignoredFields} (a misspelt field is visible to the sender, and a {@code receiverPhone} sent by a careless
 * integration never reaches Kafka); free texts lose their control characters and have their phone numbers masked;
 * the address is masked to its region ({@link PiiMasker}). Lengths are checked on the text as sent.
 */
public record WebhookPayload(EventType<?> type, Instant timestamp, KefuEvent event, byte[] data,
                             List<String> ignoredFields) {

    private static final List<String> INBOUND_TYPES = EventTypes.inbound().stream().map(EventType::name).toList();
    private static final Map<String, FieldPlan> PLANS = EventTypes.inbound().stream()
            .collect(Collectors.toUnmodifiableMap(EventType::name, FieldPlan::of));

    public static WebhookPayload parse(String shopId, byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : EventJson.mapper().readTree(body);
        } catch (JacksonException e) {
            throw InvalidRequestException.of("$", "is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw InvalidRequestException.of("$", "must be a JSON object with type, timestamp and data");
        }
        List<FieldError> errors = new ArrayList<>();
        EventType<?> type = type(root.get("type"), errors);
        Instant timestamp = timestamp(root.get("timestamp"), errors);
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            errors.add(new FieldError("$.data", "is required and must be an object"));
        }
        if (type == null || data == null || !data.isObject()) {
            throw new InvalidRequestException(errors);
        }
        // The tree was parsed from this body alone: scope and reduce it in place rather than copying it.
        ObjectNode scoped = (ObjectNode) data;
        scoped.put("shopId", shopId);
        for (EventSchemas.Violation v : EventSchemas.validate(type, scoped)) {
            errors.add(new FieldError("$.data" + v.field().substring(1), v.reason()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        List<String> ignored = new ArrayList<>(0);
        PLANS.get(type.name()).forward(scoped, "", ignored);
        try {
            KefuEvent event = EventJson.mapper().treeToValue(scoped, type.recordType());
            return new WebhookPayload(type, timestamp, event, EventJson.mapper().writeValueAsBytes(scoped),
                    List.copyOf(ignored));
        } catch (JacksonException e) {
            throw InvalidRequestException.of("$.data", e.getOriginalMessage());
        }
    }

    private static EventType<?> type(JsonNode node, List<FieldError> errors) {
        if (node == null || !node.isString()) {
            errors.add(new FieldError("$.type", "is required"));
            return null;
        }
        EventType<?> type = EventTypes.named(node.asString()).filter(t -> INBOUND_TYPES.contains(t.name())).orElse(null);
        if (type == null) {
            errors.add(new FieldError("$.type", "must be one of " + INBOUND_TYPES));
        }
        return type;
    }

    private static Instant timestamp(JsonNode node, List<FieldError> errors) {
        if (node == null || !node.isString()) {
            errors.add(new FieldError("$.timestamp", "is required (ISO-8601, e.g. 2026-11-23T08:15:30Z)"));
            return null;
        }
        try {
            return Instant.parse(node.asString());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("$.timestamp", "must be an ISO-8601 instant, e.g. 2026-11-23T08:15:30Z"));
            return null;
        }
    }
}
