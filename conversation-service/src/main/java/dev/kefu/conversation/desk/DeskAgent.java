package dev.kefu.conversation.desk;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * An agent at the desk: presence, role and capacity (conversations open at once), with {@code assigned} (how many
 * are open now) and {@code free} (capacity minus assigned), kept by atomic increments so that replicas routing at
 * the same time never give an agent more than their capacity. {@code lastAssignedAt} spreads buyers over agents
 * with equal free capacity (the one waiting longest for a buyer goes first). {@code seenAt}: the agent's last sign of
 * life (a presence change or a heartbeat from their desk); an agent not seen for the presence TTL is taken offline.
 */
@Document(DeskAgent.COLLECTION)
@CompoundIndexes({
        @CompoundIndex(name = "shop_routing", def = "{'shopId': 1, 'status': 1, 'role': 1, 'free': -1}"),
        @CompoundIndex(name = "shop_agent", def = "{'shopId': 1, 'agentId': 1}")})
public record DeskAgent(@Id String id, String shopId, String agentId, Presence status, DeskRole role, int capacity,
                        int assigned, int free, Instant statusSince, Instant lastAssignedAt, Instant updatedAt,
                        Instant seenAt) {

    public static final String COLLECTION = "desk_agents";

    /** When the agent was last seen: a desk stored before heartbeats counts from its last change. */
    public Instant lastSeen() {
        return seenAt != null ? seenAt : updatedAt;
    }

    public static String idOf(String shopId, String agentId) {
        return shopId + ":" + agentId;
    }
}
