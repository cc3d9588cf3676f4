package dev.kefu.conversation.conversation;

import dev.kefu.events.desk.SlaBreached;
import dev.kefu.platform.shop.ShopSettings;

import java.time.Duration;
import java.time.Instant;

/**
 * The person's response target for a waiting buyer: a first message (nobody has answered the buyer in this session,
 * i.e. since the conversation began or last closed) is to be
 * answered within the shop's {@code sla.first-response}, a later one within {@code sla.next-response}, both counted
 * in business hours from the buyer's oldest unanswered message. Kefu's own greeting does not stop this clock; only a
 * person's reply does.
 */
record ResponseTarget(SlaBreached.Target target, Duration length, Instant due) {

    /** The target of a conversation whose buyer waits since {@code since}; null when nobody waits. */
    static ResponseTarget of(Conversation c, ShopSettings.Resolved shop) {
        if (c.awaitingReplySince() == null) {
            return null;
        }
        boolean first = c.inNewSession();
        Duration length = first ? shop.sla().firstResponse() : shop.sla().nextResponse();
        return new ResponseTarget(first ? SlaBreached.Target.FIRST_RESPONSE : SlaBreached.Target.NEXT_RESPONSE, length,
                shop.businessHours().plusOpenTime(c.awaitingReplySince(), length, shop.timeZone()));
    }

    /** Whether it is breached at {@code now} and not yet reported for this waiting episode. */
    static boolean breachDue(Conversation c, ResponseTarget target, Instant now) {
        return target != null && !now.isBefore(target.due()) && c.responseBreachedAt() == null;
    }
}
