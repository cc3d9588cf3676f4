package dev.kefu.order.customer;

import dev.kefu.platform.outbox.AppliedEvents;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import java.util.List;

/**
 * How a customer file is stored: {@code _id} = {@code shop|buyer} (read by {@code _id} only, never searched), the
 * file, and the ids of the {@code order-paid} events it counted. A buyer's paid orders are each one event id, and the
 * latest {@value #REMEMBERED_EVENT_IDS} are kept, so a redelivery (or a replay of the topic) of any of a buyer's last
 * 200 orders counts nothing twice.
 */
@Document(CustomerFileDocument.COLLECTION)
record CustomerFileDocument(@Id String id, @Version Long version, CustomerFile file, List<String> appliedEventIds) {

    static final String COLLECTION = "customer_files";
    static final int REMEMBERED_EVENT_IDS = 200;

    CustomerFileDocument {
        appliedEventIds = appliedEventIds == null ? List.of() : appliedEventIds;
    }

    static CustomerFileDocument empty(String shopId, String buyerId) {
        return new CustomerFileDocument(CustomerFile.idOf(shopId, buyerId), null, CustomerFile.empty(shopId, buyerId),
                List.of());
    }

    boolean hasApplied(String eventId) {
        return appliedEventIds.contains(eventId);
    }

    CustomerFileDocument next(CustomerFile file, String eventId) {
        return new CustomerFileDocument(id, version, file,
                AppliedEvents.remember(appliedEventIds, eventId, REMEMBERED_EVENT_IDS));
    }
}
