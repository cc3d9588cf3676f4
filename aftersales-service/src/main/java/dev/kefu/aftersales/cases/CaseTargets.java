package dev.kefu.aftersales.cases;

import dev.kefu.events.aftersales.ComplaintOpened;

import java.time.Duration;
import java.util.Objects;

/**
 * A shop's after-sales targets (its {@code sla.resolution.*} and {@code sla.follow-up-after} settings): how long a case
 * of each kind may take to be resolved, in calendar time, and how long after its resolution the follow-up visit (回访)
 * falls due.
 */
public record CaseTargets(Duration complaint, Duration refund, Duration returns, Duration exchange,
                          Duration logistics, Duration reviewRecovery, Duration followUpAfter) {

    public CaseTargets {
        Objects.requireNonNull(complaint, "complaint");
        Objects.requireNonNull(refund, "refund");
        Objects.requireNonNull(returns, "returns");
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(logistics, "logistics");
        Objects.requireNonNull(reviewRecovery, "reviewRecovery");
        Objects.requireNonNull(followUpAfter, "followUpAfter");
    }

    /** The resolution target of a case kind. */
    public Duration resolution(ComplaintOpened.Kind kind) {
        return switch (kind) {
            case COMPLAINT -> complaint;
            case REFUND -> refund;
            case RETURN -> returns;
            case EXCHANGE -> exchange;
            case LOGISTICS -> logistics;
            case REVIEW_RECOVERY -> reviewRecovery;
        };
    }
}
