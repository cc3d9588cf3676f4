package dev.kefu.platform.shop;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShopSettingsTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void aShopsOwnValuesWinAndGapsComeFromTheDefaults() {
        ShopSettings.Shop demo = new ShopSettings.Shop("客服演示店", "小美", "8", null, null, null, null, null,
                Duration.ZERO, null, true, URI.create("http://127.0.0.1:9/hook"), null, "whsec_x",
                new ShopSettings.FeePolicy(new BigDecimal("5"), null, null),
                new ShopSettings.Sla(Duration.ofMinutes(2), null, new ShopSettings.Resolution(null, Duration.ofHours(12), null, null, null, null), null), null,
                null, null);
        ShopSettings settings = ShopSettings.of(Map.of("shop-demo", demo));

        ShopSettings.Resolved resolved = settings.of("shop-demo");
        assertThat(resolved.name()).isEqualTo("客服演示店");
        assertThat(resolved.agentNumber()).isEqualTo("8");
        assertThat(resolved.language()).isEqualTo("zh");
        assertThat(resolved.firstResponseTarget()).isZero();
        assertThat(resolved.greetingWindow()).isEqualTo(Duration.ofHours(12));
        assertThat(resolved.autoAnswerLogistics()).isTrue();
        assertThat(resolved.deliveryUrl()).contains(URI.create("http://127.0.0.1:9/hook"));
        assertThat(resolved.webhookSecret()).contains("whsec_x");
        assertThat(resolved.fees().agentMaxDiscount()).isEqualByComparingTo("5");
        assertThat(resolved.fees().supervisorMaxDiscount()).isEqualByComparingTo("100");
        assertThat(resolved.sla().firstResponse()).isEqualTo(Duration.ofMinutes(2));
        assertThat(resolved.sla().nextResponse()).isEqualTo(Duration.ofMinutes(3));
        assertThat(resolved.sla().resolution().of("REFUND")).isEqualTo(Duration.ofHours(12));
        assertThat(resolved.sla().resolution().of("COMPLAINT")).isEqualTo(Duration.ofHours(24));
        assertThat(resolved.sla().followUpAfter()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void returningBuyersAreRecognisedFromTheShopsThresholdAndOfferedItsBenefitPerLanguage() {
        ShopSettings.Shop defaults = shop(new ShopSettings.Returning(2, Map.of("en", "free gift wrapping")));
        ShopSettings.Shop own = shop(new ShopSettings.Returning(null, Map.of("zh", "老顾客专享：本单送小样")));
        ShopSettings settings = new ShopSettings(defaults, Map.of("shop-bags", own));

        ShopSettings.Returning bags = settings.of("shop-bags").returning();
        assertThat(bags.minPaidOrders()).isEqualTo(2); // from kefu.shop-defaults
        assertThat(bags.recognises(1)).isFalse();
        assertThat(bags.recognises(2)).isTrue();
        assertThat(bags.benefitIn("zh")).isEqualTo("老顾客专享：本单送小样");
        assertThat(bags.benefitIn("en")).isEqualTo("free gift wrapping");
        assertThat(bags.benefitIn("ko")).isEqualTo("단골 고객님의 주문은 우선 발송해 드립니다"); // built in
        assertThat(bags.benefitIn("ja")).isEqualTo("老顾客专享：本单送小样"); // Chinese where none

        ShopSettings.Returning builtIn = ShopSettings.of(Map.of()).of("shop-x").returning();
        assertThat(builtIn.minPaidOrders()).isEqualTo(3);
        assertThat(builtIn.recognises(2)).isFalse();
        assertThat(builtIn.recognises(3)).isTrue();
    }

    private static ShopSettings.Shop shop(ShopSettings.Returning returning) {
        return new ShopSettings.Shop(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, returning, null, null);
    }

    @Test
    void openTimeSkipsTheHoursTheShopIsClosed() {
        DailyHours open = DailyHours.parse("09:00-23:00");
        Instant tenToEleven = Instant.parse("2026-11-23T14:50:00Z"); // 22:50 in Shanghai
        Instant night = Instant.parse("2026-11-23T16:30:00Z"); // 00:30 on the 24th

        assertThat(open.plusOpenTime(Instant.parse("2026-11-23T04:00:00Z"), Duration.ofMinutes(3), SHANGHAI))
                .isEqualTo(Instant.parse("2026-11-23T04:03:00Z"));
        // 10 minutes before closing, 15 after the next opening
        assertThat(open.plusOpenTime(tenToEleven, Duration.ofMinutes(25), SHANGHAI))
                .isEqualTo(Instant.parse("2026-11-24T01:15:00Z"));
        assertThat(open.plusOpenTime(night, Duration.ofMinutes(3), SHANGHAI))
                .isEqualTo(Instant.parse("2026-11-24T01:03:00Z"));
        // two whole business days and an hour
        assertThat(open.plusOpenTime(Instant.parse("2026-11-23T01:00:00Z"), Duration.ofHours(29), SHANGHAI))
                .isEqualTo(Instant.parse("2026-11-25T02:00:00Z"));
    }

    @Test
    void anUnknownShopGetsTheDefaultsUnderItsOwnIdAndNoSecret() {
        ShopSettings.Resolved other = ShopSettings.of(Map.of()).of("shop-x");
        assertThat(other.name()).isEqualTo("shop-x");
        assertThat(other.webhookSecret()).isEmpty();
        assertThat(other.deliveryUrl()).isEmpty();
        assertThat(other.paymentReminderAfter()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void hoursOverMidnightContainTheNightAndKnowWhenTheyEnd() {
        DailyHours quiet = DailyHours.parse("22:00-08:00");
        Instant lateEvening = Instant.parse("2026-11-23T15:30:00Z"); // 23:30 in Shanghai
        Instant noon = Instant.parse("2026-11-23T04:00:00Z");

        assertThat(quiet.contains(lateEvening, SHANGHAI)).isTrue();
        assertThat(quiet.contains(noon, SHANGHAI)).isFalse();
        assertThat(quiet.nextClosing(lateEvening, SHANGHAI)).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(quiet.nextClosing(noon, SHANGHAI)).isEqualTo(noon);
    }

    @Test
    void businessHoursKnowWhenTheyOpenNext() {
        DailyHours open = DailyHours.parse("09:00-23:00");
        Instant night = Instant.parse("2026-11-23T16:30:00Z"); // 00:30 on the 24th in Shanghai
        Instant evening = Instant.parse("2026-11-23T15:30:00Z"); // 23:30, just closed

        assertThat(open.contains(night, SHANGHAI)).isFalse();
        assertThat(open.nextOpening(night, SHANGHAI)).isEqualTo(Instant.parse("2026-11-24T01:00:00Z"));
        assertThat(open.nextOpening(evening, SHANGHAI)).isEqualTo(Instant.parse("2026-11-24T01:00:00Z"));
        assertThat(open.nextOpening(Instant.parse("2026-11-24T02:00:00Z"), SHANGHAI))
                .isEqualTo(Instant.parse("2026-11-24T02:00:00Z"));
    }

    @Test
    void aShopWithHoursThatCannotBeReadIsRefusedNamingTheProperty() {
        ShopSettings.Shop broken = new ShopSettings.Shop(null, null, null, null, null, "9 to 5", null, null, null, null,
                null, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> ShopSettings.of(Map.of("shop-x", broken)))
                .hasMessageStartingWith("kefu.shops.shop-x.business-hours: ");
    }

    @Test
    void malformedHoursAreRefusedWithTheExpectedShape() {
        assertThatThrownBy(() -> DailyHours.parse("9 to 5")).hasMessageContaining("09:00-23:00");
        assertThatThrownBy(() -> DailyHours.parse("09:00-09:00")).hasMessageContaining("different end");
    }

    @Test
    void automaticCasesAndAuthorityFallBackToTheBuiltInsFieldByField() {
        ShopSettings.Shop own = new ShopSettings.Shop(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, new ShopSettings.AutoCases(null, List.of("PARCEL_LOST"), false),
                new ShopSettings.Authority(new BigDecimal("10"), null));
        ShopSettings.Resolved resolved = ShopSettings.of(Map.of("shop-x", own)).of("shop-x");
        assertThat(resolved.autoCases().opensLogisticsCase("PARCEL_LOST")).isTrue();
        assertThat(resolved.autoCases().opensLogisticsCase("TRACKING_STALLED")).isFalse();
        assertThat(resolved.autoCases().reviewRecovery()).isFalse();
        assertThat(resolved.authority().agentLimit()).isEqualByComparingTo("10");
        assertThat(resolved.authority().supervisorLimit()).isEqualByComparingTo("500");

        ShopSettings.Resolved builtIn = ShopSettings.of(Map.of()).of("shop-y");
        assertThat(builtIn.autoCases().opensLogisticsCase("CARRIER_FAILED")).isTrue();
        assertThat(builtIn.autoCases().opensLogisticsCase("SHIP_BY_MISSED")).isFalse();
        assertThat(builtIn.sla().resolution().of("LOGISTICS")).isEqualTo(Duration.ofHours(48));
        assertThat(builtIn.sla().resolution().of("REVIEW_RECOVERY")).isEqualTo(Duration.ofHours(48));
    }
}
