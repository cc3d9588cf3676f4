package dev.kefu.gateway.composite;

import tools.jackson.databind.JsonNode;

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

    boolean hasContent() {
        return state == State.FOUND && json != null && !(json.isArray() && json.isEmpty());
    }
}
