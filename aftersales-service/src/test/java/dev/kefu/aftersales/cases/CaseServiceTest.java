package dev.kefu.aftersales.cases;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.inbound.MarketplaceRefundRequested;
import dev.kefu.platform.due.DueWork;
import dev.kefu.platform.messaging.EventMetrics;
import dev.kefu.platform.outbox.OutboxRelay;
import dev.kefu.platform.shop.ShopSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

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
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The refund handler around fakes: what reaches the database and the outbox, without a broker. */
class CaseServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-26T03:00:05Z");

    private final CaseRepository repository = mock(CaseRepository.class);
    private final OutboxRelay outbox = mock(OutboxRelay.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DueWork due = mock(DueWork.class);
    private final CaseService service = new CaseService(repository, mock(ReactiveMongoTemplate.class), outbox, due,
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

    private static CaseDocument stored(MarketplaceRefundRequested refund, String eventId) {
        Case kase = Case.openFor(refund, CaseTest.TARGETS).opened();
        return CaseDocument.empty(kase).next(kase, eventId, List.of());
    }
}
