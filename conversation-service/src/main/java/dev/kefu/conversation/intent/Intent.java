package dev.kefu.conversation.intent;

/**
 * What a buyer's chat message asks for, in the agent's terms (pre-sale, in-sale, after-sale, reviews). A message can
 * carry several; {@link #OTHER} is what is left when none of the others applies.
 */
public enum Intent {
    /** A bare hello (在吗, 안녕하세요, hi) with no question in it. */
    GREETING,
    /** Stock, size, material, colour, how to use, authenticity. */
    PRODUCT_QUESTION,
    /** 砍价 / 흥정: a lower price, a coupon, free shipping. */
    BARGAINING,
    /** The buyer cannot pay, or asks how to pay (花呗, card, 결제). */
    PAYMENT_TROUBLE,
    /** When the order will be sent (or how long until it arrives), before it has shipped. */
    SHIPPING_TIME,
    /** Where the parcel is: tracking, not arrived, delivered but missing. */
    LOGISTICS,
    /** Change the delivery address or recipient. */
    ADDRESS_CHANGE,
    /** Return, refund, exchange (七天无理由, 반품, 환불, 교환). */
    RETURN_REFUND,
    /** Anger, accusation or a threat (投诉, 12315, 差评, 신고, scam). */
    COMPLAINT,
    /** Thanks and satisfaction (好评, 만족, love it). */
    PRAISE,
    /** None of the above. */
    OTHER
}
