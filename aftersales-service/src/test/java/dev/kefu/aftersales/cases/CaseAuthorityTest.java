package dev.kefu.aftersales.cases;

import dev.kefu.events.KefuEvent;
import dev.kefu.events.aftersales.CaseResolved;
import dev.kefu.events.aftersales.CaseUpdated;
import dev.kefu.events.aftersales.ComplaintOpened;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Authority limits (the seeds: what exceeds an agent's authority goes up), with the shop defaults 50 / 500. */
class CaseAuthorityTest {

    private static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");
    private static final Actor AGENT = new Actor("agent-8", false);
    private static final Actor LEAD = new Actor("lead-1", true);
    private static final Actor OTHER_LEAD = new Actor("lead-2", true);
    private static final Duration FOLLOW_UP_AFTER = Duration.ofDays(3);
    private static final CaseLimits LIMITS = new CaseLimits(new BigDecimal("50"), new BigDecimal("500"));

    @Test
    void withinTheAgentsLimitTheAgentResolvesAndTheResolutionIsAnnounced() {
        Case kase = complaint(null);
        List<KefuEvent> events = kase.resolve(AGENT, Outcome.COMPENSATED, "补偿运费", new BigDecimal("50.00"),
                T0.plusSeconds(60), FOLLOW_UP_AFTER, LIMITS);

        assertThat(kase.status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(events).hasSize(2);
        assertThat(events.get(1)).isEqualTo(new CaseResolved("shop-demo", "CS-1", "buyer-1", "TB1", "taobao",
                ComplaintOpened.Kind.COMPLAINT, CaseUpdated.Outcome.COMPENSATED, new BigDecimal("50.00"), null,
                "agent-8", null, T0.plusSeconds(60)));
    }

    @Test
    void aboveTheAgentsLimitTheCaseWaitsForASupervisorWhoApprovesIt() {
        Case kase = complaint(null);
        List<KefuEvent> asked = kase.resolve(AGENT, Outcome.COMPENSATED, "补偿80元", new BigDecimal("80"),
                T0.plusSeconds(60), FOLLOW_UP_AFTER, LIMITS);

        assertThat(kase.status()).isEqualTo(CaseStatus.WAITING_FOR_APPROVAL);
        assertThat(asked).singleElement().extracting(e -> ((CaseUpdated) e).change())
                .isEqualTo(CaseUpdated.Change.APPROVAL_REQUESTED);
        Approval approval = kase.snapshot().approval();
        assertThat(approval.amount()).isEqualByComparingTo("80");
        assertThat(approval.limit()).isEqualByComparingTo("50");
        assertThat(approval.requestedBy()).isEqualTo("agent-8");
        assertThat(approval.decision()).isEqualTo(Approval.Decision.PENDING);
        assertThat(kase.snapshot().outcome()).as("not resolved yet").isNull();

        assertThatThrownBy(() -> kase.decide(AGENT, true, null, T0.plusSeconds(90), FOLLOW_UP_AFTER))
                .isInstanceOf(CaseNotAllowed.class);
        assertThatThrownBy(() -> kase.resolve(AGENT, Outcome.COMPENSATED, "补偿40元", new BigDecimal("40"),
                T0.plusSeconds(90), FOLLOW_UP_AFTER, LIMITS))
                .as("the request is decided, not worked around").isInstanceOf(IllegalCaseMove.class);

        List<KefuEvent> approved = kase.decide(LEAD, true, null, T0.plusSeconds(120), FOLLOW_UP_AFTER);
        Case.Snapshot s = kase.snapshot();
        assertThat(s.status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(s.resolvedBy()).isEqualTo("agent-8");
        assertThat(s.approvedBy()).isEqualTo("lead-1");
        assertThat(s.compensation()).isEqualByComparingTo("80");
        assertThat(s.approval().decision()).isEqualTo(Approval.Decision.APPROVED);
        assertThat(approved).extracting(e -> e.getClass().getSimpleName()).containsExactly("CaseUpdated",
                "CaseResolved");
        assertThat(((CaseResolved) approved.get(1)).approvedBy()).isEqualTo("lead-1");
        assertThat(s.history()).extracting(Transition::action).containsExactly(CaseAction.REQUEST_APPROVAL,
                CaseAction.APPROVE);
    }

    @Test
    void aDeniedRequestGoesBackToWorkWithTheReason() {
        Case kase = complaint(null);
        kase.resolve(AGENT, Outcome.COMPENSATED, "补偿80元", new BigDecimal("80"), T0, FOLLOW_UP_AFTER, LIMITS);

        assertThatThrownBy(() -> new CaseRequests.Approve("DENY", null).validated()).hasMessage("reason is required");
        kase.decide(LEAD, false, "先补发配件", T0.plusSeconds(60), FOLLOW_UP_AFTER);

        assertThat(kase.status()).isEqualTo(CaseStatus.IN_PROGRESS);
        assertThat(kase.snapshot().approval().decision()).isEqualTo(Approval.Decision.DENIED);
        assertThat(kase.snapshot().approval().reason()).isEqualTo("先补发配件");
        Transition denied = kase.snapshot().history().get(1);
        assertThat(denied).isEqualTo(new Transition(CaseStatus.WAITING_FOR_APPROVAL, CaseStatus.IN_PROGRESS,
                CaseAction.DENY, "lead-1", T0.plusSeconds(60), "先补发配件"));
    }

    @Test
    void closingACaseThatWaitsForASupervisorVoidsTheRequest() {
        Case kase = complaint(null);
        kase.resolve(AGENT, Outcome.COMPENSATED, "补偿80元", new BigDecimal("80"), T0, FOLLOW_UP_AFTER, LIMITS);

        kase.close(AGENT, "买家撤回投诉", T0.plusSeconds(60));

        assertThat(kase.status()).isEqualTo(CaseStatus.CLOSED);
        Approval approval = kase.snapshot().approval();
        assertThat(approval.decision()).as("not left pending on a closed case").isEqualTo(Approval.Decision.SUPERSEDED);
        assertThat(approval.decidedBy()).isEqualTo("agent-8");
        assertThat(approval.decidedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(approval.reason()).isEqualTo("the case was closed: 买家撤回投诉");
        assertThat(kase.snapshot().compensation()).as("nothing was granted").isNull();
        assertThatThrownBy(() -> kase.decide(LEAD, true, null, T0.plusSeconds(90), FOLLOW_UP_AFTER))
                .isInstanceOf(IllegalCaseMove.class);
    }

    @Test
    void aSupervisorAboveTheirLimitNeedsAnotherSupervisorNeverThemselves() {
        Case kase = complaint(null);
        kase.resolve(LEAD, Outcome.COMPENSATED, "整单赔付", new BigDecimal("600"), T0, FOLLOW_UP_AFTER, LIMITS);
        assertThat(kase.status()).isEqualTo(CaseStatus.WAITING_FOR_APPROVAL);
        assertThat(kase.snapshot().approval().limit()).isEqualByComparingTo("500");

        assertThatThrownBy(() -> kase.decide(LEAD, true, null, T0.plusSeconds(60), FOLLOW_UP_AFTER))
                .isInstanceOf(CaseNotAllowed.class).hasMessageContaining("own request");
        assertThat(kase.status()).isEqualTo(CaseStatus.WAITING_FOR_APPROVAL);

        kase.decide(OTHER_LEAD, true, "同意", T0.plusSeconds(90), FOLLOW_UP_AFTER);
        assertThat(kase.snapshot().approvedBy()).isEqualTo("lead-2");
        assertThat(kase.snapshot().resolvedBy()).isEqualTo("lead-1");
    }

    @Test
    void aRefundGrantsTheCaseAmountWhichCountsAgainstTheLimit() {
        Case small = complaint(new BigDecimal("45.00"));
        small.resolve(AGENT, Outcome.REFUNDED, "已退款", null, T0, FOLLOW_UP_AFTER, LIMITS);
        assertThat(small.status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(small.snapshot().compensation()).isEqualByComparingTo("45.00");

        Case large = complaint(new BigDecimal("199.00"));
        large.resolve(AGENT, Outcome.REFUNDED, "已退款", null, T0, FOLLOW_UP_AFTER, LIMITS);
        assertThat(large.status()).isEqualTo(CaseStatus.WAITING_FOR_APPROVAL);

        Case explained = complaint(new BigDecimal("199.00"));
        explained.resolve(AGENT, Outcome.EXPLAINED, "已说明尺码", null, T0, FOLLOW_UP_AFTER, LIMITS);
        assertThat(explained.status()).as("no money granted").isEqualTo(CaseStatus.RESOLVED);
        assertThat(explained.snapshot().compensation()).isNull();
    }

    @Test
    void compensationConditionalOnChangingAReviewIsRefusedWhoeverAsks() {
        for (Actor actor : List.of(AGENT, LEAD)) {
            Case kase = complaint(null);
            assertThatThrownBy(() -> kase.resolve(actor, Outcome.COMPENSATED, "补偿10元红包，麻烦改个好评",
                    new BigDecimal("10"), T0, FOLLOW_UP_AFTER, LIMITS)).isInstanceOf(ReviewConditionRefused.class);
            assertThat(kase.status()).isEqualTo(CaseStatus.OPEN);
        }
    }

    @Test
    void aReopenedCaseForgetsItsResolutionButNotItsHistoryAndRunsANewTarget() {
        Case kase = complaint(null);
        kase.resolve(AGENT, Outcome.COMPENSATED, "补偿运费", new BigDecimal("10"), T0, FOLLOW_UP_AFTER, LIMITS);
        Instant back = T0.plus(Duration.ofDays(5));
        kase.reopen(AGENT, "买家说补发的也是坏的", back, CaseTest.TARGETS);

        Case.Snapshot s = kase.snapshot();
        assertThat(s.status()).isEqualTo(CaseStatus.IN_PROGRESS);
        assertThat(s.outcome()).isNull();
        assertThat(s.compensation()).isNull();
        assertThat(s.followUp()).isNull();
        assertThat(s.resolvedAt()).isNull();
        assertThat(s.resolutionDue()).isEqualTo(back.plus(Duration.ofHours(24)));
        assertThat(kase.resolutionPending()).isTrue();
        assertThat(s.history()).extracting(Transition::action, Transition::why).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CaseAction.RESOLVE, "补偿运费"),
                org.assertj.core.groups.Tuple.tuple(CaseAction.REOPEN, "买家说补发的也是坏的"));
    }

    private static Case complaint(BigDecimal amount) {
        return Case.open("shop-demo", "CS-1", ComplaintOpened.Kind.COMPLAINT, ComplaintOpened.OpenedBy.AGENT,
                new Case.Details("TB1", "buyer-1", "taobao", amount, "少发一件"), T0, CaseTest.TARGETS).opened();
    }
}
