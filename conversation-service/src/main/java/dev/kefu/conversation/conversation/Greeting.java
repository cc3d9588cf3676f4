package dev.kefu.conversation.conversation;

import dev.kefu.platform.shop.ShopSettings;

import java.time.Instant;

/**
 * The seeds' first rule: a buyer who writes hears from the shop within seconds. Decides, from a conversation's
 * state alone, what a waiting buyer is due: nothing (someone answered, or greeted them within the shop's greeting
 * window), nothing yet (the first-response target has not come), the shop's greeting, or, outside business hours,
 * the away message saying when agents are back.
 */
record Greeting(Kind kind, Instant at) {

    enum Kind { NONE, LATER, GREETING, AWAY }

    static final Greeting NONE = new Greeting(Kind.NONE, null);

    static Greeting due(Conversation c, ShopSettings.Resolved shop, Instant now) {
        if (c.awaitingReplySince() == null || greetedWithin(c, shop, now)) {
            return NONE;
        }
        Instant target = c.awaitingReplySince().plus(shop.firstResponseTarget());
        if (now.isBefore(target)) {
            return new Greeting(Kind.LATER, target);
        }
        return shop.businessHours().contains(now, shop.timeZone())
                ? new Greeting(Kind.GREETING, now)
                : new Greeting(Kind.AWAY, shop.businessHours().nextOpening(now, shop.timeZone()));
    }

    /** When to look at a buyer who just wrote (the end of the target, at once if it passed), unless greeted lately. */
    static Instant checkAt(Conversation existing, ShopSettings.Resolved shop, Instant sentAt, Instant now) {
        if (existing != null && greetedWithin(existing, shop, now)) {
            return null;
        }
        Instant target = sentAt.plus(shop.firstResponseTarget());
        return target.isAfter(now) ? target : now;
    }

    static boolean greetedWithin(Conversation c, ShopSettings.Resolved shop, Instant now) {
        return c.lastGreetedAt() != null && c.lastGreetedAt().isAfter(now.minus(shop.greetingWindow()));
    }

    String scriptKey() {
        return kind == Kind.AWAY ? "away" : "greeting";
    }

    /** The {@code message-outbound} cause. */
    String cause() {
        return kind == Kind.AWAY ? "away" : "greeting";
    }
}
