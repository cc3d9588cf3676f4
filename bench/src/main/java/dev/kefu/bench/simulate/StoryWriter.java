package dev.kefu.bench.simulate;

import dev.kefu.bench.simulate.BuyerLines.Language;
import dev.kefu.bench.simulate.BuyerLines.Situation;
import dev.kefu.events.inbound.MarketplaceEvent;
import dev.kefu.events.inbound.MarketplaceLogisticsTrace;
import dev.kefu.events.inbound.MarketplaceLogisticsTrace.Action;
import dev.kefu.events.inbound.MarketplaceMessageReceived;
import dev.kefu.events.inbound.MarketplaceOrderAddressChanged;
import dev.kefu.events.inbound.MarketplaceOrderClosed;
import dev.kefu.events.inbound.MarketplaceOrderCreated;
import dev.kefu.events.inbound.MarketplaceOrderFeeModified;
import dev.kefu.events.inbound.MarketplaceOrderFinished;
import dev.kefu.events.inbound.MarketplaceOrderPaid;
import dev.kefu.events.inbound.MarketplaceOrderShipped;
import dev.kefu.events.inbound.MarketplaceRefundAgreed;
import dev.kefu.events.inbound.MarketplaceRefundClosed;
import dev.kefu.events.inbound.MarketplaceRefundCompleted;
import dev.kefu.events.inbound.MarketplaceRefundRefused;
import dev.kefu.events.inbound.MarketplaceRefundRequested;
import dev.kefu.events.inbound.MarketplaceRefundRequested.Kind;
import dev.kefu.events.inbound.MarketplaceReturnShipped;
import dev.kefu.events.inbound.MarketplaceReviewPosted;
import dev.kefu.events.inbound.MarketplaceReviewRevised;
import dev.kefu.events.order.OrderItem;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Writes one order's story with the traffic's random source. The shares are rough marketplace ones: most orders are
 * paid, shipped and signed for; some stay unpaid (most of those closed), some parcels stall, fail or get lost; a few
 * buyers ask for a refund (agreed, then the return shipped and the refund completed; or refused, or withdrawn);
 * about half review a delivered order, mostly well. Days are compressed into seconds so a short run shows whole stories.
 */
final class StoryWriter {

    static final String PLATFORM = "taobao";
    static final String CURRENCY = "CNY";
    static final long STORY_SECOND_MILLIS = 350;

    private record Product(String sku, String title, BigDecimal price) {
    }

    private static final List<Product> CATALOGUE = List.of(
            new Product("SKU-TEA-250", "明前龙井 250g", new BigDecimal("89.50")),
            new Product("SKU-TEE-M", "纯棉短袖T恤", new BigDecimal("59.00")),
            new Product("SKU-SHOE-40", "轻便跑步鞋", new BigDecimal("239.00")),
            new Product("SKU-CASE-15", "手机壳 透明防摔", new BigDecimal("19.90")),
            new Product("SKU-DRESS-S", "碎花连衣裙", new BigDecimal("168.00")),
            new Product("SKU-MUG-01", "陶瓷马克杯", new BigDecimal("35.00")));

    private record Carrier(String code, String name, String prefix) {
    }

    private static final List<Carrier> ZH_CARRIERS = List.of(new Carrier("SF", "顺丰速运", "SF"),
            new Carrier("ZTO", "中通快递", "7531"), new Carrier("YTO", "圆通速递", "YT"), new Carrier("JD", "京东物流", "JD"));
    private static final List<Carrier> KO_CARRIERS = List.of(new Carrier("CJ", "CJ대한통운", "6"),
            new Carrier("HANJIN", "한진택배", "5"), new Carrier("LOTTE", "롯데택배", "2"));

    private final Random random;
    private final Buyer buyer;
    private final String orderId;
    private final List<Story.Step> steps = new ArrayList<>();
    private int messages;
    private Carrier carrier;
    private String trackingNo;
    /** What the buyer paid (after any price change): what a refund gives back. */
    private BigDecimal paid;

    private StoryWriter(Random random, Buyer buyer, String orderId) {
        this.random = random;
        this.buyer = buyer;
        this.orderId = orderId;
    }

    static Story write(Random random, Buyer buyer, String orderId) {
        StoryWriter writer = new StoryWriter(random, buyer, orderId);
        writer.order();
        return new Story(orderId, buyer.shopId(), List.copyOf(writer.steps));
    }

    private void order() {
        List<OrderItem> items = items();
        BigDecimal total = items.stream().map(i -> i.price().multiply(BigDecimal.valueOf(i.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        step(0, 0, at -> new MarketplaceOrderCreated(buyer.shopId(), PLATFORM, orderId, buyer.id(), total, CURRENCY, at,
                at.plus(Duration.ofDays(2)), items));
        BigDecimal amount = total;
        if (chance(0.08)) {
            message(Situation.HAGGLE);
            if (chance(0.5)) {
                BigDecimal discounted = total.multiply(new BigDecimal("0.90")).setScale(2, RoundingMode.HALF_UP);
                amount = discounted;
                step(1, 4, at -> new MarketplaceOrderFeeModified(buyer.shopId(), PLATFORM, orderId, buyer.id(),
                        discounted, BigDecimal.ZERO, at));
            }
        }
        if (chance(0.12)) {
            unpaid();
            return;
        }
        paid = amount;
        step(1, 5, at -> new MarketplaceOrderPaid(buyer.shopId(), PLATFORM, orderId, buyer.id(), paid, CURRENCY, at));
        if (chance(0.3)) {
            message(Situation.WHEN_SHIPPED);
        }
        if (chance(0.04)) {
            String address = buyer.language() == Language.ZH ? "浙江省杭州市西湖区文三路 " + (1 + random.nextInt(500)) + " 号"
                    : "서울특별시 마포구 월드컵로 " + (1 + random.nextInt(300));
            step(1, 4, at -> new MarketplaceOrderAddressChanged(buyer.shopId(), PLATFORM, orderId, buyer.id(), address, at));
        }
        if (chance(0.05)) {
            message(Situation.CHANGE_MIND);
            refundedInFull(Kind.REFUND_ONLY, "不想要了", "refunded before shipping");
            return;
        }
        ship();
    }

    private void unpaid() {
        if (chance(0.5)) {
            message(Situation.UNDECIDED);
        }
        if (chance(0.65)) {
            step(3, 10, at -> new MarketplaceOrderClosed(buyer.shopId(), PLATFORM, orderId, buyer.id(),
                    "unpaid timeout", at));
        }
    }

    private void ship() {
        List<Carrier> carriers = buyer.language() == Language.ZH ? ZH_CARRIERS : KO_CARRIERS;
        carrier = carriers.get(random.nextInt(carriers.size()));
        trackingNo = carrier.prefix() + String.format("%011d", Math.floorMod(random.nextLong(), 100_000_000_000L));
        step(2, 8, at -> new MarketplaceOrderShipped(buyer.shopId(), PLATFORM, orderId, buyer.id(), carrier.code(),
                trackingNo, at));
        double fate = random.nextDouble();
        trace(Action.GOT, "杭州");
        trace(Action.DEPARTURE, "杭州");
        if (fate < 0.10) {
            // Stalled: the carrier goes quiet; the buyer asks, and asks again.
            message(Situation.STALLED);
            if (chance(0.5)) {
                message(Situation.STALLED);
            }
            return;
        }
        if (fate < 0.15) {
            trace(Action.LOST, null);
            message(Situation.LOST);
            refundedInFull(Kind.REFUND_ONLY, "快递丢件", "refunded, parcel lost");
            return;
        }
        trace(Action.ARRIVAL, destination());
        trace(Action.SENT_SCAN, destination());
        if (fate < 0.20) {
            trace(Action.FAILED, destination());
            message(Situation.DELIVERY_FAILED);
            if (chance(0.5)) {
                return;
            }
            trace(Action.SENT_SCAN, destination());
        }
        trace(Action.SIGNED, destination());
        delivered();
    }

    private void delivered() {
        if (chance(0.25)) {
            message(Situation.RECEIVED);
        }
        boolean unhappy = false;
        if (chance(0.12)) {
            unhappy = afterSalesReturn();
        } else if (chance(0.7)) {
            step(5, 20, at -> new MarketplaceOrderFinished(buyer.shopId(), PLATFORM, orderId, buyer.id(), at));
        }
        if (chance(unhappy ? 0.8 : 0.5)) {
            review(unhappy || chance(0.15));
        }
    }

    /** A return or exchange after delivery; true when the buyer is left unhappy (refused or withdrawn). */
    private boolean afterSalesReturn() {
        boolean size = chance(0.5);
        message(size ? Situation.WRONG_SIZE : Situation.POOR_QUALITY);
        Kind kind = size && chance(0.4) ? Kind.EXCHANGE : Kind.RETURN_REFUND;
        String refundId = orderId + "-r1";
        String reason = size ? "尺码不合适" : "质量问题";
        BigDecimal amount = kind == Kind.EXCHANGE ? BigDecimal.ZERO.setScale(2) : paid;
        step(1, 6, at -> new MarketplaceRefundRequested(buyer.shopId(), PLATFORM, orderId, buyer.id(), refundId, kind,
                amount, reason, at));
        double outcome = random.nextDouble();
        if (outcome < 0.20) {
            step(3, 10, at -> new MarketplaceRefundRefused(buyer.shopId(), PLATFORM, orderId, buyer.id(), refundId,
                    "商品已使用，不符合退换条件", at));
            return true;
        }
        if (outcome < 0.35) {
            step(3, 10, at -> new MarketplaceRefundClosed(buyer.shopId(), PLATFORM, orderId, buyer.id(), refundId,
                    "买家撤销申请", at));
            return true;
        }
        step(2, 8, at -> new MarketplaceRefundAgreed(buyer.shopId(), PLATFORM, orderId, buyer.id(), refundId, amount, at));
        String returnTracking = "SF" + String.format("%011d", Math.floorMod(random.nextLong(), 100_000_000_000L));
        step(3, 12, at -> new MarketplaceReturnShipped(buyer.shopId(), PLATFORM, orderId, buyer.id(), refundId, "SF",
                returnTracking, at));
        if (chance(0.5)) {
            message(Situation.REFUND_CHASE);
        }
        if (kind == Kind.EXCHANGE) {
            step(3, 12, at -> new MarketplaceRefundClosed(buyer.shopId(), PLATFORM, orderId, buyer.id(), refundId,
                    "换货完成", at));
        } else {
            step(3, 12, at -> new MarketplaceRefundCompleted(buyer.shopId(), PLATFORM, orderId, buyer.id(), refundId,
                    amount, at));
        }
        return false;
    }

    /** Refund of the whole order (before shipping, or a lost parcel): agreed, paid out, the order closed. */
    private void refundedInFull(Kind kind, String reason, String closedReason) {
        String refundId = orderId + "-r1";
        BigDecimal amount = paid;
        step(1, 5, at -> new MarketplaceRefundRequested(buyer.shopId(), PLATFORM, orderId, buyer.id(), refundId, kind,
                amount, reason, at));
        step(2, 8, at -> new MarketplaceRefundAgreed(buyer.shopId(), PLATFORM, orderId, buyer.id(), refundId, amount, at));
        step(2, 8, at -> new MarketplaceRefundCompleted(buyer.shopId(), PLATFORM, orderId, buyer.id(), refundId,
                amount, at));
        step(1, 4, at -> new MarketplaceOrderClosed(buyer.shopId(), PLATFORM, orderId, buyer.id(), closedReason, at));
    }

    private void review(boolean bad) {
        String reviewId = orderId + "-v1";
        int rating = bad ? 1 + random.nextInt(2) : 4 + random.nextInt(2);
        String content = line(bad ? Situation.BAD_REVIEW : Situation.GOOD_REVIEW);
        step(5, 20, at -> new MarketplaceReviewPosted(buyer.shopId(), PLATFORM, orderId, buyer.id(), reviewId, rating,
                content, at));
        if (bad && chance(0.3)) {
            int revised = 3 + random.nextInt(2);
            String revisedContent = line(Situation.REVISED_REVIEW);
            step(5, 20, at -> new MarketplaceReviewRevised(buyer.shopId(), PLATFORM, orderId, buyer.id(), reviewId,
                    revised, revisedContent, at));
        }
    }

    private void trace(Action action, String location) {
        String description = TraceTexts.of(buyer.language(), action, carrier.name(), location);
        step(2, 6, at -> new MarketplaceLogisticsTrace(buyer.shopId(), PLATFORM, orderId, buyer.id(), carrier.code(),
                trackingNo, action, description, location, at));
    }

    private void message(Situation situation) {
        String messageId = orderId + "-m" + (++messages);
        String text = line(situation);
        step(1, 5, at -> new MarketplaceMessageReceived(buyer.shopId(), PLATFORM, buyer.id(), messageId, orderId, text,
                at));
    }

    private List<OrderItem> items() {
        List<OrderItem> items = new ArrayList<>();
        int count = chance(0.3) ? 2 : 1;
        int first = random.nextInt(CATALOGUE.size());
        for (int i = 0; i < count; i++) {
            Product p = CATALOGUE.get((first + i) % CATALOGUE.size());
            items.add(new OrderItem(p.sku(), p.title(), 1 + (chance(0.2) ? 1 : 0), p.price()));
        }
        return items;
    }

    private String destination() {
        return buyer.language() == Language.ZH ? "上海" : "인천";
    }

    private String line(Situation situation) {
        return BuyerLines.line(buyer.language(), situation, random);
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /**
     * A step {@code minSeconds} to {@code maxSeconds} story seconds after the one before; a story second lasts
     * {@link #STORY_SECOND_MILLIS} ms, so a 20 s run already shows whole stories, up to the reviews.
     */
    private void step(int minSeconds, int maxSeconds, Function<Instant, MarketplaceEvent> event) {
        long storyMillis = 1000L * minSeconds
                + (maxSeconds > minSeconds ? random.nextInt(1000 * (maxSeconds - minSeconds)) : 0);
        steps.add(new Story.Step(Duration.ofMillis(storyMillis * STORY_SECOND_MILLIS / 1000), event));
    }
}
