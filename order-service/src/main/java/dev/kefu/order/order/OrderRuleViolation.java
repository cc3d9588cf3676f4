package dev.kefu.order.order;

/**
 * Input that contradicts the order's history or state: marketplace input that can never apply (e.g. a price change
 * after payment, dead-lettered at once), or a desk request the order's state does not allow (answered 409).
 */
public class OrderRuleViolation extends RuntimeException {

    private final OrderStatus status;

    public OrderRuleViolation(String message) {
        this(message, null);
    }

    public OrderRuleViolation(String message, OrderStatus status) {
        super(message);
        this.status = status;
    }

    /** The order's status that did not allow it, when that is the reason. */
    public OrderStatus status() {
        return status;
    }
}
