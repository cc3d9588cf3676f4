package dev.kefu.order.order;

/** Marketplace input that contradicts the order's history (e.g. a price change after payment): never applicable. */
public class OrderRuleViolation extends RuntimeException {

    public OrderRuleViolation(String message) {
        super(message);
    }
}
