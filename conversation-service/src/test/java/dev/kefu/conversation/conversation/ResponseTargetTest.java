package dev.kefu.conversation.conversation;

import dev.kefu.events.desk.SlaBreached;
import dev.kefu.platform.shop.ShopSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseTargetTest {

    /** The built-in shop: Shanghai, open 09:00-23:00, 3 minutes for a first and for a next reply. */
    private static final ShopSettings.Resolved SHOP = ShopSettings.of(Map.of()).of("shop-demo");
    private static final Instant NOON = Instant.parse("2026-11-23T04:00:00Z"); // 12:00 in Shanghai
    private static final Instant LATE = Instant.parse("2026-11-23T14:59:00Z"); // 22:59, a minute before closing

    @Test
    void aFirstMessageIsDueThreeMinutesOfBusinessTimeLaterAndALaterOneTheNextTarget() {
        ResponseTarget first = ResponseTarget.of(conversation(NOON, null, null), SHOP);
        assertThat(first.target()).isEqualTo(SlaBreached.Target.FIRST_RESPONSE);
        assertThat(first.due()).isEqualTo(NOON.plus(Duration.ofMinutes(3)));

        ResponseTarget next = ResponseTarget.of(conversation(NOON, NOON.minusSeconds(600), null), SHOP);
        assertThat(next.target()).isEqualTo(SlaBreached.Target.NEXT_RESPONSE);
        assertThat(next.length()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void theHoursTheShopIsClosedDoNotCount() {
        // one minute before closing, two after the next opening (09:00 = 01:00 UTC)
        assertThat(ResponseTarget.of(conversation(LATE, null, null), SHOP).due())
                .isEqualTo(Instant.parse("2026-11-24T01:02:00Z"));
    }

    @Test
    void aBreachIsDueOnlyOnceTheTargetHasPassedAndOnlyOncePerWait() {
        Conversation waiting = conversation(NOON, null, null);
        ResponseTarget target = ResponseTarget.of(waiting, SHOP);
        assertThat(ResponseTarget.breachDue(waiting, target, target.due().minusMillis(1))).isFalse();
        assertThat(ResponseTarget.breachDue(waiting, target, target.due())).isTrue();
        assertThat(ResponseTarget.breachDue(conversation(NOON, null, target.due()), target, target.due().plusSeconds(9)))
                .isFalse();
        assertThat(ResponseTarget.of(conversation(null, NOON, null), SHOP)).isNull();
    }

    private static Conversation conversation(Instant waitingSince, Instant lastAgentReplyAt, Instant breachedAt) {
        return new Conversation("shop-demo:b1", "shop-demo", "b1", "taobao", "zh", waitingSince, waitingSince,
                waitingSince, lastAgentReplyAt, null, null, false, null, breachedAt, null, null, null, null, null, 0L, null);
    }
}
