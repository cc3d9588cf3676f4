package dev.kefu.order.order;

/** Where an order is in the trade: 待付款 → 已付款 → 已发货 → 已签收 → 交易成功, or 交易关闭. */
public enum OrderStatus {
    CREATED, PAID, SHIPPED, DELIVERED, FINISHED, CLOSED;

    boolean isOpen() {
        return this != FINISHED && this != CLOSED;
    }
}
