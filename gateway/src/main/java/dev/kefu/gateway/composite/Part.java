package dev.kefu.gateway.composite;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.stream.StreamSupport;

/** One downstream answer of a composite view: its JSON, "that service has nothing" (404), or "it did not answer". */
record Part(String service, JsonNode json, State state) {

    enum State { FOUND, ABSENT, FAILED }

    static Part found(String service, JsonNode json) {
        return new Part(service, json, State.FOUND);
    }

    static Part absent(String service) {
        return new Part(service, null, State.ABSENT);
    }

    static Part failed(String service) {
        return new Part(service, null, State.FAILED);
    }

    /** The answer's elements when it is a JSON array; none otherwise (absent, failed, or not a list). */
    List<JsonNode> elements() {
        if (json == null || !json.isArray()) {
            return List.of();
        }
        return StreamSupport.stream(json.spliterator(), false).toList();
    }

    boolean hasContent() {
        return state == State.FOUND && json != null && !(json.isArray() && json.isEmpty());
    }
}
