package dev.kefu.aftersales.cases;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.events.inbound.MarketplaceRefundRequested;
import dev.kefu.platform.messaging.EventMetrics;
import dev.kefu.platform.outbox.OutboxEntry;
import dev.kefu.platform.outbox.OutboxRelay;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiConsumer;

/** Opens cases (from refund requests, exactly once, or by agents) and moves them along; openings go to the outbox. */
@Service
public class CaseService {

    static final String SOURCE = "/aftersales-service";
    private final CaseRepository cases;
    private final OutboxRelay outbox;
    private final EventMetrics metrics;
    private final Clock clock;

    public CaseService(CaseRepository cases, OutboxRelay outbox, EventMetrics metrics, Clock clock) {
        this.cases = cases;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A refund request opens its case the first time; any later delivery or re-send of it changes nothing. */
    public Mono<Void> handle(CloudEvent attributes, MarketplaceRefundRequested refund) {
        Case.Opened fresh = Case.openFor(refund);
        Mono<Boolean> seenBefore = Mono.defer(() -> cases.findById(fresh.opened().id())).map(stored -> {
            if (!stored.hasApplied(attributes.id())) {
                Case.restore(stored.state()).apply(refund); // only checks it is the same refund
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

    /** An agent opens a case, e.g. for a complaint received in chat. */
    Mono<Case.Snapshot> open(String shopId, CaseRequests.OpenCase request) {
        Case.Opened opened = Case.open(shopId, newCaseId(), request.kind(), ComplaintOpened.OpenedBy.AGENT,
                request.details(), clock.instant());
        return save(CaseDocument.empty(opened.opened()).next(opened.opened(), null, OutboxEntry.allOf(List.of(opened.event()), SOURCE, clock.instant())))
                .map(CaseDocument::state);
    }

    /** Applies an agent's change to a case of the shop; empty if the shop has no such case. */
    Mono<Case.Snapshot> change(String shopId, String caseId, BiConsumer<Case, Instant> change) {
        return Mono.defer(() -> cases.findById(shopId + ":" + caseId)
                        .flatMap(stored -> {
                            Case kase = Case.restore(stored.state());
                            change.accept(kase, clock.instant());
                            return cases.save(stored.next(kase, null, List.of()));
                        }))
                // two agents acting at once: the version check fails for one; redo it on the fresh state
                .retryWhen(Retry.max(3).filter(OptimisticLockingFailureException.class::isInstance))
                .map(CaseDocument::state);
    }

    Flux<Case.Snapshot> list(String shopId, CaseRequests.Filter filter) {
        Flux<CaseDocument> found;
        if (filter.buyerId() == null) {
            found = cases.findByState_ShopIdAndState_StatusOrderByState_OpenedAtDesc(shopId, filter.status());
        } else if (filter.status() == null) {
            found = cases.findByState_ShopIdAndState_BuyerIdOrderByState_OpenedAtDesc(shopId, filter.buyerId());
        } else {
            found = cases.findByState_ShopIdAndState_BuyerIdAndState_StatusOrderByState_OpenedAtDesc(
                    shopId, filter.buyerId(), filter.status());
        }
        return found.map(CaseDocument::state);
    }

    Mono<Case.Snapshot> find(String shopId, String caseId) {
        return cases.findById(shopId + ":" + caseId).map(CaseDocument::state);
    }

    private Mono<CaseDocument> save(CaseDocument next) {
        return outbox.write(CaseDocument.COLLECTION, next.id(), next.outbox(), cases.save(next));
    }

    /** Short enough to read out to a buyer, random enough not to collide within a shop. */
    private static String newCaseId() {
        return "CS-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
    }
}
