package dev.kefu.bench.simulate;

import dev.kefu.bench.SignedWebhook;
import dev.kefu.events.EventTypes;
import dev.kefu.events.inbound.MarketplaceEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The webhooks of a run, one per slot of a fixed schedule ({@code rate} a second from {@code start}), drawn from many
 * buyers' stories at once. Each slot goes to the story that has waited longest past its next step's pause; when none
 * is due, a new order starts. So one order's events come in its story's order and every timestamp (the slot's time)
 * moves forward. Everything (stories, texts, ids) comes from {@code seed}: the same seed, shops, start and rate give the
 * same webhooks.
 */
final class Traffic {

    /** A share of orders from buyers who already ordered from the shop (they keep their language). */
    private static final double RETURNING_BUYER = 0.25;
    private static final double CHINESE_BUYER = 0.6;

    /** One webhook to send: its slot, time, shop, story (the order) and its id; the body is the signed envelope. */
    record Planned(long slot, Instant at, String shopId, String orderId, String webhookId, MarketplaceEvent event,
                   boolean lastOfStory) {

        String type() {
            return EventTypes.of(event.getClass()).name();
        }

        byte[] body() {
            return SignedWebhook.envelope(event, at);
        }
    }

    private static final class Running {
        final Story story;
        final long order;
        int next;
        Instant dueAt;

        Running(Story story, long order, Instant dueAt) {
            this.story = story;
            this.order = order;
            this.dueAt = dueAt;
        }
    }

    private final Random random;
    private final List<String> shops;
    private final Instant start;
    private final long nanosPerSlot;
    private final String tag;
    private final PriorityQueue<Running> running =
            new PriorityQueue<>(Comparator.comparing((Running r) -> r.dueAt).thenComparingLong(r -> r.order));
    private final Map<String, List<Buyer>> buyers = new HashMap<>();
    private long slot;
    private long orders;
    private long buyerCount;

    Traffic(long seed, List<String> shops, Instant start, double ratePerSecond) {
        if (shops.isEmpty()) {
            throw new IllegalArgumentException("no shops");
        }
        this.random = new Random(seed);
        this.shops = List.copyOf(shops);
        this.start = start;
        this.nanosPerSlot = Math.max(1, Math.round(1e9 / ratePerSecond));
        // Ids carry the seed, so two runs with other seeds never reuse each other's order or webhook ids.
        this.tag = Long.toString(seed & 0xffffffffL, 36);
    }

    /** When slot {@code n} is due, from the start. */
    Duration offset(long n) {
        return Duration.ofNanos(n * nanosPerSlot);
    }

    Planned next() {
        Instant at = start.plus(offset(slot));
        Running due = running.peek();
        if (due == null || due.dueAt.isAfter(at)) {
            due = begin(at);
        } else {
            running.poll();
        }
        Story.Step step = due.story.steps().get(due.next++);
        boolean last = due.next == due.story.steps().size();
        if (!last) {
            due.dueAt = at.plus(due.story.steps().get(due.next).after());
            running.add(due);
        }
        return new Planned(slot++, at, due.story.shopId(), due.story.orderId(), webhookId(), step.event().apply(at),
                last);
    }

    /** The first {@code count} webhooks (for tests and dry runs). */
    List<Planned> take(int count) {
        List<Planned> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(next());
        }
        return out;
    }

    private Running begin(Instant at) {
        Buyer buyer = buyer(shops.get(random.nextInt(shops.size())));
        String orderId = "SIM-" + tag + "-" + (++orders);
        return new Running(StoryWriter.write(random, buyer, orderId), orders, at);
    }

    private Buyer buyer(String shopId) {
        List<Buyer> known = buyers.computeIfAbsent(shopId, s -> new ArrayList<>());
        if (!known.isEmpty() && random.nextDouble() < RETURNING_BUYER) {
            return known.get(random.nextInt(known.size()));
        }
        BuyerLines.Language language = random.nextDouble() < CHINESE_BUYER ? BuyerLines.Language.ZH
                : BuyerLines.Language.KO;
        Buyer buyer = new Buyer(shopId, "sim-" + tag + "-b" + (++buyerCount), language);
        known.add(buyer);
        return buyer;
    }

    private String webhookId() {
        return String.format("msg_sim%s_%016x", tag, random.nextLong());
    }
}
