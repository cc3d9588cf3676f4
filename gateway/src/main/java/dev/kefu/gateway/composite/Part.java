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

    /**
     * The answer's elements: a JSON array's, or a page's ({@code {items, next}}, e.g. {@code /api/cases}; only its
     * first page is read); none otherwise (absent, failed, or not a list).
     */
    List<JsonNode> elements() {
        JsonNode list = isPage() ? json.get("items") : json;
        if (list == null || !list.isArray()) {
            return List.of();
        }
        return StreamSupport.stream(list.spliterator(), false).toList();
    }

    /** Found, and not an empty list (nor an empty page). */
    boolean hasContent() {
        return state == State.FOUND && json != null && !((json.isArray() || isPage()) && elements().isEmpty());
    }

    private boolean isPage() {
        return json != null && json.isObject() && json.path("items").isArray();
    }
}
