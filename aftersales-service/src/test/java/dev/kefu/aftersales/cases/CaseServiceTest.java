package dev.kefu.aftersales.cases;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.inbound.MarketplaceRefundRequested;
import dev.kefu.platform.due.DueItem;
import dev.kefu.platform.due.DueWork;
import dev.kefu.platform.messaging.EventMetrics;
import dev.kefu.platform.outbox.OutboxEntry;
import dev.kefu.platform.outbox.OutboxRelay;
import dev.kefu.platform.shop.ShopSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.mockito.ArgumentCaptor;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.UpdateDefinition;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The refund handler around fakes: what reaches the database and the outbox, without a broker. */
class CaseServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-26T03:00:05Z");

    private final CaseRepository repository = mock(CaseRepository.class);
    private final OutboxRelay outbox = mock(OutboxRelay.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DueWork due = mock(DueWork.class);
    private final ReactiveMongoTemplate mongo = mock(ReactiveMongoTemplate.class);
    private final CaseService service = new CaseService(repository, mongo, outbox, due,
            ShopSettings.of(Map.of()), new EventMetrics(meters, "aftersales-service"), Clock.fixed(NOW, ZoneOffset.UTC));

    private final MarketplaceRefundRequested refund = Fixtures.record(EventTypes.MARKETPLACE_REFUND_REQUESTED);
    private final CloudEvent delivery = new CloudEvent("evt-1", "refund.requested", "/tests", NOW, "shop-demo");

    @Test
    void theFirstRequestStoresTheCaseWithItsComplaintOpenedInTheSameWrite() {
        when(repository.findById("shop-demo:RF-RF88001")).thenReturn(Mono.empty());
        when(repository.save(any())).thenAnswer(call -> Mono.just(call.getArgument(0)));
        when(outbox.write(anyString(), any(), any(), any())).thenAnswer(call -> call.getArgument(3));
        when(due.schedule(any(), any(), any())).thenReturn(Mono.just(1L));

        StepVerifier.create(service.handle(delivery, refund)).verifyComplete();

        // the built-in return target, 72 h from the request, scheduled with the case
        verify(due).schedule(CaseService.RESOLUTION_TARGET, "shop-demo:RF-RF88001",
                refund.requestedAt().plus(Duration.ofHours(72)));

        verify(repository).save(argThat(document -> {
            assertThat(document.state().status()).isEqualTo(CaseStatus.OPEN);
            assertThat(document.appliedEventIds()).containsExactly("evt-1");
            assertThat(document.outbox()).singleElement().satisfies(entry -> {
                assertThat(entry.type()).isEqualTo("complaint-opened");
                assertThat(entry.key()).isEqualTo("RF-RF88001");
            });
            return true;
        }));
        verify(outbox).write(eq(CaseDocument.COLLECTION), eq("shop-demo:RF-RF88001"),
                argThat(pending -> pending.size() == 1 && pending.get(0).type().equals("complaint-opened")), any());
    }

    @Test
    void aConcurrentDeliveryThatLosesTheInsertFindsTheCaseAndPublishesNothing() {
        CaseDocument openedByTheOther = stored(refund, "evt-0");
        when(repository.findById("shop-demo:RF-RF88001")).thenReturn(Mono.empty(), Mono.just(openedByTheOther));
        when(repository.save(any())).thenReturn(Mono.error(new DuplicateKeyException("E11000 duplicate key")));
        when(due.schedule(any(), any(), any())).thenReturn(Mono.just(1L));
        when(outbox.write(anyString(), any(), any(), any())).thenAnswer(call -> call.getArgument(3));

        StepVerifier.create(service.handle(delivery, refund)).verifyComplete();

        assertThat(meters.get("kefu.aftersales.events.consumed").tag("outcome", "duplicate").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aRequestContradictingItsCaseFailsWithTheRule() {
        MarketplaceRefundRequested otherOrder = new MarketplaceRefundRequested("shop-demo", "taobao", "TB-OTHER",
                refund.buyerId(), refund.refundId(), refund.kind(), refund.amount(), null, NOW);
        when(repository.findById("shop-demo:RF-RF88001")).thenReturn(Mono.just(stored(refund, "evt-0")));

        StepVerifier.create(service.handle(delivery, otherOrder)).verifyError(CaseRuleViolation.class);
        verify(repository, never()).save(any());
    }

    @Test
    void anAgentsChangeIsStoredWithItsCaseUpdatedBehindWhatIsStillPendingAndAChangeOfNothingWritesNothing() {
        // stored at version 3, its complaint-opened not relayed yet
        Case opened = Case.openFor(refund, CaseTest.TARGETS).opened();
        CaseDocument stored = versioned(CaseDocument.empty(opened).next(opened, "evt-0",
                OutboxEntry.allOf(List.of(Case.openFor(refund, CaseTest.TARGETS).event()), "/tests", NOW)), 3L);
        when(repository.findById(stored.id())).thenReturn(Mono.just(stored));
        when(repository.save(any())).thenAnswer(call -> Mono.just(call.getArgument(0)));
        when(outbox.write(anyString(), any(), any(), any())).thenAnswer(call -> call.getArgument(3));
        Actor agent = new Actor("agent-8", false);

        StepVerifier.create(service.change("shop-demo", "RF-RF88001", (kase, at) -> kase.assign(agent, at)))
                .assertNext(s -> assertThat(s.assignee()).isEqualTo("agent-8")).verifyComplete();

        ArgumentCaptor<CaseDocument> saved = ArgumentCaptor.forClass(CaseDocument.class);
        verify(repository).save(saved.capture());
        assertThat(saved.getValue().outbox()).extracting(OutboxEntry::type)
                .containsExactly("complaint-opened", "case-updated");
        OutboxEntry update = saved.getValue().outbox().get(1);
        assertThat(update.eventId()).as("the case and the version this write makes").isEqualTo(
                "case-updated:shop-demo:RF-RF88001:4");
        assertThat(update.key()).isEqualTo("RF-RF88001");
        assertThat(update.topic()).isEqualTo("case-updated");
        assertThat(update.time()).isEqualTo(NOW);
        assertThat(update.payload()).contains("\"change\":\"ASSIGNED\"", "\"status\":\"IN_PROGRESS\"",
                "\"assignee\":\"agent-8\"", "\"by\":\"agent-8\"", "\"at\":\"" + NOW + "\"");
        verify(outbox).write(eq(CaseDocument.COLLECTION), eq(stored.id()), eq(saved.getValue().outbox()), any());

        // the same agent takes it again: nothing written, nothing published
        when(repository.findById(stored.id())).thenReturn(Mono.just(versioned(saved.getValue(), 4L)));
        StepVerifier.create(service.change("shop-demo", "RF-RF88001", (kase, at) -> kase.assign(agent, at)))
                .assertNext(s -> assertThat(s.assignee()).isEqualTo("agent-8")).verifyComplete();
        verify(repository, times(1)).save(any());
        verify(outbox, times(1)).write(anyString(), any(), any(), any());
    }

    @Test
    void aCaseStillOpenPastItsTargetIsReportedInOneGuardedWriteWithItsOutboxEntry() {
        // the refund's return case was requested 72 h + 5 s before NOW
        MarketplaceRefundRequested old = new MarketplaceRefundRequested("shop-demo", "taobao", "TB1", "buyer-1", "R7",
                MarketplaceRefundRequested.Kind.RETURN_REFUND, BigDecimal.TEN, null,
                NOW.minus(Duration.ofHours(72)).minusSeconds(5));
        CaseDocument open = stored(old, "evt-0");
        when(repository.findById(open.id())).thenReturn(Mono.just(open));
        when(mongo.updateFirst(any(Query.class), any(UpdateDefinition.class), eq(CaseDocument.class)))
                .thenReturn(Mono.just(UpdateResult.acknowledged(1, 1L, null)));
        when(outbox.write(anyString(), any(), any(), any())).thenAnswer(call -> call.getArgument(3));

        StepVerifier.create(service.reportIfMissed(item(open.id(), 1))).verifyComplete();

        ArgumentCaptor<Query> guard = ArgumentCaptor.forClass(Query.class);
        ArgumentCaptor<UpdateDefinition> report = ArgumentCaptor.forClass(UpdateDefinition.class);
        verify(mongo).updateFirst(guard.capture(), report.capture(), eq(CaseDocument.class));
        assertThat(guard.getValue().getQueryObject().toJson())
                .contains("\"state.resolutionBreachedAt\": null", "OPEN", "IN_PROGRESS", "ESCALATED")
                .doesNotContain("RESOLVED");
        Document update = report.getValue().getUpdateObject();
        assertThat(update.get("$set", Document.class).get("state.resolutionBreachedAt")).isEqualTo(NOW);
        assertThat(update.get("$inc", Document.class).get("version")).isEqualTo(1);
        OutboxEntry entry = (OutboxEntry) update.get("$push", Document.class).get("outbox");
        assertThat(entry.eventId()).isEqualTo("sla-breached:shop-demo:RF-R7");
        assertThat(entry.type()).isEqualTo("sla-breached");
        assertThat(entry.key()).isEqualTo("RF-R7");
        assertThat(entry.payload()).contains("\"target\":\"RESOLUTION\"", "\"overSeconds\":5",
                "\"targetSeconds\":259200", "\"caseKind\":\"RETURN\"");
        verify(outbox).write(eq(CaseDocument.COLLECTION), eq(open.id()), eq(List.of(entry)), any());
    }

    @Test
    void aCaseNotDueYetIsLookedAtAgainAtItsDueTimeAndAClosedOneNever() {
        MarketplaceRefundRequested recent = new MarketplaceRefundRequested("shop-demo", "taobao", "TB1", "buyer-1",
                "R8", MarketplaceRefundRequested.Kind.REFUND_ONLY, BigDecimal.TEN, null, NOW.minusSeconds(60));
        CaseDocument open = stored(recent, "evt-0");
        when(repository.findById(open.id())).thenReturn(Mono.just(open));
        StepVerifier.create(service.reportIfMissed(item(open.id(), 1)))
                .expectNext(NOW.minusSeconds(60).plus(Duration.ofHours(48))).verifyComplete();

        Case kase = Case.restore(open.state());
        kase.resolve(new Actor("agent-8", false), Outcome.REFUNDED, "已退款", null, NOW, Duration.ofDays(3),
                CaseTest.LIMITS);
        when(repository.findById(open.id())).thenReturn(Mono.just(open.next(kase, null, List.of())));
        StepVerifier.create(service.reportIfMissed(item(open.id(), 1))).verifyComplete();
        verify(mongo, never()).updateFirst(any(Query.class), any(UpdateDefinition.class), eq(CaseDocument.class));
    }

    @Test
    void aDueItemWhoseCaseIsNotStoredYetFailsForAFewAttemptsThenGoes() {
        when(repository.findById("shop-demo:CS-GONE")).thenReturn(Mono.empty());

        StepVerifier.create(service.reportIfMissed(item("shop-demo:CS-GONE", 1))).verifyError(IllegalStateException.class);
        StepVerifier.create(service.reportIfMissed(item("shop-demo:CS-GONE", CaseService.MISSING_CASE_ATTEMPTS)))
                .verifyComplete();
    }

    private static DueItem item(String key, int attempts) {
        return new DueItem(CaseService.RESOLUTION_TARGET, key, NOW, 1, attempts);
    }

    static CaseDocument versioned(CaseDocument d, Long version) {
        return new CaseDocument(d.id(), version, d.state(), d.appliedEventIds(), d.outbox());
    }

    private static CaseDocument stored(MarketplaceRefundRequested refund, String eventId) {
        Case kase = Case.openFor(refund, CaseTest.TARGETS).opened();
        return CaseDocument.empty(kase).next(kase, eventId, List.of());
    }
}
