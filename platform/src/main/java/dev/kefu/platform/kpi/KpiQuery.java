package dev.kefu.platform.kpi;

import dev.kefu.platform.security.Agent;
import dev.kefu.platform.web.Requests;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.time.Instant;

/**
 * What {@code GET /api/kpis?from=&to=[&agentId=]} asks, checked the same way by every service and the gateway: a
 * period {@code [from, to)} of at most {@link #MAX_PERIOD}, and whose figures. Supervisors see the shop and every
 * agent; an agent sees only their own figures ({@code agentId} is then theirs, given or not; another's is a 403).
 */
public record KpiQuery(String shopId, Instant from, Instant to, String agentId, boolean wholeShop) {

    public static final Duration MAX_PERIOD = Duration.ofDays(93);

    /** The query of {@code caller}; a 400 naming each bad parameter, a 403 for another agent's figures. */
    public static KpiQuery of(Agent caller, String from, String to, String agentId) {
        Requests check = Requests.check();
        Instant start = check.requiredInstant("from", from);
        Instant end = check.requiredInstant("to", to);
        if (start != null && end != null) {
            check.rule(start.isBefore(end), "to", "must be after from");
            check.rule(!end.isAfter(start.plus(MAX_PERIOD)), "to", "the period is at most " + MAX_PERIOD.toDays() + " days");
        }
        String agent = check.optionalText("agentId", agentId);
        check.orThrow();
        if (!caller.isSupervisor()) {
            if (agent != null && !agent.equals(caller.agentId())) {
                throw new ResponseStatusException(HttpStatus.FORBIDDEN, "an agent sees only their own figures");
            }
            return new KpiQuery(caller.shopId(), start, end, caller.agentId(), false);
        }
        return new KpiQuery(caller.shopId(), start, end, agent, agent == null);
    }

    /** Whether the figures of {@code agent} belong in the answer. */
    public boolean includes(String agent) {
        return agent != null && (agentId == null || agentId.equals(agent));
    }

    /** Whether {@code at} lies in the period. */
    public boolean covers(Instant at) {
        return at != null && !at.isBefore(from) && at.isBefore(to);
    }
}
