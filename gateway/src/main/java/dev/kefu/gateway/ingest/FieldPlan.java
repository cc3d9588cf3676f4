package dev.kefu.gateway.ingest;

import dev.kefu.events.EventSchemas;
import dev.kefu.events.EventType;
import dev.kefu.events.FieldLimits;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.text.PiiMasker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the gateway forwards of one type's {@code data}, read once from the type's JSON schema: the declared fields
 * (nothing else reaches Kafka), which of them are free texts (a {@code maxLength} of {@link FieldLimits#TEXT}:
 * cleaned and phone-masked) and which is an address (masked to its region); the same for the objects of its arrays.
 */
record FieldPlan(Map<String, Field> fields) {

    enum Kind { VALUE, TEXT, ADDRESS }

    /** One declared field; {@code items} is the plan of an array's objects, null for anything else. */
    record Field(Kind kind, FieldPlan items) {
    }

    static FieldPlan of(EventType<?> type) {
        try (InputStream in = EventSchemas.class.getResourceAsStream(type.schemaResource())) {
            if (in == null) {
                throw new IllegalStateException("no schema for " + type.name() + " at " + type.schemaResource());
            }
            return of(EventJson.mapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FieldPlan of(JsonNode objectSchema) {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> property : objectSchema.path("properties").properties()) {
            JsonNode schema = property.getValue();
            Kind kind = maxStringLength(schema) == FieldLimits.TEXT
                    ? "address".equals(property.getKey()) ? Kind.ADDRESS : Kind.TEXT
                    : Kind.VALUE;
            JsonNode items = schema.path("items");
            fields.put(property.getKey(), new Field(kind, items.has("properties") ? of(items) : null));
        }
        return new FieldPlan(Map.copyOf(fields));
    }

    private static int maxStringLength(JsonNode schema) {
        int max = schema.path("maxLength").asInt(-1);
        for (JsonNode variant : schema.path("anyOf")) {
            max = Math.max(max, variant.path("maxLength").asInt(-1));
        }
        return max;
    }

    /**
     * In one pass over {@code data}: removes every field this plan does not declare, naming it in {@code ignored}
     * ({@code items[].color} for one of an array's objects, once), cleans free texts and masks the address.
     * {@code shopId} is set by the gateway and never counts as ignored.
     */
    void forward(ObjectNode data, String path, List<String> ignored) {
        var properties = data.properties().iterator();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            Field field = fields.get(property.getKey());
            if (field == null) {
                properties.remove();
                String name = path + property.getKey();
                if (!ignored.contains(name)) {
                    ignored.add(name);
                }
                continue;
            }
            JsonNode value = property.getValue();
            if (field.kind() != Kind.VALUE && value.isString()) {
                String text = value.asString();
                String forwarded = field.kind() == Kind.ADDRESS
                        ? PiiMasker.maskAddress(FreeText.withoutControlCharacters(text))
                        : FreeText.clean(text);
                if (!forwarded.equals(text)) {
                    property.setValue(data.stringNode(forwarded));
                }
            } else if (field.items() != null && value.isArray()) {
                for (JsonNode item : value) {
                    if (item instanceof ObjectNode object) {
                        field.items().forward(object, path + property.getKey() + "[].", ignored);
                    }
                }
            }
        }
    }
}
