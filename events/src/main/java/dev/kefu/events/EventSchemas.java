package dev.kefu.events;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schema of every event type (resources {@code /schemas/<type>.json}). The gateway validates webhook
 * payloads with it and the contract tests validate the golden fixtures, so both read the same rules.
 */
public final class EventSchemas {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** One violation: the JSON path of the offending field (e.g. {@code $.orderId}) and why. */
    public record Violation(String field, String reason) {
    }

    /** The violations of {@code instance} against {@code type}'s schema, ordered by field; empty when valid. */
    public static List<Violation> validate(EventType<?> type, JsonNode instance) {
        return schema(type).validate(instance, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)))
                .stream()
                .map(EventSchemas::violation)
                .distinct()
                .sorted(Comparator.comparing(Violation::field))
                .toList();
    }

    private static Violation violation(Error error) {
        // The validator reports JSON pointers ("/items/0/sku"); clients read JSONPath ("$.items.0.sku").
        String field = "$" + error.getInstanceLocation().toString().replace('/', '.');
        // "required" reports the parent object; name the missing field itself.
        if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
            field = field + "." + error.getProperty();
        }
        return new Violation(field, error.getMessage());
    }

    private static Schema schema(EventType<?> type) {
        return SCHEMAS.computeIfAbsent(type.name(), name -> {
            try (InputStream in = EventSchemas.class.getResourceAsStream(type.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException("no schema for " + name + " at " + type.schemaResource());
                }
                return REGISTRY.getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
