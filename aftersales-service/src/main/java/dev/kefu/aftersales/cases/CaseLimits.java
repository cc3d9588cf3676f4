package dev.kefu.aftersales.cases;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The shop's authority limits ({@code authority.agent-limit}, {@code authority.supervisor-limit}): the compensation or
 * refund a person of each role grants on their own. Above it, a supervisor other than the requester approves.
 */
public record CaseLimits(BigDecimal agent, BigDecimal supervisor) {

    public CaseLimits {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(supervisor, "supervisor");
    }

    BigDecimal of(Actor actor) {
        return actor.supervisor() ? supervisor : agent;
    }
}
