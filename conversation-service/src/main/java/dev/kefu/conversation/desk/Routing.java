package dev.kefu.conversation.desk;

import dev.kefu.conversation.intent.Intent;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Who serves a waiting buyer: return, refund and complaint talk (or an after-sales case opened for the buyer) goes
 * to after-sale agents, everything else to pre-sale agents. When no agent of that role is online at all, the other
 * role takes the buyer rather than nobody (a shop with only pre-sale agents on shift still answers a refund
 * question); a role that is online but full makes the buyer wait for it. Supervisors are never routed buyers.
 */
public final class Routing {

    /** Capacity an agent may set: 0 (takes no new buyers, keeps the open ones) up to this. */
    public static final int MAX_CAPACITY = 50;

    private Routing() {
    }

    /** The role a buyer who wrote with these intents is to be served by, given the conversation's role so far. */
    public static DeskRole routeOf(DeskRole current, Collection<Intent> intents) {
        if (current == DeskRole.AFTER_SALE || intents.contains(Intent.RETURN_REFUND) || intents.contains(Intent.COMPLAINT)) {
            return DeskRole.AFTER_SALE;
        }
        return DeskRole.PRE_SALE;
    }

    /** The roles to look for a free agent in, given the roles that have someone online now. */
    public static List<DeskRole> servedBy(DeskRole route, Set<DeskRole> onlineRoles) {
        DeskRole other = route == DeskRole.AFTER_SALE ? DeskRole.PRE_SALE : DeskRole.AFTER_SALE;
        return onlineRoles.contains(route) ? List.of(route) : List.of(other);
    }

    /** Why a presence cannot be set, or null when it can. */
    public static String invalidCapacity(int capacity) {
        return capacity < 0 || capacity > MAX_CAPACITY ? "must be between 0 and " + MAX_CAPACITY : null;
    }
}
