package dev.kefu.aftersales.cases;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.events.inbound.MarketplaceRefundRequested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaseTest {

    private static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");
    private static final Actor AGENT = new Actor("agent-8", false);
    private static final Actor SUPERVISOR = new Actor("lead-1", true);

    private final MarketplaceRefundRequested refund = Fixtures.record(EventTypes.MARKETPLACE_REFUND_REQUESTED);

    @Test
    void aRefundRequestOpensItsCaseAndAnnouncesItOnce() {
        Case.Opened opened = Case.openFor(refund);

        assertThat(opened.event()).isEqualTo(new ComplaintOpened("shop-demo", "RF-RF88001", "TB20261123001",
                "tb_buyer_8c1f", "taobao", ComplaintOpened.Kind.RETURN, ComplaintOpened.OpenedBy.BUYER, "尺码不合适",
                new BigDecimal("199.00"), refund.requestedAt()));
        assertThat(opened.opened().status()).isEqualTo(CaseStatus.OPEN);
        assertThat(opened.opened().id()).isEqualTo("shop-demo:RF-RF88001");
    }

    @Test
    void theRefundKindDecidesTheCaseKind() {
        assertThat(kindFor(MarketplaceRefundRequested.Kind.REFUND_ONLY)).isEqualTo(ComplaintOpened.Kind.REFUND);
        assertThat(kindFor(MarketplaceRefundRequested.Kind.RETURN_REFUND)).isEqualTo(ComplaintOpened.Kind.RETURN);
        assertThat(kindFor(MarketplaceRefundRequested.Kind.EXCHANGE)).isEqualTo(ComplaintOpened.Kind.EXCHANGE);
    }

    @Test
    void aRepeatedRefundRequestChangesNothingAndPublishesNothing() {
        Case kase = Case.openFor(refund).opened();
        kase.assign(AGENT, T0.plusSeconds(60));
        Case.Snapshot before = kase.snapshot();

        assertThat(kase.apply(refund)).isEmpty();
        assertThat(kase.snapshot()).isEqualTo(before);
    }

    @Test
    void aRefundRequestNamingAnotherOrderIsNotThisCasesRefund() {
        Case kase = Case.openFor(refund).opened();
        MarketplaceRefundRequested other = new MarketplaceRefundRequested("shop-demo", "taobao", "TB-OTHER",
                refund.buyerId(), refund.refundId(), refund.kind(), refund.amount(), null, T0);

        assertThatThrownBy(() -> kase.apply(other))
                .isInstanceOf(CaseRuleViolation.class).hasMessageContaining("TB-OTHER");
    }

    @Test
    void anAgentTakesACaseAndResolvesIt() {
        Case kase = agentCase();
        kase.assign(AGENT, T0.plusSeconds(60));
        assertThat(kase.snapshot().status()).isEqualTo(CaseStatus.IN_PROGRESS);
        assertThat(kase.snapshot().assignee()).isEqualTo("agent-8");

        kase.resolve(AGENT, Outcome.EXPLAINED, "尺码表已发给买家", T0.plusSeconds(600));

        Case.Snapshot s = kase.snapshot();
        assertThat(s.status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(s.outcome()).isEqualTo(Outcome.EXPLAINED);
        assertThat(s.resolution()).isEqualTo("尺码表已发给买家");
        assertThat(s.closedBy()).isEqualTo("agent-8");
        assertThat(s.resolvedAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(s.updatedAt()).isEqualTo(T0.plusSeconds(600));
    }

    @Test
    void onlyOpenOrInProgressCasesCanBeEscalated() {
        Case kase = agentCase();
        kase.escalate(AGENT, "买家要求三倍赔偿", T0.plusSeconds(60));
        assertThat(kase.snapshot().status()).isEqualTo(CaseStatus.ESCALATED);
        assertThat(kase.snapshot().escalatedBy()).isEqualTo("agent-8");

        assertThatThrownBy(() -> kase.escalate(AGENT, "again", T0.plusSeconds(120)))
                .isInstanceOf(CaseRuleViolation.class).hasMessageContaining("ESCALATED");

        Case resolved = agentCase();
        resolved.resolve(AGENT, Outcome.EXPLAINED, "ok", T0.plusSeconds(60));
        assertThatThrownBy(() -> resolved.escalate(AGENT, "too late", T0.plusSeconds(120)))
                .isInstanceOf(CaseRuleViolation.class);
    }

    @Test
    void anEscalatedCaseIsResolvedOnlyByASupervisor() {
        Case kase = agentCase();
        kase.escalate(AGENT, "超出权限的赔偿", T0.plusSeconds(60));

        assertThatThrownBy(() -> kase.resolve(AGENT, Outcome.COMPENSATED, "赔偿20元", T0.plusSeconds(120)))
                .isInstanceOf(CaseNotAllowed.class);
        assertThatThrownBy(() -> kase.assign(AGENT, T0.plusSeconds(120))).isInstanceOf(CaseNotAllowed.class);
        assertThat(kase.snapshot().status()).isEqualTo(CaseStatus.ESCALATED);

        kase.assign(SUPERVISOR, T0.plusSeconds(150));
        assertThat(kase.snapshot().status()).isEqualTo(CaseStatus.ESCALATED);
        kase.resolve(SUPERVISOR, Outcome.COMPENSATED, "赔偿20元", T0.plusSeconds(180));
        assertThat(kase.snapshot().status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(kase.snapshot().closedBy()).isEqualTo("lead-1");
    }

    @Test
    void onlyASupervisorRejectsACase() {
        Case kase = agentCase();
        kase.assign(AGENT, T0.plusSeconds(60));

        assertThatThrownBy(() -> kase.reject(AGENT, "恶意索赔", T0.plusSeconds(120))).isInstanceOf(CaseNotAllowed.class);

        kase.reject(SUPERVISOR, "签收凭证证明货物完好", T0.plusSeconds(180));
        assertThat(kase.snapshot().status()).isEqualTo(CaseStatus.REJECTED);
        assertThat(kase.snapshot().rejectionReason()).isEqualTo("签收凭证证明货物完好");
        assertThat(kase.snapshot().resolvedAt()).isEqualTo(T0.plusSeconds(180));
    }

    @Test
    void aClosedCaseCannotChange() {
        Case resolved = agentCase();
        resolved.resolve(AGENT, Outcome.REFUNDED, "已退款", T0.plusSeconds(60));
        Case rejected = agentCase();
        rejected.reject(SUPERVISOR, "超过售后期", T0.plusSeconds(60));

        for (Case kase : new Case[] {resolved, rejected}) {
            Case.Snapshot before = kase.snapshot();
            assertThatThrownBy(() -> kase.assign(SUPERVISOR, T0.plusSeconds(90))).isInstanceOf(CaseRuleViolation.class);
            assertThatThrownBy(() -> kase.resolve(SUPERVISOR, Outcome.REFUNDED, "x", T0.plusSeconds(90)))
                    .isInstanceOf(CaseRuleViolation.class);
            assertThatThrownBy(() -> kase.reject(SUPERVISOR, "x", T0.plusSeconds(90)))
                    .isInstanceOf(CaseRuleViolation.class);
            assertThatThrownBy(() -> kase.addNote(SUPERVISOR, "x", T0.plusSeconds(90)))
                    .isInstanceOf(CaseRuleViolation.class);
            assertThat(kase.snapshot()).isEqualTo(before);
        }
    }

    @Test
    void notesAreKeptInOrderWithAuthorAndTime() {
        Case kase = agentCase();
        kase.addNote(AGENT, "买家称不退款就差评，聊天记录已保存", T0.plusSeconds(60));
        kase.addNote(SUPERVISOR, "按平台规则处理", T0.plusSeconds(120));

        assertThat(kase.snapshot().notes()).containsExactly(
                new Case.Note("agent-8", "买家称不退款就差评，聊天记录已保存", T0.plusSeconds(60)),
                new Case.Note("lead-1", "按平台规则处理", T0.plusSeconds(120)));
        assertThat(kase.snapshot().updatedAt()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void anAgentOpenedCaseIsAnnouncedAsOpenedByTheAgent() {
        Case.Opened opened = Case.open("shop-demo", "CS-1", ComplaintOpened.Kind.COMPLAINT,
                ComplaintOpened.OpenedBy.AGENT, new Case.Details(null, "buyer-1", "jd", null, "客服态度差"), T0);

        assertThat(opened.event().openedBy()).isEqualTo(ComplaintOpened.OpenedBy.AGENT);
        assertThat(opened.event().orderId()).isNull();
        assertThat(opened.event().amount()).isNull();
        assertThat(opened.event().key()).isEqualTo("CS-1");
    }

    @Test
    void aCaseSurvivesStorageUnchanged() {
        Case kase = Case.openFor(refund).opened();
        kase.assign(AGENT, T0.plusSeconds(60));
        kase.addNote(AGENT, "已联系快递", T0.plusSeconds(90));
        kase.escalate(AGENT, "超出权限", T0.plus(Duration.ofMinutes(5)));

        assertThat(Case.restore(kase.snapshot()).snapshot()).isEqualTo(kase.snapshot());
    }

    private static Case agentCase() {
        return Case.open("shop-demo", "CS-1", ComplaintOpened.Kind.RETURN, ComplaintOpened.OpenedBy.AGENT,
                new Case.Details("TB1", "buyer-1", "taobao", new BigDecimal("59.90"), "尺码不合适"), T0).opened();
    }

    private ComplaintOpened.Kind kindFor(MarketplaceRefundRequested.Kind kind) {
        return Case.openFor(new MarketplaceRefundRequested("shop-demo", "taobao", "TB1", "buyer-1", "R1", kind,
                BigDecimal.TEN, null, T0)).event().kind();
    }
}
