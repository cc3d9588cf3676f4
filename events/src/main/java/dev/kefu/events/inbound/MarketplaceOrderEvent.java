package dev.kefu.events.inbound;

/** Marketplace input about one order: keyed by the order id so that order's events stay in sequence. */
public interface MarketplaceOrderEvent extends MarketplaceEvent {

    String orderId();

    @Override
    default String key() {
        return orderId();
    }
}
