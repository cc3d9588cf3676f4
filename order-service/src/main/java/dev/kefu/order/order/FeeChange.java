package dev.kefu.order.order;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A price or shipping-fee change (改价) an agent asked for on an unpaid order. Kefu cannot change the marketplace: the
 * integration applies it there and confirms with {@code order.fee-modified}, which makes it {@link Status#CONFIRMED}.
 *
 * @param requestId      this change's id, also in {@code order-fee-change-requested}
 * @param idempotencyKey the {@code Idempotency-Key} the desk sent with it, if any: a retry with it answers this change
 * @param previousTotal  the order's total when the change was asked for
 * @param approvedBy     the supervisor (or admin) who asked for it, when it needed more than an agent may give
 * @param settledAt      when it was confirmed, superseded or lapsed
 */
public record FeeChange(String requestId, String idempotencyKey,
                        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal previousTotal,
                        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal newTotal,
                        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal shippingFee,
                        String reason, String agentId, String approvedBy, Instant requestedAt, Status status,
                        Instant settledAt) {

    public enum Status {
        /** Published to the integration; the marketplace has not confirmed it yet. */
        REQUESTED,
        /** The marketplace reported the new total ({@code order.fee-modified}, or the buyer paid exactly it). */
        CONFIRMED,
        /** A later change replaced it before the marketplace confirmed it. */
        SUPERSEDED,
        /** The order was paid at another total, or closed, before the change took effect. */
        LAPSED
    }

    /** What the desk asked for: the request the policy judges. */
    public record Request(String requestId, String idempotencyKey, BigDecimal newTotal, BigDecimal shippingFee,
                          String reason, String agentId, boolean supervisor, Instant at) {
    }

    /** Whether {@code request} asks for the same change (a retry under the same idempotency key). */
    boolean answers(Request request) {
        return newTotal.compareTo(request.newTotal()) == 0
                && (shippingFee == null ? request.shippingFee() == null
                : request.shippingFee() != null && shippingFee.compareTo(request.shippingFee()) == 0)
                && Objects.equals(reason, request.reason());
    }

    boolean pending() {
        return status == Status.REQUESTED;
    }

    FeeChange settled(Status outcome, Instant at) {
        return new FeeChange(requestId, idempotencyKey, previousTotal, newTotal, shippingFee, reason, agentId,
                approvedBy, requestedAt, outcome, at);
    }
}
