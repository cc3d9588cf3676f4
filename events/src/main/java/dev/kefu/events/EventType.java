package dev.kefu.events;

/**
 * One event type of the contract: its wire name (the {@code ce_type} header and the JSON schema's file name),
 * the topic it travels on and the record that carries it.
 */
public record EventType<T extends KefuEvent>(String name, String topic, Class<T> recordType) {

    public String schemaResource() {
        return "/schemas/" + name + ".json";
    }
}
