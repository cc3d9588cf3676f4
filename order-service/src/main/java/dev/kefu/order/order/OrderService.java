package dev.kefu.order.order;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.Topics;
import dev.kefu.events.kafka.EventJson;
import dev.kefu.events.order.ShipmentDelayed;
import dev.kefu.events.inbound.MarketplaceOrderEvent;
import dev.kefu.platform.due.DueItem;
import dev.kefu.platform.due.DueWork;
import dev.kefu.platform.messaging.EventMetrics;
import dev.kefu.platform.messaging.InputProgress;
import dev.kefu.platform.outbox.OutboxEntry;
import dev.kefu.platform.outbox.OutboxRelay;
import dev.kefu.platform.replay.Replay;
import dev.kefu.platform.shop.ShopSettings;
import com.mongodb.bulk.BulkWriteResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Limit;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.ReactiveBulkOperations;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Applies marketplace input to orders, exactly once per event id, and hands the resulting events to the outbox.
 * Timed work is due work, so nothing ever searches the orders:
 * <ul>
 *   <li>{@value #DELAY_CHECK}: an order that can run late is looked at when it could next be late.</li>
 *   <li>{@value #PAYMENT_REMINDER}: an unpaid order is looked at when its 催付 reminder is due (the shop's
 *       {@code payment-reminder-after} after creation, outside its quiet hours); it is reminded once, unless it was
 *       paid or closed by then.</li>
 * </ul>
 * Both are scheduled before the order write that makes them necessary, and their handlers decide from the order's
 * state when they come due (early, or twice, is harmless). Desk requests (改价) change the order the same way: one
 * write with the outbox entry it causes, guarded by the document's version.
 */
@Service
public class OrderService {

    public static final String DELAY_CHECK = "order.delay-check";
    public static final String PAYMENT_REMINDER = "order.payment-reminder";
    static final String SOURCE = "/order-service";
    /**
     * A due item whose order is not stored (yet) is tried again (with the runner's backoff: 1 s, 2 s, 4 s...) until
     * this many attempts: its order's write may still be in flight (it is scheduled just before it). After that the
     * write failed, and the input, redelivered, schedules it again.
     */
    static final int MISSING_ORDER_ATTEMPTS = 5;
    /** A due item whose order's input is still behind (see {@link #look}) is looked at again after this. */
    static final Duration INPUT_BEHIND_RETRY = Duration.ofSeconds(2);
    /** A lost optimistic-locking race on a desk request is retried from a fresh read this many times. */
    private static final int DESK_WRITE_ATTEMPTS = 5;

    private final OrderRepository orders;
    private final OutboxRelay outbox;
    private final DueWork due;
    private final EventMetrics metrics;
    private final Clock clock;
    private final Duration stallAfter;
    private final ShopSettings shops;
    private final InputProgress input;
    private final Replay replay;
    private final ReactiveMongoTemplate mongo;

    public OrderService(OrderRepository orders, OutboxRelay outbox, DueWork due, EventMetrics metrics, Clock clock,
                        @Value("${kefu.orders.tracking-stall-after}") Duration stallAfter, ShopSettings shops,
                        InputProgress input, Replay replay, ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
        this.input = input;
        this.replay = replay;
        this.orders = orders;
        this.outbox = outbox;
        this.due = due;
        this.metrics = metrics;
        this.clock = clock;
        this.stallAfter = stallAfter;
        this.shops = shops;
    }

    public Mono<Void> handle(CloudEvent attributes, MarketplaceOrderEvent event) {
        return handle(attributes, event, false);
    }

    /**
     * Applies marketplace input; {@code replaying}: the input is below a rebuild's horizon (see {@link Replay}), so
     * its effects are done already. It then changes the order as it did the first time, publishes nothing, and the
     * effects the timers recorded right after it (a 催付 reminder sent, a delay reported) are put back in the same
     * write, so the order is what it was and no timer owes the work again.
     */
    public Mono<Void> handle(CloudEvent attributes, MarketplaceOrderEvent event, boolean replaying) {
        Order fresh = Order.firstSeen(event);
        return orders.findById(fresh.id())
                .defaultIfEmpty(OrderDocument.empty(fresh))
                .flatMap(stored -> {
                    if (stored.hasApplied(attributes.id())) {
                        metrics.consumed(attributes.type(), true);
                        // applied before, maybe by a bulk write that failed after storing it: what it caused goes out
                        return outbox.publishPending(OrderDocument.COLLECTION, stored.id(), stored.outbox());
                    }
                    Order order = Order.restore(stored.order());
                    Optional<Instant> checkBefore = stored.version() == null ? Optional.empty()
                            : order.nextDelayCheck(stallAfter);
                    boolean reminderOwedBefore = order.owesPaymentReminder();
                    List<KefuEvent> caused = order.apply(event);
                    metrics.consumed(attributes.type(), false);
                    Instant now = clock.instant();
                    Mono<Void> effectsDone = replaying
                            ? replay.effectsFollowing(attributes.id()).filter(e -> fresh.orderId().equals(e.key())
                                    && fresh.shopId().equals(e.shopId())).doOnNext(e -> recall(order, e)).then()
                            : Mono.empty();
                    List<OutboxEntry> publish = replaying ? List.of() : OutboxEntry.allOf(caused, SOURCE, now);
                    return effectsDone.then(Mono.defer(() -> scheduleDelayCheck(order, checkBefore)))
                            .then(Mono.defer(() -> schedulePaymentReminder(order, reminderOwedBefore, now)))
                            .then(Mono.defer(() -> save(stored.next(order, attributes.id(), publish))));
                });
    }

    /** One input of a batch: its CloudEvents attributes, the event, and the trace it arrived in (null: none). */
    public record Input(CloudEvent attributes, MarketplaceOrderEvent event, String traceparent) {
    }

    /**
     * Applies a batch of marketplace input, none of it replayed, as {@link #handle} applies each input in turn, in
     * four round trips for all of it: one read of the orders it names, one write of the due items it schedules, one
     * of the orders (each guarded by its version), and after the relay one removal of what was published. Answers
     * how many inputs from the front were applied: it stops before one that breaks its order's rules, to be applied
     * alone (and dead-lettered with the reason). Fails, with all, part or none of it stored, when a write fails or
     * an order was changed meanwhile (a timer, a desk request); applying the inputs one at a time is right then: what
     * was stored is recognised (apply-once) and what it caused is published.
     */
    public Mono<Integer> handleAll(List<Input> inputs) {
        if (inputs.isEmpty()) {
            return Mono.just(0);
        }
        List<Order> firstSeen = inputs.stream().map(i -> Order.firstSeen(i.event())).toList();
        return orders.findAllById(firstSeen.stream().map(Order::id).distinct().toList())
                .collectMap(OrderDocument::id).flatMap(stored -> {
            Instant now = clock.instant();
            Map<String, Batched> batch = new LinkedHashMap<>();
            List<DueWork.Due> schedules = new ArrayList<>();
            int applied = 0;
            for (int i = 0; i < inputs.size(); i++) {
                Input in = inputs.get(i);
                Order fresh = firstSeen.get(i);
                Batched b = batch.computeIfAbsent(fresh.id(),
                        id -> new Batched(stored.getOrDefault(id, OrderDocument.empty(fresh))));
                if (b.document.hasApplied(in.attributes().id())) {
                    metrics.consumed(in.attributes().type(), true);
                    applied++;
                    continue;
                }
                Order order = Order.restore(b.document.order());
                Optional<Instant> checkBefore = b.document.version() == null && !b.changed ? Optional.empty()
                        : order.nextDelayCheck(stallAfter);
                boolean reminderOwedBefore = order.owesPaymentReminder();
                List<KefuEvent> caused;
                try {
                    caused = order.apply(in.event());
                } catch (OrderRuleViolation e) {
                    break; // applied alone, it is dead-lettered with its reason; what came before it is stored
                }
                metrics.consumed(in.attributes().type(), false);
                delayCheckToSchedule(order, checkBefore).ifPresent(at -> schedules.add(new DueWork.Due(DELAY_CHECK,
                        order.id(), at)));
                paymentReminderToSchedule(order, reminderOwedBefore, now).ifPresent(at -> schedules.add(
                        new DueWork.Due(PAYMENT_REMINDER, order.id(), at)));
                b.document = b.document.next(order, in.attributes().id(), OutboxEntry.allOf(caused, SOURCE, now)
                        .stream().map(entry -> entry.tracedBy(in.traceparent())).toList());
                b.changed = true;
                applied++;
            }
            List<OrderDocument> changed = batch.values().stream().filter(b -> b.changed).map(b -> b.document).toList();
            int appliedFromFront = applied;
            return due.scheduleAll(schedules).then(Mono.defer(() -> saveAll(changed))).thenReturn(appliedFromFront);
        });
    }

    /** An order while a batch is applied to it: as stored, then with each input applied so far. */
    private static final class Batched {
        OrderDocument document;
        boolean changed;

        Batched(OrderDocument stored) {
            this.document = stored;
        }
    }

    /**
     * Stores the orders a batch changed in one unordered bulk write: a new order is inserted, a stored one replaced
     * if its version is still the one read; fails unless every one of them was written.
     */
    private Mono<Void> saveAll(List<OrderDocument> changed) {
        if (changed.isEmpty()) {
            return Mono.empty();
        }
        ReactiveBulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, OrderDocument.class);
        int inserted = 0;
        for (OrderDocument document : changed) {
            if (document.version() == null) {
                bulk.insert(document.withVersion(0L));
                inserted++;
            } else {
                bulk.replaceOne(Query.query(Criteria.where("_id").is(document.id()).and("version").is(document.version())),
                        document.withVersion(document.version() + 1));
            }
        }
        int inserts = inserted;
        int replaces = changed.size() - inserted;
        Mono<BulkWriteResult> write = bulk.execute().flatMap(result -> result.getInsertedCount() == inserts
                && result.getMatchedCount() == replaces ? Mono.just(result)
                : Mono.error(new OptimisticLockingFailureException("of " + changed.size() + " orders written in bulk, "
                + (inserts + replaces - result.getInsertedCount() - result.getMatchedCount())
                + " had changed meanwhile")));
        return outbox.writeAll(OrderDocument.COLLECTION, changed.stream()
                .map(d -> new OutboxRelay.Written(d.id(), d.outbox())).toList(), write).then();
    }

    /** Puts back on {@code order} one effect a timer had recorded (published) after the input just applied. */
    private static void recall(Order order, Replay.Effect effect) {
        if (Topics.PAYMENT_REMINDER_DUE.equals(effect.topic())) {
            order.recallPaymentReminder(effect.time());
        } else if (Topics.SHIPMENT_DELAYED.equals(effect.topic())) {
            order.recallDelay(EventJson.mapper().readValue(effect.payload(), ShipmentDelayed.class).reason());
        }
    }

    /**
     * A due delay check: reports the order if it is late now (see {@link Order#checkDelays}) and answers when it
     * should be looked at next (empty: never again unless new input says so).
     */
    public Mono<Instant> checkDelay(DueItem item) {
        return look(item, (stored, now) -> {
            Order order = Order.restore(stored.order());
            List<KefuEvent> caused = order.checkDelays(now, stallAfter);
            return saveCaused(stored, order, caused, now).then(Mono.justOrEmpty(order.nextDelayCheck(stallAfter)));
        });
    }

    /**
     * A due 催付 reminder: publishes {@code payment-reminder-due} if the order still owes it now (see
     * {@link Order#remindOfPayment}), recording that in the same write, and answers when to look again (the end of
     * quiet hours, or the due time when it fired early; empty once nothing is owed).
     */
    public Mono<Instant> remindOfPayment(DueItem item) {
        return look(item, (stored, now) -> {
            Order order = Order.restore(stored.order());
            PaymentReminderPolicy policy = reminderPolicy(order.shopId());
            List<KefuEvent> caused = order.remindOfPayment(now, policy);
            return saveCaused(stored, order, caused, now)
                    .then(Mono.justOrEmpty(order.nextPaymentReminder(now, policy)));
        });
    }

    /**
     * Asks the marketplace (through {@code order-fee-change-requested}) to change an unpaid order's total, within the
     * shop's fee policy, and records the pending change on the order in the same write. Empty when the shop has no
     * such order. A retry under the same {@code idempotencyKey} answers the change it made the first time (and
     * publishes nothing); the same key with a different request is refused.
     */
    public Mono<FeeChangeOutcome> requestFeeChange(String shopId, String orderId, FeeChangeCommand command) {
        return Mono.defer(() -> orders.findById(shopId + ":" + orderId).flatMap(stored -> {
                    Order order = Order.restore(stored.order());
                    Instant now = clock.instant();
                    FeeChange.Request request = new FeeChange.Request("fc-" + UUID.randomUUID(),
                            command.idempotencyKey(), command.newTotal(), command.shippingFee(), command.reason(),
                            command.agentId(), command.supervisor(), now);
                    Optional<FeeChange> earlier = order.feeChangeFor(command.idempotencyKey());
                    if (earlier.isPresent()) {
                        if (!earlier.get().answers(request)) {
                            return Mono.error(new FeeChangeRefused("Idempotency-Key " + command.idempotencyKey()
                                    + " was used for another fee change of order " + orderId + " ("
                                    + earlier.get().requestId() + ")", List.of(new FeeChangePolicy.Refusal(
                                    FeeChangeCommand.IDEMPOTENCY_KEY, "idempotency-key-reused",
                                    "this key was used for a different change; use a new key for a new change"))));
                        }
                        return Mono.just(new FeeChangeOutcome(earlier.get(), true));
                    }
                    List<KefuEvent> caused = order.requestFeeChange(request, feePolicy(shopId));
                    return save(stored.next(order, null, following(stored, caused, now)))
                            .thenReturn(new FeeChangeOutcome(order.feeChanges().get(0), false));
                }))
                // a marketplace event or another request changed the order meanwhile: decide again on what it is now
                .retryWhen(Retry.max(DESK_WRITE_ATTEMPTS - 1)
                        .filter(OptimisticLockingFailureException.class::isInstance));
    }

    /** What the desk asked for, checked for form (not yet for policy). */
    public record FeeChangeCommand(BigDecimal newTotal, BigDecimal shippingFee, String reason, String agentId,
                                   boolean supervisor, String idempotencyKey) {
        public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    }

    /** The change a request made, or found it had made ({@code replayed}: a retry under the same key). */
    public record FeeChangeOutcome(FeeChange change, boolean replayed) {
    }

    /** The buyer's orders in the shop, newest first, at most {@code limit}. */
    public Flux<Order.Snapshot> ordersOf(String shopId, String buyerId, int limit) {
        return orders.findByOrder_ShopIdAndOrder_BuyerIdOrderByOrder_CreatedAtDesc(shopId, buyerId, Limit.of(limit))
                .map(OrderDocument::order);
    }

    /** The shop's open orders whose shipment is reported late (the agent's apology list), longest paid first. */
    public Flux<Order.Snapshot> delayed(String shopId, int limit) {
        return orders.findByOrder_ShopIdAndOrder_DelayReportedInAndOrder_StatusInOrderByOrder_PaidAtAsc(shopId,
                        EnumSet.allOf(ShipmentDelayed.Reason.class), EnumSet.of(OrderStatus.PAID, OrderStatus.SHIPPED),
                        Limit.of(limit))
                .map(OrderDocument::order);
    }

    public Mono<Order.Snapshot> order(String shopId, String orderId) {
        return orders.findById(shopId + ":" + orderId).map(OrderDocument::order);
    }

    /**
     * Before the order is written (so a crash in between cannot lose it): a check at the order's next possible delay,
     * unless one at least as early is already pending. A later one would come due early and be moved on by
     * {@link #checkDelay}, so input that only postpones the next check (a new carrier scan) costs no write here.
     */
    private Mono<Long> scheduleDelayCheck(Order order, Optional<Instant> pending) {
        return Mono.justOrEmpty(delayCheckToSchedule(order, pending)).flatMap(next -> due.schedule(DELAY_CHECK,
                order.id(), next));
    }

    private Optional<Instant> delayCheckToSchedule(Order order, Optional<Instant> pending) {
        return order.nextDelayCheck(stallAfter).filter(next -> pending.isEmpty() || next.isBefore(pending.get()));
    }

    /**
     * Before the order is written: its 催付 reminder, when this input made it owe one (order.created of an order not
     * paid or closed before). Later input never schedules it again: the pending item comes due and the reminder
     * handler decides from the order then (paid or closed meanwhile: nothing is sent).
     */
    private Mono<Long> schedulePaymentReminder(Order order, boolean owedBefore, Instant now) {
        return Mono.justOrEmpty(paymentReminderToSchedule(order, owedBefore, now))
                .flatMap(at -> due.schedule(PAYMENT_REMINDER, order.id(), at));
    }

    private Optional<Instant> paymentReminderToSchedule(Order order, boolean owedBefore, Instant now) {
        if (owedBefore || !order.owesPaymentReminder()) {
            return Optional.empty();
        }
        return order.nextPaymentReminder(now, reminderPolicy(order.shopId()));
    }

    /**
     * Works a due item on its order. An order that is not stored may be one whose write is still in flight (the item
     * is scheduled just before it): the item fails, so it is tried again shortly, for a few attempts, instead of
     * being forgotten by an early look.
     */
    private Mono<Instant> look(DueItem item, Work work) {
        // What the marketplace said before the item was due must be applied first: a payment or a shipment accepted
        // then may still wait in a backlog (an instance killed, a restart), and the order would look unpaid or unshipped.
        String orderId = item.key().substring(item.key().indexOf(':') + 1);
        return input.appliedBefore(Topics.MARKETPLACE_ORDERS, orderId, item.dueAt()).flatMap(applied -> applied
                ? lookNow(item, work)
                : Mono.just(clock.instant().plus(INPUT_BEHIND_RETRY)));
    }

    private Mono<Instant> lookNow(DueItem item, Work work) {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            return orders.findById(item.key())
                    .map(stored -> work.on(stored, now))
                    .switchIfEmpty(Mono.fromSupplier(() -> item.attempts() < MISSING_ORDER_ATTEMPTS
                            ? Mono.error(new IllegalStateException("no order " + item.key() + " (yet): looked at again"))
                            : Mono.<Instant>empty()))
                    .flatMap(Function.identity());
        });
    }

    @FunctionalInterface
    private interface Work {
        Mono<Instant> on(OrderDocument stored, Instant now);
    }

    private Mono<Void> saveCaused(OrderDocument stored, Order order, List<KefuEvent> caused, Instant now) {
        return caused.isEmpty() ? Mono.empty() : save(stored.next(order, null, following(stored, caused, now)));
    }

    /**
     * Entries for effects no input caused (a timer, a desk request), each naming the last input the order had applied:
     * a rebuild from Kafka puts the effect back right after that input ({@link Replay}).
     */
    private static List<OutboxEntry> following(OrderDocument stored, List<KefuEvent> caused, Instant now) {
        String lastInput = stored.lastAppliedEventId();
        return OutboxEntry.allOf(caused, SOURCE, now).stream().map(e -> e.following(lastInput)).toList();
    }

    private PaymentReminderPolicy reminderPolicy(String shopId) {
        ShopSettings.Resolved shop = shops.of(shopId);
        return new PaymentReminderPolicy(shop.paymentReminderAfter(),
                at -> shop.quietHours().nextClosing(at, shop.timeZone()));
    }

    private FeeChangePolicy feePolicy(String shopId) {
        ShopSettings.FeePolicy fees = shops.of(shopId).fees();
        return new FeeChangePolicy(fees.agentMaxDiscount(), fees.supervisorMaxDiscount(), fees.maxDiscountPercent());
    }

    private Mono<Void> save(OrderDocument next) {
        return outbox.write(OrderDocument.COLLECTION, next.id(), next.outbox(), orders.save(next)).then();
    }
}
