package dev.kefu.order.order;

import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * When a shop's 催付 reminder may go out: {@code after} an unpaid order's creation, and never in the shop's quiet
 * hours. {@code outsideQuietHours} maps an instant to itself when it lies outside them, else to the time they end.
 */
public record PaymentReminderPolicy(Duration after, UnaryOperator<Instant> outsideQuietHours) {

    /** The first instant at or after {@code at} that is not in quiet hours. */
    Instant notQuiet(Instant at) {
        return outsideQuietHours.apply(at);
    }
}
