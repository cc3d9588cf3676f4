package dev.kefu.aftersales.cases;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.aftersales.CaseUpdated;
import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.events.desk.SlaBreached;
import dev.kefu.events.inbound.MarketplaceRefundAgreed;
import dev.kefu.events.inbound.MarketplaceRefundClosed;
import dev.kefu.events.inbound.MarketplaceRefundCompleted;
import dev.kefu.events.inbound.MarketplaceRefundRefused;
import dev.kefu.events.inbound.MarketplaceRefundRequested;
import dev.kefu.events.inbound.MarketplaceReturnShipped;
import dev.kefu.events.order.ShipmentDelayed;
import dev.kefu.events.review.ReviewPosted;
import dev.kefu.platform.due.DueItem;
import dev.kefu.platform.due.DueWork;
import dev.kefu.platform.messaging.EventMetrics;
import dev.kefu.platform.outbox.OutboxEntry;
import dev.kefu.platform.outbox.OutboxRelay;
import dev.kefu.platform.shop.ShopSettings;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Opens cases (from refund requests, delayed parcels and bad reviews, exactly once per cause, or by agents) and moves
 * them along; openings ({@code complaint-opened}) and changes ({@code case-updated}) go to the outbox in the write that
 * makes them.
 * Every case opened is due to be resolved within its shop's target for its kind: the {@value #RESOLUTION_TARGET}
 * due item (key = the case's document id) looks at it then, and a case still open is reported once as
 * {@code sla-breached}.
 */
@Service
public class CaseService {

    /** Due-work queue of resolution targets: key = the case's document id, due at its {@code resolutionDue}. */
    public static final String RESOLUTION_TARGET = "aftersales.resolution-target";
    static final String SOURCE = "/aftersales-service";
    /** A due item whose case is not stored yet (its write is still under way) is retried this many times. */
    static final int MISSING_CASE_ATTEMPTS = 5;

    private final CaseRepository cases;
    private final ReactiveMongoTemplate mongo;
    private final OutboxRelay outbox;
    private final DueWork due;
    private final ShopSettings shops;
    private final EventMetrics metrics;
    private final Clock clock;

    public CaseService(CaseRepository cases, ReactiveMongoTemplate mongo, OutboxRelay outbox, DueWork due,
                       ShopSettings shops, EventMetrics metrics, Clock clock) {
        this.cases = cases;
        this.mongo = mongo;
        this.outbox = outbox;
        this.due = due;
        this.shops = shops;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A refund request opens its case the first time; any later delivery or re-send of it changes nothing. */
    public Mono<Void> handle(CloudEvent attributes, MarketplaceRefundRequested refund) {
        return openOnce(attributes, Case.openFor(refund, targets(refund.shopId())),
                stored -> stored.apply(refund)); // only checks it is the same refund
    }

    /** The seller agreed to the refund: the case waits for the return parcel, or for the payout. */
    public Mono<Void> handle(CloudEvent attributes, MarketplaceRefundAgreed agreed) {
        return refundStep(attributes, agreed.shopId(), agreed.refundId(), (kase, at) -> kase.apply(agreed));
    }

    /** The buyer's return parcel is on its way. */
    public Mono<Void> handle(CloudEvent attributes, MarketplaceReturnShipped shipped) {
        return refundStep(attributes, shipped.shopId(), shipped.refundId(), (kase, at) -> kase.apply(shipped));
    }

    /** The refund was paid out: the case is resolved by it (and the buyer told, by conversation-service). */
    public Mono<Void> handle(CloudEvent attributes, MarketplaceRefundCompleted completed) {
        return refundStep(attributes, completed.shopId(), completed.refundId(),
                (kase, at) -> kase.apply(completed, targets(completed.shopId()).followUpAfter()));
    }

    public Mono<Void> handle(CloudEvent attributes, MarketplaceRefundRefused refused) {
        return refundStep(attributes, refused.shopId(), refused.refundId(), (kase, at) -> kase.apply(refused));
    }

    public Mono<Void> handle(CloudEvent attributes, MarketplaceRefundClosed closed) {
        return refundStep(attributes, closed.shopId(), closed.refundId(), (kase, at) -> kase.apply(closed));
    }

    /**
     * One step of a marketplace refund applied to its case ({@code RF-<refundId>}), once per event id, with what it
     * announces in the same write. No case (its refund.requested never came) or a step the refund's progress refuses
     * is a {@link CaseRuleViolation}: the listener sends the event to the dead letters with that reason.
     */
    private Mono<Void> refundStep(CloudEvent attributes, String shopId, String refundId,
                                  BiFunction<Case, Instant, List<KefuEvent>> step) {
        String id = shopId + ":" + Case.refundCaseId(refundId);
        return Mono.defer(() -> cases.findById(id))
                .switchIfEmpty(Mono.error(() -> new CaseRuleViolation(attributes.type() + " for refund " + refundId
                        + ": no case follows it (its refund.requested was never received)")))
                .flatMap(stored -> {
                    if (stored.hasApplied(attributes.id())) {
                        metrics.consumed(attributes.type(), true);
                        return Mono.just(stored);
                    }
                    Case kase = Case.restore(stored.state());
                    Instant at = clock.instant();
                    List<KefuEvent> events = step.apply(kase, at);
                    metrics.consumed(attributes.type(), events.isEmpty());
                    return save(events.isEmpty() ? stored.next(kase, attributes.id(), List.of())
                            : stored.updated(kase, attributes.id(), events, at));
                })
                .retryWhen(Retry.max(3).filter(OptimisticLockingFailureException.class::isInstance))
                .then();
    }

    /**
     * A delayed parcel opens the order's LOGISTICS case ({@link AutoCases#forDelay}) when the shop's
     * {@code auto-cases} settings say its reason does; once per order: a redelivery or a later delay of the same order
     * finds the case and changes nothing.
     */
    public Mono<Void> handle(CloudEvent attributes, ShipmentDelayed delayed) {
        if (!shops.of(delayed.shopId()).autoCases().opensLogisticsCase(delayed.reason().name())) {
            return notCalledFor(attributes);
        }
        return openOnce(attributes, AutoCases.forDelay(delayed, targets(delayed.shopId())), stored -> { });
    }

    /**
     * A review that needs a follow-up ({@link ReviewPosted#followable()}: 差评, or a 中评 giving a complaint reason)
     * opens its REVIEW_RECOVERY case ({@link AutoCases#forReview}) when the shop's {@code auto-cases.review-recovery}
     * is on; once per review.
     */
    public Mono<Void> handle(CloudEvent attributes, ReviewPosted review) {
        if (!review.followable() || !Boolean.TRUE.equals(shops.of(review.shopId()).autoCases().reviewRecovery())) {
            return notCalledFor(attributes);
        }
        return openOnce(attributes, AutoCases.forReview(review, targets(review.shopId())), stored -> { });
    }

    /**
     * The one way a cause opens its case: the first delivery stores it with its {@code complaint-opened} (and
     * schedules its resolution target); a case already there (a redelivery, the cause again under another event id)
     * is only checked by {@code sameCause} for not contradicting it, and nothing is written or published.
     */
    private Mono<Void> openOnce(CloudEvent attributes, Case.Opened fresh, Consumer<Case> sameCause) {
        Mono<Boolean> seenBefore = Mono.defer(() -> cases.findById(fresh.opened().id())).map(stored -> {
            if (!stored.hasApplied(attributes.id())) {
                sameCause.accept(Case.restore(stored.state()));
            }
            return true;
        });
        Mono<Boolean> opened = Mono.defer(() -> save(CaseDocument.empty(fresh.opened())
                .next(fresh.opened(), attributes.id(), OutboxEntry.allOf(List.of(fresh.event()), SOURCE, clock.instant())))).thenReturn(false);
        return seenBefore.switchIfEmpty(opened)
                // records of one poll are handled concurrently: the delivery that loses the insert of the same case
                // (unique _id) looks again and finds it, instead of failing into the error handler's retries
                .retryWhen(Retry.max(3).filter(DuplicateKeyException.class::isInstance))
                .doOnNext(duplicate -> metrics.consumed(attributes.type(), duplicate))
                .then();
    }

    /** An event that opens no case for this shop (a reason or review the settings leave out): applied, as nothing. */
    private Mono<Void> notCalledFor(CloudEvent attributes) {
        return Mono.fromRunnable(() -> metrics.consumed(attributes.type(), false));
    }

    /** An agent opens a case, e.g. for a complaint received in chat. */
    Mono<Case.Snapshot> open(String shopId, CaseRequests.OpenCase request) {
        Case.Opened opened = Case.open(shopId, newCaseId(), request.kind(), ComplaintOpened.OpenedBy.AGENT,
                request.details(), clock.instant(), targets(shopId));
        return save(CaseDocument.empty(opened.opened()).next(opened.opened(), null, OutboxEntry.allOf(List.of(opened.event()), SOURCE, clock.instant())))
                .map(CaseDocument::state);
    }

    /**
     * Resolves a case of the shop, or sends its amount for approval when it is above the caller's limit; its
     * follow-up visit falls due the shop's {@code sla.follow-up-after} after the resolution.
     */
    Mono<Case.Snapshot> resolve(String shopId, String caseId, Actor actor, CaseRequests.Resolution resolution) {
        CaseTargets targets = targets(shopId);
        CaseLimits limits = limits(shopId);
        return changeAll(shopId, caseId, (kase, at) -> kase.resolve(actor, resolution.outcome(), resolution.text(),
                resolution.compensation(), at, targets.followUpAfter(), limits));
    }

    /** A supervisor approves or denies the amount a case waits for. */
    Mono<Case.Snapshot> decide(String shopId, String caseId, Actor actor, CaseRequests.Decision decision) {
        CaseTargets targets = targets(shopId);
        return changeAll(shopId, caseId, (kase, at) -> kase.decide(actor, decision.approve(), decision.reason(), at,
                targets.followUpAfter()));
    }

    /** Reopens an ended case: a new resolution target runs from now. */
    Mono<Case.Snapshot> reopen(String shopId, String caseId, Actor actor, String reason) {
        CaseTargets targets = targets(shopId);
        return change(shopId, caseId, (kase, at) -> kase.reopen(actor, reason, at, targets));
    }

    /**
     * Applies an agent's change to a case of the shop, with its {@code case-updated} in the same write; a change that
     * changes nothing writes nothing. Empty if the shop has no such case.
     */
    Mono<Case.Snapshot> change(String shopId, String caseId, BiFunction<Case, Instant, Optional<CaseUpdated>> change) {
        return changeAll(shopId, caseId, (kase, at) -> change.apply(kase, at).<List<KefuEvent>>map(List::of)
                .orElse(List.of()));
    }

    /** The same for a change announced by several events (a resolution: {@code case-updated}, {@code case-resolved}). */
    Mono<Case.Snapshot> changeAll(String shopId, String caseId, BiFunction<Case, Instant, List<KefuEvent>> change) {
        return Mono.defer(() -> cases.findById(shopId + ":" + caseId)
                        .flatMap(stored -> {
                            Case kase = Case.restore(stored.state());
                            Instant at = clock.instant();
                            List<KefuEvent> events = change.apply(kase, at);
                            if (events.isEmpty()) {
                                return Mono.just(stored);
                            }
                            Mono<CaseDocument> write = save(stored.updated(kase, null, events, at));
                            Instant target = kase.resolutionDue();
                            // a reopened case's new target, scheduled before the write like a new case's
                            return kase.resolutionPending() && !target.equals(stored.state().resolutionDue())
                                    ? due.schedule(RESOLUTION_TARGET, stored.id(), target).then(write) : write;
                        }))
                // two agents acting at once: the version check fails for one; redo it on the fresh state
                .retryWhen(Retry.max(3).filter(OptimisticLockingFailureException.class::isInstance))
                .map(CaseDocument::state);
    }

    /**
     * A case's resolution target, when it falls due (the {@value #RESOLUTION_TARGET} queue): a case still open past
     * it is reported once as {@code sla-breached} (event id {@code sla-breached:<shop>:<case>}), with its assignee.
     * The report and {@code resolutionBreachedAt} are one write guarded by "still open, not reported yet", so
     * concurrent checks (replicas, an expired lease, a redelivered item) report once. Answers when to look again
     * (the item came early), or empty.
     */
    public Mono<Instant> reportIfMissed(DueItem item) {
        return cases.findById(item.key()).map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap(found -> {
            if (found.isEmpty()) {
                // scheduled before the case's write: it may still be on its way (see docs/due-work.md)
                return item.attempts() < MISSING_CASE_ATTEMPTS
                        ? Mono.error(new IllegalStateException("no case " + item.key() + " yet"))
                        : Mono.empty();
            }
            Case kase = Case.restore(found.get().state());
            Instant now = clock.instant();
            if (!kase.resolutionPending()) {
                return Mono.empty();
            }
            SlaBreached breach = kase.resolutionBreach(now);
            if (breach == null) {
                return Mono.just(kase.resolutionDue());
            }
            OutboxEntry entry = OutboxEntry.of("sla-breached:" + kase.id(), breach, SOURCE, now);
            Query unreported = Query.query(Criteria.where("_id").is(kase.id())
                    .and("state.status").in(CaseStatus.OPEN_WORK.stream().map(Enum::name).toList())
                    .and("state.resolutionBreachedAt").isNull());
            // the version moves too, so an agent's change read before this write is redone on top of it; the queue's
            // priority follows the breach in the same write (open work past its target is overdue, whatever its status)
            Update report = new Update().set("state.resolutionBreachedAt", now)
                    .set(CaseDocument.PRIORITY, CasePriority.OVERDUE).inc("version", 1);
            OutboxRelay.push(report, entry);
            return outbox.write(CaseDocument.COLLECTION, kase.id(), List.of(entry),
                            mongo.updateFirst(unreported, report, CaseDocument.class)
                                    .filter(result -> result.getModifiedCount() > 0))
                    .then(Mono.empty());
        });
    }

    /**
     * A page of the shop's cases: those {@code filter} asks for, in its order, after its cursor. The follow-up lists:
     * {@code followUp=DUE} is the visits due by now and not made yet; VISITED and ANSWERED those made. One more case
     * than the page holds is read to know whether another page follows.
     */
    Mono<CasePage> list(String shopId, CaseRequests.Filter filter) {
        Criteria criteria = Criteria.where("state.shopId").is(shopId);
        if (filter.buyerId() != null) {
            criteria = criteria.and("state.buyerId").is(filter.buyerId());
        }
        if (!filter.statuses().isEmpty()) {
            criteria = criteria.and("state.status").in(filter.statuses().stream().map(Enum::name).toList());
        }
        if (!filter.kinds().isEmpty()) {
            criteria = criteria.and("state.kind").in(filter.kinds().stream().map(Enum::name).toList());
        }
        if (filter.assignee() != null) {
            criteria = criteria.and("state.assignee").is(filter.assignee().agentId()); // null: nobody took it
        }
        if (filter.followUp() != null) {
            criteria = criteria.and("state.followUp.status").is(filter.followUp().name());
            if (filter.followUp() == FollowUp.Status.DUE) {
                criteria = criteria.and("state.followUp.dueAt").lte(Date.from(clock.instant()));
            }
        }
        CaseOrder order = filter.order();
        Query query = Query.query(criteria).with(order.sort()).limit(filter.limit() + 1);
        if (filter.after() != null) {
            query.addCriteria(order.casesAfter(filter.after()));
        }
        return mongo.find(query, CaseDocument.class).collectList().map(found -> {
            boolean more = found.size() > filter.limit();
            List<CaseDocument> page = more ? found.subList(0, filter.limit()) : found;
            return new CasePage(page.stream().map(CaseDocument::state).toList(),
                    more ? order.cursorAfter(page.get(page.size() - 1)) : null);
        });
    }

    Mono<Case.Snapshot> find(String shopId, String caseId) {
        return cases.findById(shopId + ":" + caseId).map(CaseDocument::state);
    }

    /** The case's notes as dispute evidence, verified; empty if the shop has no such case. */
    Mono<CaseTranscript> transcript(String shopId, String caseId) {
        return cases.findById(shopId + ":" + caseId).map(stored -> CaseTranscript.of(stored.id(), stored.state()));
    }

    /** The shop's after-sales targets, from its settings. */
    CaseTargets targets(String shopId) {
        ShopSettings.Sla sla = shops.of(shopId).sla();
        ShopSettings.Resolution r = sla.resolution();
        return new CaseTargets(r.complaint(), r.refund(), r.returns(), r.exchange(), r.logistics(), r.reviewRecovery(),
                sla.followUpAfter());
    }

    /** The shop's authority limits, from its settings. */
    CaseLimits limits(String shopId) {
        ShopSettings.Authority authority = shops.of(shopId).authority();
        return new CaseLimits(authority.agentLimit(), authority.supervisorLimit());
    }

    /**
     * Stores a case and its pending events (relayed right after the write, with any still pending before them, in
     * order); a newly opened case's resolution target is scheduled before the write,
     * so a crash between the two costs an early look, never a lost timer.
     */
    Mono<CaseDocument> save(CaseDocument next) {
        Instant resolutionDue = next.state().resolutionDue();
        Mono<CaseDocument> write = outbox.write(CaseDocument.COLLECTION, next.id(), next.outbox(), cases.save(next));
        return next.version() != null || resolutionDue == null ? write
                : due.schedule(RESOLUTION_TARGET, next.id(), resolutionDue).then(write);
    }

    /** Short enough to read out to a buyer, random enough not to collide within a shop. */
    private static String newCaseId() {
        return "CS-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
    }
}
