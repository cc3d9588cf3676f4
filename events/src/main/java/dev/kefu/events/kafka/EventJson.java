package dev.kefu.events.kafka;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapping of the contract: ISO-8601 instants, decimal strings for money, unknown fields ignored. */
public final class EventJson {

    // Ignoring unknown fields is what makes "adding an optional field" a compatible change for old consumers.
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }
}
