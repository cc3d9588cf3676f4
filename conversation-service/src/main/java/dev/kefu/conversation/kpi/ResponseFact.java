package dev.kefu.conversation.kpi;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * A person's reply that ended a buyer's wait: who answered whom, how long the buyer had waited (elapsed time, as the
 * marketplace counts its 3-minute response rate), and whether it was the first reply the buyer got. The id is the
 * reply's message id, so storing it again changes nothing. The response-time KPIs are computed from these.
 */
@Document(ResponseFact.COLLECTION)
@CompoundIndex(name = "shop_answered", def = "{'shopId': 1, 'answeredAt': 1}")
public record ResponseFact(@Id String id, String shopId, String agentId, String buyerId, Instant waitingSince,
                           Instant answeredAt, long waitedMillis, boolean first) {

    public static final String COLLECTION = "response_facts";
}
