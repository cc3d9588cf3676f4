package dev.kefu.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** An immutable fact on a Kafka topic. Every event belongs to one shop; its key keeps one aggregate's events ordered. */
public interface KefuEvent {

    String shopId();

    /** The Kafka record key: the id of the aggregate this event is about (order id, case id, review id...). */
    @JsonIgnore
    String key();
}
