package dev.kefu.aftersales.cases;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.aftersales.CaseResolved;
import dev.kefu.events.aftersales.CaseUpdated;
import dev.kefu.events.inbound.MarketplaceRefundAgreed;
import dev.kefu.events.inbound.MarketplaceRefundClosed;
import dev.kefu.events.inbound.MarketplaceRefundCompleted;
import dev.kefu.events.inbound.MarketplaceRefundRefused;
import dev.kefu.events.inbound.MarketplaceRefundRequested;
import dev.kefu.events.inbound.MarketplaceReturnShipped;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The marketplace's refund moving its case: request → agreed → return parcel → paid out, and what it refuses. */
class RefundLifecycleTest {

    private static final Duration FOLLOW_UP_AFTER = Duration.ofDays(3);

    private final MarketplaceRefundRequested requested = Fixtures.record(EventTypes.MARKETPLACE_REFUND_REQUESTED);
    private final MarketplaceRefundAgreed agreed = Fixtures.record(EventTypes.MARKETPLACE_REFUND_AGREED);
    private final MarketplaceReturnShipped shipped = Fixtures.record(EventTypes.MARKETPLACE_RETURN_SHIPPED);
    private final MarketplaceRefundCompleted completed = Fixtures.record(EventTypes.MARKETPLACE_REFUND_COMPLETED);
    private final MarketplaceRefundRefused refused = Fixtures.record(EventTypes.MARKETPLACE_REFUND_REFUSED);
    private final MarketplaceRefundClosed closed = Fixtures.record(EventTypes.MARKETPLACE_REFUND_CLOSED);

    @Test
    void aReturnWaitsForTheParcelIsWorkedWhenItShipsAndIsResolvedWhenPaidOut() {
        Case kase = Case.openFor(requested, CaseTest.TARGETS).opened();
        assertThat(kase.snapshot().refund().stage()).isEqualTo(RefundProgress.Stage.REQUESTED);

        assertThat(changes(kase.apply(agreed))).containsExactly(CaseUpdated.Change.WAITING);
        assertThat(kase.status()).isEqualTo(CaseStatus.WAITING_FOR_BUYER);
        assertThat(kase.snapshot().refund().stage()).isEqualTo(RefundProgress.Stage.AWAITING_RETURN);
        assertThat(kase.snapshot().waitingReason()).contains("return parcel");

        assertThat(changes(kase.apply(shipped))).containsExactly(CaseUpdated.Change.RESUMED);
        assertThat(kase.status()).isEqualTo(CaseStatus.IN_PROGRESS);
        assertThat(kase.snapshot().refund()).extracting(RefundProgress::stage, RefundProgress::carrier,
                RefundProgress::trackingNo).containsExactly(RefundProgress.Stage.RETURN_SHIPPED, "中通快递",
                "ZT7788990011");

        List<KefuEvent> paid = kase.apply(completed, FOLLOW_UP_AFTER);
        Case.Snapshot s = kase.snapshot();
        assertThat(s.status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(s.outcome()).isEqualTo(Outcome.RETURNED);
        assertThat(s.compensation()).isEqualByComparingTo("199.00");
        assertThat(s.resolvedBy()).isEqualTo("marketplace");
        assertThat(s.followUp().dueAt()).isEqualTo(completed.completedAt().plus(FOLLOW_UP_AFTER));
        CaseResolved resolved = (CaseResolved) paid.get(1);
        assertThat(resolved.refundCompleted()).isTrue();
        assertThat(resolved.refundId()).isEqualTo("RF88001");
        assertThat(s.history()).extracting(Transition::action, Transition::by).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CaseAction.WAIT_FOR_BUYER, "marketplace"),
                org.assertj.core.groups.Tuple.tuple(CaseAction.RESUME, "marketplace"),
                org.assertj.core.groups.Tuple.tuple(CaseAction.RESOLVE, "marketplace"));
    }

    @Test
    void theSameStepResentWithTheSameFactsChangesNothing() {
        Case kase = Case.openFor(requested, CaseTest.TARGETS).opened();
        kase.apply(agreed);
        kase.apply(shipped);
        kase.apply(completed, FOLLOW_UP_AFTER);
        Case.Snapshot before = kase.snapshot();

        assertThat(kase.apply(agreed)).isEmpty();
        assertThat(kase.apply(shipped)).as("the parcel shipped already: no news").isEmpty();
        assertThat(kase.apply(completed, FOLLOW_UP_AFTER)).isEmpty();
        assertThat(kase.snapshot()).isEqualTo(before);
    }

    @Test
    void aStepOutOfOrderOrContradictingTheRecordIsRefusedNamingBoth() {
        Case kase = Case.openFor(requested, CaseTest.TARGETS).opened();
        assertThatThrownBy(() -> kase.apply(shipped)).isInstanceOf(CaseRuleViolation.class)
                .hasMessageContaining("return.shipped").hasMessageContaining("REQUESTED")
                .hasMessageContaining("out of order");

        kase.apply(agreed);
        kase.apply(shipped);
        MarketplaceReturnShipped otherParcel = new MarketplaceReturnShipped(shipped.shopId(), shipped.platform(),
                shipped.orderId(), shipped.buyerId(), shipped.refundId(), "顺丰", "SF000111", shipped.shippedAt());
        assertThatThrownBy(() -> kase.apply(otherParcel)).isInstanceOf(CaseRuleViolation.class)
                .hasMessageContaining("SF000111").hasMessageContaining("ZT7788990011");

        kase.apply(completed, FOLLOW_UP_AFTER);
        MarketplaceRefundCompleted otherAmount = new MarketplaceRefundCompleted(completed.shopId(),
                completed.platform(), completed.orderId(), completed.buyerId(), completed.refundId(),
                new BigDecimal("99.00"), completed.completedAt());
        assertThatThrownBy(() -> kase.apply(otherAmount, FOLLOW_UP_AFTER)).isInstanceOf(CaseRuleViolation.class)
                .hasMessageContaining("99.00").hasMessageContaining("199.00");
        assertThatThrownBy(() -> kase.apply(closed)).isInstanceOf(CaseRuleViolation.class)
                .hasMessageContaining("REFUNDED").hasMessageContaining("ended");
        assertThat(kase.status()).isEqualTo(CaseStatus.RESOLVED);
    }

    @Test
    void aRefundWithoutReturnHasNoParcelAndIsResolvedRefunded() {
        MarketplaceRefundRequested refundOnly = new MarketplaceRefundRequested(requested.shopId(),
                requested.platform(), requested.orderId(), requested.buyerId(), requested.refundId(),
                MarketplaceRefundRequested.Kind.REFUND_ONLY, requested.amount(), "少发一件", requested.requestedAt());
        Case kase = Case.openFor(refundOnly, CaseTest.TARGETS).opened();
        assertThat(changes(kase.apply(agreed))).containsExactly(CaseUpdated.Change.REFUND_PROGRESSED);
        assertThat(kase.status()).isEqualTo(CaseStatus.OPEN);
        assertThatThrownBy(() -> kase.apply(shipped)).isInstanceOf(CaseRuleViolation.class)
                .hasMessageContaining("REFUND_ONLY");

        kase.apply(completed, FOLLOW_UP_AFTER);
        assertThat(kase.snapshot().outcome()).isEqualTo(Outcome.REFUNDED);
    }

    @Test
    void aRefusalRejectsTheCaseAndAPayoutAfterItReopensAndResolves() {
        Case kase = Case.openFor(requested, CaseTest.TARGETS).opened();
        kase.apply(refused);
        assertThat(kase.status()).isEqualTo(CaseStatus.REJECTED);
        assertThat(kase.snapshot().rejectionReason()).isEqualTo(refused.reason());

        kase.apply(completed, FOLLOW_UP_AFTER);
        assertThat(kase.status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(kase.snapshot().history()).extracting(Transition::action).containsExactly(CaseAction.REJECT,
                CaseAction.REOPEN, CaseAction.RESOLVE);
    }

    @Test
    void aClosedRefundClosesTheCaseWhateverItsStatusAndSupersedesAPendingApproval() {
        Case kase = Case.openFor(requested, CaseTest.TARGETS).opened();
        kase.resolve(new Actor("agent-8", false), Outcome.REFUNDED, "同意退款", null, requested.requestedAt(),
                FOLLOW_UP_AFTER, new CaseLimits(new BigDecimal("50"), new BigDecimal("500")));
        assertThat(kase.status()).isEqualTo(CaseStatus.WAITING_FOR_APPROVAL);

        assertThat(changes(kase.apply(closed))).containsExactly(CaseUpdated.Change.CLOSED);
        Case.Snapshot s = kase.snapshot();
        assertThat(s.status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(s.closeReason()).contains("买家撤销退款申请");
        assertThat(s.approval().decision()).isEqualTo(Approval.Decision.SUPERSEDED);
        assertThat(kase.resolutionPending()).isFalse();
    }

    @Test
    void aPayoutWhileASupervisorWasToDecideSupersedesTheRequestThenResolves() {
        Case kase = Case.openFor(requested, CaseTest.TARGETS).opened();
        kase.resolve(new Actor("agent-8", false), Outcome.REFUNDED, "同意退款", null, requested.requestedAt(),
                FOLLOW_UP_AFTER, new CaseLimits(new BigDecimal("50"), new BigDecimal("500")));
        assertThatThrownBy(() -> kase.resolve(new Actor("lead-1", true), Outcome.REFUNDED, "直接退", null,
                requested.requestedAt(), FOLLOW_UP_AFTER, CaseTest.LIMITS))
                .isInstanceOfSatisfying(IllegalCaseMove.class, e -> assertThat(e.currentStatus().actions())
                        .doesNotContain(CaseAction.RESOLVE, CaseAction.REJECT));

        List<KefuEvent> paid = kase.apply(completed, FOLLOW_UP_AFTER);

        assertThat(kase.status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(kase.snapshot().approval().decision()).isEqualTo(Approval.Decision.SUPERSEDED);
        assertThat(kase.snapshot().history()).extracting(Transition::action, Transition::to).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CaseAction.REQUEST_APPROVAL, CaseStatus.WAITING_FOR_APPROVAL),
                org.assertj.core.groups.Tuple.tuple(CaseAction.SUPERSEDE, CaseStatus.IN_PROGRESS),
                org.assertj.core.groups.Tuple.tuple(CaseAction.RESOLVE, CaseStatus.RESOLVED));
        assertThat(changes(paid)).as("the settlement is announced, the superseding only recorded")
                .containsExactly(CaseUpdated.Change.RESOLVED);
    }

    @Test
    void aStepOfAnotherOrdersRefundIsNotThisCases() {
        Case kase = Case.openFor(requested, CaseTest.TARGETS).opened();
        MarketplaceRefundAgreed stranger = new MarketplaceRefundAgreed(agreed.shopId(), agreed.platform(), "TB-OTHER",
                agreed.buyerId(), agreed.refundId(), null, agreed.agreedAt());
        assertThatThrownBy(() -> kase.apply(stranger)).isInstanceOf(CaseRuleViolation.class)
                .hasMessageContaining("TB-OTHER");
    }

    private static List<CaseUpdated.Change> changes(List<KefuEvent> events) {
        return events.stream().filter(CaseUpdated.class::isInstance).map(e -> ((CaseUpdated) e).change()).toList();
    }
}
