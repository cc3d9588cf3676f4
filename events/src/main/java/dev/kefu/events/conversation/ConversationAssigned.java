package dev.kefu.events.conversation;

import dev.kefu.events.Fields;
import dev.kefu.events.KefuEvent;

import java.time.Instant;

/**
 * Who answers a buyer changed: routed to an online agent, transferred by a supervisor, or released (the agent went
 * offline, or the conversation closed). {@code agentId} is null when released; {@code previousAgentId} when it had
 * none. Keyed by buyer, so one conversation's assignments stay in order.
 */
public record ConversationAssigned(
        String shopId,
        String buyerId,
        String agentId,
        String previousAgentId,
        Reason reason,
        String role,
        String by,
        Instant at) implements KefuEvent {

    /** ROUTED by Kefu, TRANSFERRED by a supervisor, RELEASED when the agent left, CLOSED with the conversation. */
    public enum Reason { ROUTED, TRANSFERRED, RELEASED, CLOSED }

    public ConversationAssigned {
        Fields.text(shopId, "shopId");
        Fields.text(buyerId, "buyerId");
        Fields.present(reason, "reason");
        Fields.present(at, "at");
    }

    @Override
    public String key() {
        return buyerId;
    }
}
