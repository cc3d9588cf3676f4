package dev.kefu.conversation.conduct;

/** What an agent must never do in a reply to a buyer (from the seeds' rules for agents). */
public enum Rule {
    /** Insult or argue with the buyer: 傻, 滚, 爱买不买, 별로면 사지 마세요, stupid, that's your problem. */
    INSULT,
    /** Interrogate the buyer: 为什么不买, 왜 안 사세요, why don't you buy. */
    INTERROGATION,
    /** Offer money, a refund, a gift or cashback for a review: 好评返现, 리뷰 써주시면 적립금, gift for a 5-star review. */
    PAID_REVIEW,
    /** Move the buyer off the platform: a phone number, a WeChat/QQ/KakaoTalk/WhatsApp id, an e-mail address. */
    OFF_PLATFORM
}
