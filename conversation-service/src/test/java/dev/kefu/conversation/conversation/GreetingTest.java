package dev.kefu.conversation.conversation;

import dev.kefu.platform.shop.ShopSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The first-response rule with explicit instants: shop open 09:00-23:00 in Shanghai, 10 s target, 12 h window. */
class GreetingTest {

    private static final ShopSettings.Resolved SHOP = ShopSettings.of(Map.of()).of("shop-demo");
    private static final Instant WROTE = Instant.parse("2026-11-23T02:00:00Z"); // 10:00 in Shanghai

    @Test
    void aWaitingBuyerIsGreetedWhenTheTargetEndsNotBefore() {
        Conversation waiting = conversation(WROTE, null);

        assertThat(Greeting.due(waiting, SHOP, WROTE.plusSeconds(3)))
                .isEqualTo(new Greeting(Greeting.Kind.LATER, WROTE.plusSeconds(10)));
        assertThat(Greeting.due(waiting, SHOP, WROTE.plusSeconds(10)).kind()).isEqualTo(Greeting.Kind.GREETING);
    }

    @Test
    void anAnsweredBuyerOrOneGreetedWithinTheWindowIsNotGreetedAgain() {
        assertThat(Greeting.due(conversation(null, null), SHOP, WROTE.plusSeconds(10))).isEqualTo(Greeting.NONE);
        Conversation greetedThisMorning = conversation(WROTE, WROTE.minus(Duration.ofHours(2)));
        assertThat(Greeting.due(greetedThisMorning, SHOP, WROTE.plusSeconds(10))).isEqualTo(Greeting.NONE);
        assertThat(Greeting.checkAt(greetedThisMorning, SHOP, WROTE, WROTE)).isNull();
    }

    @Test
    void aBuyerGreetedBeforeTheWindowIsGreetedAgain() {
        Conversation greetedYesterday = conversation(WROTE, WROTE.minus(Duration.ofHours(13)));

        assertThat(Greeting.due(greetedYesterday, SHOP, WROTE.plusSeconds(10)).kind()).isEqualTo(Greeting.Kind.GREETING);
        assertThat(Greeting.checkAt(greetedYesterday, SHOP, WROTE, WROTE)).isEqualTo(WROTE.plusSeconds(10));
    }

    @Test
    void outsideBusinessHoursTheAwayMessageSaysWhenAgentsAreBack() {
        Instant night = Instant.parse("2026-11-23T17:00:00Z"); // 01:00 on the 24th in Shanghai
        Greeting away = Greeting.due(conversation(night, null), SHOP, night.plusSeconds(10));

        assertThat(away.kind()).isEqualTo(Greeting.Kind.AWAY);
        assertThat(away.at()).isEqualTo(Instant.parse("2026-11-24T01:00:00Z")); // 09:00 in Shanghai
        assertThat(away.scriptKey()).isEqualTo("away");
    }

    @Test
    void aMessageThatArrivesLateIsLookedAtAtOnceAndATargetOfZeroGreetsAtOnce() {
        assertThat(Greeting.checkAt(null, SHOP, WROTE, WROTE.plusSeconds(60))).isEqualTo(WROTE.plusSeconds(60));
        ShopSettings.Resolved instant = ShopSettings.of(Map.of("s", new ShopSettings.Shop(null, null, null, null, null,
                null, null, null, Duration.ZERO, null, null, null, null, null, null, null, null, null, null))).of("s");
        assertThat(Greeting.due(conversation(WROTE, null), instant, WROTE).kind()).isEqualTo(Greeting.Kind.GREETING);
    }

    private static Conversation conversation(Instant awaitingSince, Instant lastGreetedAt) {
        return new Conversation("shop-demo:b1", "shop-demo", "b1", "taobao", "zh", awaitingSince, awaitingSince,
                awaitingSince, null, lastGreetedAt, null, false, null, null, null, null, null, null, null, 0L, null);
    }
}
