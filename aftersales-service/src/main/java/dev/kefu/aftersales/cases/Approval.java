package dev.kefu.aftersales.cases;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A resolution whose amount is above the resolver's limit, waiting for a supervisor (the seeds: what exceeds an
 * agent's authority goes up). {@code amount} is what the buyer would get, {@code limit} the requester's own limit.
 * Nobody decides their own request.
 */
public record Approval(Outcome outcome, String resolution,
                       @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                       @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal limit,
                       String requestedBy, Instant requestedAt,
                       Decision decision, String decidedBy, Instant decidedAt, String reason) {

    /** PENDING until a supervisor decides; SUPERSEDED when the marketplace settled the case or someone closed it meanwhile. */
    public enum Decision { PENDING, APPROVED, DENIED, SUPERSEDED }

    static Approval requested(Outcome outcome, String resolution, BigDecimal amount, BigDecimal limit,
                              String requestedBy, Instant at) {
        return new Approval(outcome, resolution, amount, limit, requestedBy, at, Decision.PENDING,
                null, null, null);
    }

    Approval decided(Decision decision, String by, Instant at, String why) {
        return new Approval(outcome, resolution, amount, limit, requestedBy, requestedAt, decision, by, at,
                why);
    }

    boolean pending() {
        return decision == Decision.PENDING;
    }
}
