package dev.kefu.events;

/**
 * The bounds every canonical inbound schema sets, so nothing a marketplace sends can grow a record beyond what a
 * consumer (or Kafka) takes: the schemas carry them as {@code maxLength} / {@code maxItems} and the contract test
 * checks that every string and array of an inbound schema is bounded by one of these.
 */
public final class FieldLimits {

    /** Identifiers (orderId, buyerId, messageId, trackingNo, platform, sku...): characters, no control characters. */
    public static final int ID = 128;
    /** Free texts (chat text, review content, reasons, descriptions, addresses, item titles): characters. */
    public static final int TEXT = 10_000;
    /** Arrays (an order's items). */
    public static final int ITEMS = 200;
    /** Amounts as decimal strings. */
    public static final int AMOUNT = 32;
    /** ISO-8601 instants. */
    public static final int INSTANT = 64;

    private FieldLimits() {
    }
}
