package dev.kefu.events.desk;

import dev.kefu.events.Fields;
import dev.kefu.events.KefuEvent;

import java.time.Instant;

/**
 * A service-level target passed unmet: once per breach. {@code ref} is what it is about (the buyer's conversation id
 * for response targets, the case id for resolution); {@code dueAt} when the target fell due, {@code overSeconds} by how
 * much it was missed when noticed, {@code agentId} who was assigned (null when nobody was).
 */
public record SlaBreached(
        String shopId,
        Target target,
        String ref,
        String buyerId,
        String caseKind,
        String agentId,
        long targetSeconds,
        Instant since,
        Instant dueAt,
        long overSeconds,
        Instant at) implements KefuEvent {

    /** FIRST_RESPONSE and NEXT_RESPONSE by a person to a waiting buyer; RESOLUTION of an after-sales case. */
    public enum Target { FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION }

    public SlaBreached {
        Fields.text(shopId, "shopId");
        Fields.present(target, "target");
        Fields.text(ref, "ref");
        Fields.text(buyerId, "buyerId");
        Fields.present(since, "since");
        Fields.present(dueAt, "dueAt");
        Fields.present(at, "at");
    }

    @Override
    public String key() {
        return ref;
    }
}
