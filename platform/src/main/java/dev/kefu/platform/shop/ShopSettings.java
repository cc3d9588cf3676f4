package dev.kefu.platform.shop;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each shop's settings, {@code kefu.shops.<shopId>.*}, over {@code kefu.shop-defaults.*}, over the built-in defaults
 * below. Every service reads the same properties (the devstack and the deployment pass them to all), and each uses
 * what concerns it: the gateway the webhook secret and delivery URL, conversation-service the greeting and hours,
 * order-service the payment reminder and the fee policy.
 */
@ConfigurationProperties("kefu")
public record ShopSettings(Shop shopDefaults, Map<String, Shop> shops) {

    /** One shop's settings as configured; absent values come from the defaults. See {@link Resolved} for meanings. */
    public record Shop(String name, String agentName, String agentNumber, String language, ZoneId timeZone,
                       String businessHours, String quietHours, Duration greetingWindow,
                       Duration firstResponseTarget, Duration paymentReminderAfter, Boolean autoAnswerLogistics,
                       URI deliveryUrl, Boolean reportsDelivery, String webhookSecret, FeePolicy fees, Sla sla,
                       Returning returning, AutoCases autoCases, Authority authority) {
    }

    /**
     * Returning buyers (老顾客, 단골): a buyer who writes with at least {@code minPaidOrders} paid orders with the shop
     * is greeted as returning and offered {@code benefit} (per language, zh/ko/en; a language without one uses the
     * built-in benefit of that language), unasked, as the seeds ask.
     */
    public record Returning(Integer minPaidOrders, Map<String, String> benefit) {

        /** The benefit in {@code language}, else in Chinese; null when there is none. */
        public String benefitIn(String language) {
            String text = benefit.get(language);
            return text != null ? text : benefit.get("zh");
        }

        /** Whether {@code paidOrders} make a buyer returning. */
        public boolean recognises(long paidOrders) {
            return paidOrders >= minPaidOrders;
        }
    }

    /**
     * Cases aftersales-service opens by itself, once per cause: a LOGISTICS case when {@code shipment-delayed} gives one
     * of {@code logisticsReasons} (and {@code logistics} is on), a REVIEW_RECOVERY case for a review that needs a
     * follow-up (差评, or a 中评 that gives a complaint reason) when {@code reviewRecovery} is on.
     */
    public record AutoCases(Boolean logistics, List<String> logisticsReasons, Boolean reviewRecovery) {

        /** Whether a delay with this reason (a {@code ShipmentDelayed.Reason} name) opens a LOGISTICS case. */
        public boolean opensLogisticsCase(String reason) {
            return Boolean.TRUE.equals(logistics) && logisticsReasons.contains(reason);
        }
    }

    /**
     * Authority limits (권한, 权限): the compensation or refund amount a person of each role may grant on their own.
     * Above it the grant waits for a supervisor's approval; nobody approves their own request.
     */
    public record Authority(BigDecimal agentLimit, BigDecimal supervisorLimit) {
    }

    /**
     * Service-level targets. {@code firstResponse} and {@code nextResponse}: a person answers a waiting buyer within
     * this much business time (Kefu's greeting does not count; Taobao's "3-minute response rate" is the default);
     * {@code resolution}: an after-sales case of each kind is resolved within this calendar time; a resolved case gets
     * its follow-up visit (回访) {@code followUpAfter} later.
     */
    public record Sla(Duration firstResponse, Duration nextResponse, Resolution resolution, Duration followUpAfter) {
    }

    /** Resolution targets per case kind. */
    public record Resolution(Duration complaint, Duration refund, Duration returns, Duration exchange,
                             Duration logistics, Duration reviewRecovery) {

        /** The target of a case kind by its name (COMPLAINT, REFUND, RETURN, EXCHANGE, LOGISTICS, REVIEW_RECOVERY). */
        public Duration of(String kind) {
            return switch (kind) {
                case "COMPLAINT" -> complaint;
                case "REFUND" -> refund;
                case "RETURN" -> returns;
                case "EXCHANGE" -> exchange;
                case "LOGISTICS" -> logistics;
                case "REVIEW_RECOVERY" -> reviewRecovery;
                default -> throw new IllegalArgumentException("no resolution target for case kind " + kind);
            };
        }
    }

    /**
     * 改价 limits: an agent may lower an order's total by up to {@code agentMaxDiscount}, a supervisor by up to
     * {@code supervisorMaxDiscount}; nobody by more than {@code maxDiscountPercent} of the total.
     */
    public record FeePolicy(BigDecimal agentMaxDiscount, BigDecimal supervisorMaxDiscount, Integer maxDiscountPercent) {
    }

    /**
     * A shop's effective settings.
     *
     * @param name                 shown in greetings and scripts (the shop id if none is set)
     * @param agentName            the agent Kefu speaks as, e.g. {@code 小美}
     * @param agentNumber          the number in the greeting's "我是8号客服"
     * @param language             default language of proactive messages (the buyer's own language wins)
     * @param timeZone             the zone the hours below are in
     * @param businessHours        when agents answer; outside, the away message says when they are back
     * @param quietHours           when no reminder is sent (it goes out when they end)
     * @param greetingWindow       a buyer greeted within this window is not greeted again
     * @param firstResponseTarget  a buyer's first message is answered within this (0: the greeting goes at once)
     * @param paymentReminderAfter an unpaid order gets its one reminder this long after creation
     * @param autoAnswerLogistics  answer "where is my parcel" automatically when the order has a carrier scan
     * @param deliveryUrl          where the gateway POSTs outbound messages (none: integrations consume the topic)
     * @param reportsDelivery      the integration reports {@code message.delivered}; if not, a 2xx counts as delivered
     * @param webhookSecret        Standard Webhooks secret(s), space-separated while rotating
     * @param sla                  response and resolution targets, and when a resolved case is visited again
     * @param returning            when a buyer counts as returning, and the benefit they are offered
     * @param autoCases            which causes open a case by themselves
     * @param authority            the amounts each role may grant without a supervisor's approval
     */
    public record Resolved(String shopId, String name, String agentName, String agentNumber, String language,
                           ZoneId timeZone, DailyHours businessHours, DailyHours quietHours, Duration greetingWindow,
                           Duration firstResponseTarget, Duration paymentReminderAfter, boolean autoAnswerLogistics,
                           Optional<URI> deliveryUrl, boolean reportsDelivery, Optional<String> webhookSecret,
                           FeePolicy fees, Sla sla, Returning returning, AutoCases autoCases,
                           Authority authority) {
    }

    static final Shop BUILT_IN = new Shop(null, "小客", "1", "zh", ZoneId.of("Asia/Shanghai"), "09:00-23:00",
            "22:00-08:00", Duration.ofHours(12), Duration.ofSeconds(10), Duration.ofMinutes(30), false, null, false,
            null, new FeePolicy(new BigDecimal("20"), new BigDecimal("100"), 30),
            new Sla(Duration.ofMinutes(3), Duration.ofMinutes(3), new Resolution(Duration.ofHours(24),
                    Duration.ofHours(48), Duration.ofHours(72), Duration.ofHours(72), Duration.ofHours(48),
                    Duration.ofHours(48)), Duration.ofDays(3)),
            new Returning(3, Map.of(
                    "zh", "老顾客的订单我们会优先为您安排发货",
                    "ko", "단골 고객님의 주문은 우선 발송해 드립니다",
                    "en", "we ship our regular customers' orders first")),
            new AutoCases(true, List.of("TRACKING_STALLED", "CARRIER_FAILED", "PARCEL_LOST"), true),
            new Authority(new BigDecimal("50"), new BigDecimal("500")));

    public ShopSettings {
        shopDefaults = shopDefaults == null ? BUILT_IN : shopDefaults;
        shops = shops == null ? Map.of() : Map.copyOf(shops);
        // Hours that cannot be read stop the service at start, naming the property, instead of failing a greeting later.
        checkHours("kefu.shop-defaults", shopDefaults);
        shops.forEach((id, shop) -> checkHours("kefu.shops." + id, shop));
    }

    private static void checkHours(String prefix, Shop shop) {
        try {
            if (shop.businessHours() != null) {
                DailyHours.parse(shop.businessHours());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + ".business-hours: " + e.getMessage(), e);
        }
        try {
            if (shop.quietHours() != null) {
                DailyHours.parse(shop.quietHours());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + ".quiet-hours: " + e.getMessage(), e);
        }
    }

    public static ShopSettings of(Map<String, Shop> shops) {
        return new ShopSettings(null, shops);
    }

    /** Whether the shop is configured at all (the gateway accepts webhooks only for those with a secret). */
    public boolean knows(String shopId) {
        return shops.containsKey(shopId);
    }

    /** The shop's settings, each gap filled from {@code kefu.shop-defaults}, then from the built-in defaults. */
    public Resolved of(String shopId) {
        Shop own = shops.getOrDefault(shopId, shopDefaults);
        Shop d = shopDefaults;
        Shop b = BUILT_IN;
        FeePolicy fees = first(own.fees(), d.fees(), b.fees());
        FeePolicy bf = b.fees();
        Sla sla = first(own.sla(), d.sla(), b.sla());
        Sla bs = b.sla();
        Resolution resolution = first(sla.resolution(), bs.resolution());
        Resolution br = bs.resolution();
        AutoCases autoCases = first(own.autoCases(), d.autoCases(), b.autoCases());
        AutoCases ba = b.autoCases();
        Authority authority = first(own.authority(), d.authority(), b.authority());
        Authority bau = b.authority();
        Integer minPaidOrders = b.returning().minPaidOrders();
        Map<String, String> benefit = new HashMap<>(b.returning().benefit());
        for (Shop layer : own == d ? List.of(d) : List.of(d, own)) { // the defaults, then the shop's own, per field
            if (layer.returning() != null) {
                minPaidOrders = first(layer.returning().minPaidOrders(), minPaidOrders);
                if (layer.returning().benefit() != null) {
                    layer.returning().benefit().forEach((language, text) -> {
                        if (text != null && !text.isBlank()) {
                            benefit.put(language, text);
                        }
                    });
                }
            }
        }
        return new Resolved(shopId,
                text(own.name(), d.name(), shopId),
                text(own.agentName(), d.agentName(), b.agentName()),
                text(own.agentNumber(), d.agentNumber(), b.agentNumber()),
                text(own.language(), d.language(), b.language()),
                first(own.timeZone(), d.timeZone(), b.timeZone()),
                DailyHours.parse(text(own.businessHours(), d.businessHours(), b.businessHours())),
                DailyHours.parse(text(own.quietHours(), d.quietHours(), b.quietHours())),
                first(own.greetingWindow(), d.greetingWindow(), b.greetingWindow()),
                first(own.firstResponseTarget(), d.firstResponseTarget(), b.firstResponseTarget()),
                first(own.paymentReminderAfter(), d.paymentReminderAfter(), b.paymentReminderAfter()),
                first(own.autoAnswerLogistics(), d.autoAnswerLogistics(), b.autoAnswerLogistics()),
                Optional.ofNullable(first(own.deliveryUrl(), d.deliveryUrl(), null)),
                first(own.reportsDelivery(), d.reportsDelivery(), b.reportsDelivery()),
                Optional.ofNullable(own == d ? null : own.webhookSecret()).filter(s -> !s.isBlank()),
                new FeePolicy(first(fees.agentMaxDiscount(), bf.agentMaxDiscount()),
                        first(fees.supervisorMaxDiscount(), bf.supervisorMaxDiscount()),
                        first(fees.maxDiscountPercent(), bf.maxDiscountPercent())),
                new Sla(first(sla.firstResponse(), bs.firstResponse()), first(sla.nextResponse(), bs.nextResponse()),
                        new Resolution(first(resolution.complaint(), br.complaint()),
                                first(resolution.refund(), br.refund()), first(resolution.returns(), br.returns()),
                                first(resolution.exchange(), br.exchange()),
                                first(resolution.logistics(), br.logistics()),
                                first(resolution.reviewRecovery(), br.reviewRecovery())),
                        first(sla.followUpAfter(), bs.followUpAfter())),
                new Returning(minPaidOrders, Map.copyOf(benefit)),
                new AutoCases(first(autoCases.logistics(), ba.logistics()),
                        List.copyOf(first(autoCases.logisticsReasons(), ba.logisticsReasons())),
                        first(autoCases.reviewRecovery(), ba.reviewRecovery())),
                new Authority(first(authority.agentLimit(), bau.agentLimit()),
                        first(authority.supervisorLimit(), bau.supervisorLimit())));
    }

    @SafeVarargs
    private static <T> T first(T... candidates) {
        for (T c : candidates) {
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private static String text(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return c;
            }
        }
        return null;
    }
}
