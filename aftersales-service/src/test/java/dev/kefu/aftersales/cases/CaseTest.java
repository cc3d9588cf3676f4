package dev.kefu.aftersales.cases;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.aftersales.CaseUpdated;
import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.events.desk.SlaBreached;
import dev.kefu.events.inbound.MarketplaceRefundRequested;
import dev.kefu.events.kafka.EventJson;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class CaseTest {

    private static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");
    private static final Actor AGENT = new Actor("agent-8", false);
    private static final Actor SUPERVISOR = new Actor("lead-1", true);
    private static final Duration FOLLOW_UP_AFTER = Duration.ofDays(3);
    /**
     * The built-in targets: complaint 24 h, refund 48 h, return and exchange 72 h, logistics and review recovery 48 h,
     * visit 3 days after.
     */
    static final CaseTargets TARGETS = new CaseTargets(Duration.ofHours(24), Duration.ofHours(48),
            Duration.ofHours(72), Duration.ofHours(72), Duration.ofHours(48), Duration.ofHours(48), FOLLOW_UP_AFTER);

    /** Limits no test of the plain moves reaches; the authority tests use the shop defaults. */
    static final CaseLimits LIMITS = new CaseLimits(new BigDecimal("10000"), new BigDecimal("100000"));

    private final MarketplaceRefundRequested refund = Fixtures.record(EventTypes.MARKETPLACE_REFUND_REQUESTED);

    @Test
    void aRefundRequestOpensItsCaseAndAnnouncesItOnce() {
        Case.Opened opened = Case.openFor(refund, TARGETS);

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
        Case kase = Case.openFor(refund, TARGETS).opened();
        kase.assign(AGENT, T0.plusSeconds(60));
        Case.Snapshot before = kase.snapshot();

        assertThat(kase.apply(refund)).isEmpty();
        assertThat(kase.snapshot()).isEqualTo(before);
    }

    @Test
    void aRefundRequestNamingAnotherOrderIsNotThisCasesRefund() {
        Case kase = Case.openFor(refund, TARGETS).opened();
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

        kase.resolve(AGENT, Outcome.EXPLAINED, "尺码表已发给买家", null, T0.plusSeconds(600), FOLLOW_UP_AFTER, LIMITS);

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
        resolved.resolve(AGENT, Outcome.EXPLAINED, "ok", null, T0.plusSeconds(60), FOLLOW_UP_AFTER, LIMITS);
        assertThatThrownBy(() -> resolved.escalate(AGENT, "too late", T0.plusSeconds(120)))
                .isInstanceOf(CaseRuleViolation.class);
    }

    @Test
    void anEscalatedCaseIsResolvedOnlyByASupervisor() {
        Case kase = agentCase();
        kase.escalate(AGENT, "超出权限的赔偿", T0.plusSeconds(60));

        assertThatThrownBy(() -> kase.resolve(AGENT, Outcome.COMPENSATED, "赔偿20元", null, T0.plusSeconds(120), FOLLOW_UP_AFTER, LIMITS))
                .isInstanceOf(CaseNotAllowed.class);
        assertThatThrownBy(() -> kase.assign(AGENT, T0.plusSeconds(120))).isInstanceOf(CaseNotAllowed.class);
        assertThat(kase.snapshot().status()).isEqualTo(CaseStatus.ESCALATED);

        kase.assign(SUPERVISOR, T0.plusSeconds(150));
        assertThat(kase.snapshot().status()).isEqualTo(CaseStatus.ESCALATED);
        kase.resolve(SUPERVISOR, Outcome.COMPENSATED, "赔偿20元", null, T0.plusSeconds(180), FOLLOW_UP_AFTER, LIMITS);
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
    void anEndedCaseTakesNoMoreWorkButNotesAsEvidence() {
        Case resolved = agentCase();
        resolved.resolve(AGENT, Outcome.REFUNDED, "已退款", null, T0.plusSeconds(60), FOLLOW_UP_AFTER, LIMITS);
        Case rejected = agentCase();
        rejected.reject(SUPERVISOR, "超过售后期", T0.plusSeconds(60));

        for (Case kase : new Case[] {resolved, rejected}) {
            CaseStatus status = kase.status();
            assertThatThrownBy(() -> kase.assign(SUPERVISOR, T0.plusSeconds(90)))
                    .isInstanceOfSatisfying(IllegalCaseMove.class, e -> assertThat(e.currentStatus()).isEqualTo(status));
            assertThatThrownBy(() -> kase.resolve(SUPERVISOR, Outcome.REFUNDED, "x", null, T0.plusSeconds(90),
                    FOLLOW_UP_AFTER, LIMITS)).isInstanceOf(IllegalCaseMove.class).hasMessageContaining(status.name());
            assertThatThrownBy(() -> kase.reject(SUPERVISOR, "x", T0.plusSeconds(90)))
                    .isInstanceOf(IllegalCaseMove.class);
            kase.addNote(SUPERVISOR, "买家事后来电，已记录", T0.plusSeconds(90));
            assertThat(kase.status()).isEqualTo(status);
        }
    }

    @Test
    void notesAreKeptInOrderWithAuthorAndTime() {
        Case kase = agentCase();
        kase.addNote(AGENT, "买家称不退款就差评，聊天记录已保存", T0.plusSeconds(60));
        kase.addNote(SUPERVISOR, "按平台规则处理", T0.plusSeconds(120));

        assertThat(kase.snapshot().notes()).extracting(Case.Note::author, Case.Note::text, Case.Note::at)
                .containsExactly(tuple("agent-8", "买家称不退款就差评，聊天记录已保存", T0.plusSeconds(60)),
                        tuple("lead-1", "按平台规则处理", T0.plusSeconds(120)));
        assertThat(kase.snapshot().updatedAt()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void anAgentOpenedCaseIsAnnouncedAsOpenedByTheAgent() {
        Case.Opened opened = Case.open("shop-demo", "CS-1", ComplaintOpened.Kind.COMPLAINT,
                ComplaintOpened.OpenedBy.AGENT, new Case.Details(null, "buyer-1", "jd", null, "客服态度差"), T0, TARGETS);

        assertThat(opened.event().openedBy()).isEqualTo(ComplaintOpened.OpenedBy.AGENT);
        assertThat(opened.event().orderId()).isNull();
        assertThat(opened.event().amount()).isNull();
        assertThat(opened.event().key()).isEqualTo("CS-1");
    }

    @Test
    void aCaseSurvivesStorageUnchanged() {
        Case kase = Case.openFor(refund, TARGETS).opened();
        kase.assign(AGENT, T0.plusSeconds(60));
        kase.addNote(AGENT, "已联系快递", T0.plusSeconds(90));
        kase.escalate(AGENT, "超出权限", T0.plus(Duration.ofMinutes(5)));

        assertThat(Case.restore(kase.snapshot()).snapshot()).isEqualTo(kase.snapshot());
    }

    @Test
    void aCaseIsDueToBeResolvedWithinItsKindsTargetInCalendarTime() {
        CaseTargets targets = new CaseTargets(Duration.ofHours(12), Duration.ofHours(48), Duration.ofHours(72),
                Duration.ofHours(96), Duration.ofHours(36), Duration.ofHours(60), FOLLOW_UP_AFTER);
        // 03:00 UTC on a Thursday: nights and weekends count, as on the marketplaces' after-sales clocks
        for (ComplaintOpened.Kind kind : ComplaintOpened.Kind.values()) {
            Case kase = Case.open("shop-demo", "CS-" + kind, kind, ComplaintOpened.OpenedBy.AGENT,
                    new Case.Details(null, "buyer-1", "jd", null, "r"), T0, targets).opened();
            assertThat(kase.resolutionDue()).as(kind.name()).isEqualTo(T0.plus(targets.resolution(kind)));
        }
        assertThat(Case.openFor(refund, targets).opened().resolutionDue())
                .as("a refund request's case counts from when the buyer asked")
                .isEqualTo(refund.requestedAt().plus(Duration.ofHours(72)));
    }

    @Test
    void aCaseStillOpenAtItsDueTimeOwesOneBreachWithItsAssignee() {
        Case kase = agentCase(); // RETURN: 72 h
        kase.assign(AGENT, T0.plusSeconds(60));
        Instant due = T0.plus(Duration.ofHours(72));

        assertThat(kase.resolutionBreach(due.minusSeconds(1))).as("not due yet").isNull();
        SlaBreached breach = kase.resolutionBreach(due.plusSeconds(42));

        assertThat(breach).isEqualTo(new SlaBreached("shop-demo", SlaBreached.Target.RESOLUTION, "CS-1", "buyer-1",
                "RETURN", "agent-8", 72 * 3600, T0, due, 42, due.plusSeconds(42)));
        assertThat(breach.key()).isEqualTo("CS-1");
        assertThat(kase.resolutionBreach(due)).as("due exactly: missed").isNotNull();
    }

    @Test
    void aBreachReportedOrACaseClosedOwesNothing() {
        Instant late = T0.plus(Duration.ofDays(10));
        Case resolved = agentCase();
        resolved.resolve(AGENT, Outcome.EXPLAINED, "ok", null, T0.plusSeconds(60), FOLLOW_UP_AFTER, LIMITS);
        Case rejected = agentCase();
        rejected.reject(SUPERVISOR, "超过售后期", T0.plusSeconds(60));
        assertThat(resolved.resolutionBreach(late)).isNull();
        assertThat(rejected.resolutionBreach(late)).isNull();
        assertThat(resolved.resolutionTargetMet()).isTrue();
        assertThat(rejected.resolutionTargetMet()).as("a rejection is not a resolution").isFalse();

        Case.Snapshot reported = agentCase().snapshot();
        Case breached = Case.restore(withBreach(reported, late));
        assertThat(breached.resolutionPending()).isFalse();
        assertThat(breached.resolutionBreach(late.plusSeconds(60))).as("reported once").isNull();
        breached.resolve(AGENT, Outcome.EXPLAINED, "终于解决", null, late.plusSeconds(60), FOLLOW_UP_AFTER, LIMITS);
        assertThat(breached.resolutionTargetMet()).isFalse();
        assertThat(breached.snapshot().resolutionBreachedAt()).as("kept after the resolution").isEqualTo(late);
    }

    @Test
    void aResolvedCaseOwesAFollowUpVisitLaterAndRemembersWhoResolvedIt() {
        Case kase = agentCase();
        kase.escalate(AGENT, "超出权限", T0.plusSeconds(60));
        kase.resolve(SUPERVISOR, Outcome.REFUNDED, "已退款", null, T0.plusSeconds(600), FOLLOW_UP_AFTER, LIMITS);

        Case.Snapshot s = kase.snapshot();
        assertThat(s.resolvedBy()).isEqualTo("lead-1");
        assertThat(s.escalatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(s.followUp()).isEqualTo(new FollowUp(FollowUp.Status.DUE, T0.plusSeconds(600).plus(FOLLOW_UP_AFTER),
                null, null, null, null, null, null));

        Case rejected = agentCase();
        rejected.reject(SUPERVISOR, "恶意索赔", T0.plusSeconds(60));
        assertThat(rejected.snapshot().followUp()).as("a rejected buyer is not surveyed").isNull();
        assertThat(rejected.snapshot().resolvedBy()).isNull();
    }

    @Test
    void aVisitIsMadeOnceAndOnlyForAResolvedCase() {
        Case open = agentCase();
        assertThatThrownBy(() -> open.visit("agent-8", FollowUp.Via.AGENT, null, "x", T0))
                .isInstanceOf(CaseRuleViolation.class).hasMessageContaining("OPEN");

        Case kase = resolvedCase();
        Instant at = T0.plus(Duration.ofDays(3));
        kase.visit("agent-9", FollowUp.Via.SURVEY, "msg-1", null, at);
        assertThat(kase.followUp()).isEqualTo(new FollowUp(FollowUp.Status.VISITED, T0.plusSeconds(60)
                .plus(FOLLOW_UP_AFTER), at, "agent-9", FollowUp.Via.SURVEY, "msg-1", null, null));
        assertThat(kase.status()).isEqualTo(CaseStatus.FOLLOWED_UP);
        assertThatThrownBy(() -> kase.visit("agent-9", FollowUp.Via.AGENT, null, "again", at.plusSeconds(1)))
                .isInstanceOf(IllegalCaseMove.class).hasMessageContaining("FOLLOWED_UP");
    }

    @Test
    void aCaseTakesOneSatisfactionScore() {
        Case kase = resolvedCase();
        FollowUp.Csat five = new FollowUp.Csat(5, null, T0.plus(Duration.ofDays(4)), FollowUp.Csat.Source.MESSAGE, "m1");
        kase.answer(five);
        assertThat(kase.followUp().status()).isEqualTo(FollowUp.Status.ANSWERED);
        assertThat(kase.followUp().csat()).isEqualTo(five);
        assertThatThrownBy(() -> kase.answer(new FollowUp.Csat(1, "changed my mind", T0.plus(Duration.ofDays(5)),
                FollowUp.Csat.Source.CSAT_EVENT, "e2"))).isInstanceOf(CaseRuleViolation.class);
        assertThat(kase.followUp().csat().score()).isEqualTo(5);
        assertThatThrownBy(() -> new FollowUp.Csat(6, null, T0, FollowUp.Csat.Source.MESSAGE, "m"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> agentCase().answer(five)).isInstanceOf(CaseRuleViolation.class);
    }

    @Test
    void aSurveyVisitsTheLongestDueCaseElseTheLatestResolved() {
        Instant now = T0.plus(Duration.ofDays(10));
        Case older = resolvedCase("CS-OLD", T0.plusSeconds(60));
        Case newer = resolvedCase("CS-NEW", T0.plus(Duration.ofDays(1)));
        Case open = agentCase();
        assertThat(Case.toVisit(List.of(open, newer, older), now)).containsSame(older);

        Case soon = resolvedCase("CS-SOON", now.minusSeconds(60)); // due in 3 days
        Case later = resolvedCase("CS-LATER", now.minusSeconds(30));
        assertThat(Case.toVisit(List.of(soon, later), now)).as("nothing due yet: the latest resolved").containsSame(later);
        older.visit("a", FollowUp.Via.AGENT, null, null, now);
        assertThat(Case.toVisit(List.of(older, open), now)).isEmpty();
    }

    @Test
    void aScoreMessageAnswersTheLatestVisitWithinTheWindow() {
        Instant visit = T0.plus(Duration.ofDays(3));
        Case first = resolvedCase("CS-1", T0.plusSeconds(60));
        Case second = resolvedCase("CS-2", T0.plusSeconds(120));
        first.visit("a", FollowUp.Via.SURVEY, "m1", null, visit);
        second.visit("a", FollowUp.Via.SURVEY, "m2", null, visit.plusSeconds(10));
        List<Case> both = List.of(first, second);

        assertThat(Case.answeredByMessage(both, visit.plusSeconds(60))).containsSame(second);
        assertThat(Case.answeredByMessage(both, visit.minusSeconds(1))).as("written before the visit").isEmpty();
        assertThat(Case.answeredByMessage(both, visit.plusSeconds(10).plus(FollowUp.ANSWER_WINDOW)))
                .as("a week later it is just a message").isEmpty();
        assertThat(Case.answeredByMessage(List.of(resolvedCase()), visit)).as("not visited: no survey to answer")
                .isEmpty();
    }

    @Test
    void aCsatWithoutCaseRatesTheLatestVisitedElseTheLatestResolved() {
        Case visited = resolvedCase("CS-V", T0.plusSeconds(60));
        visited.visit("a", FollowUp.Via.SURVEY, "m1", null, T0.plus(Duration.ofDays(3)));
        Case unvisited = resolvedCase("CS-U", T0.plus(Duration.ofDays(2)));
        assertThat(Case.answeredByCsat(List.of(unvisited, visited))).containsSame(visited);
        assertThat(Case.answeredByCsat(List.of(unvisited, agentCase()))).containsSame(unvisited);
        assertThat(Case.answeredByCsat(List.of(agentCase()))).isEmpty();
    }

    @Test
    void everyChangeAnAgentSeesIsOneCaseUpdatedWithTheCaseAsItIsAfterIt() {
        Case kase = agentCase();
        assertThat(kase.assign(AGENT, T0.plusSeconds(60)).orElseThrow())
                .isEqualTo(new CaseUpdated("shop-demo", "CS-1", "buyer-1", "TB1", ComplaintOpened.Kind.RETURN,
                        CaseUpdated.Change.ASSIGNED, CaseUpdated.Status.IN_PROGRESS, "agent-8", "agent-8",
                        T0.plusSeconds(60), null, null, null));
        assertThat(kase.addNote(AGENT, "已联系快递", T0.plusSeconds(90)).orElseThrow())
                .extracting(CaseUpdated::change, CaseUpdated::status, CaseUpdated::by, CaseUpdated::at)
                .containsExactly(CaseUpdated.Change.NOTED, CaseUpdated.Status.IN_PROGRESS, "agent-8", T0.plusSeconds(90));
        assertThat(kase.escalate(AGENT, "超出权限", T0.plusSeconds(120)).orElseThrow())
                .extracting(CaseUpdated::change, CaseUpdated::status, CaseUpdated::assignee, CaseUpdated::by)
                .containsExactly(CaseUpdated.Change.ESCALATED, CaseUpdated.Status.ESCALATED, "agent-8", "agent-8");
        assertThat(kase.assign(SUPERVISOR, T0.plusSeconds(150)).orElseThrow())
                .as("a supervisor takes the escalated case: it stays escalated")
                .extracting(CaseUpdated::change, CaseUpdated::status, CaseUpdated::assignee, CaseUpdated::by)
                .containsExactly(CaseUpdated.Change.ASSIGNED, CaseUpdated.Status.ESCALATED, "lead-1", "lead-1");
        assertThat(kase.resolve(SUPERVISOR, Outcome.COMPENSATED, "赔偿20元", null, T0.plusSeconds(180), FOLLOW_UP_AFTER, LIMITS)
                .get(0))
                .isEqualTo(new CaseUpdated("shop-demo", "CS-1", "buyer-1", "TB1", ComplaintOpened.Kind.RETURN,
                        CaseUpdated.Change.RESOLVED, CaseUpdated.Status.RESOLVED, "lead-1", "lead-1",
                        T0.plusSeconds(180), CaseUpdated.Outcome.COMPENSATED, CaseUpdated.FollowUp.DUE, null));
        Instant visited = T0.plus(Duration.ofDays(3));
        assertThat(kase.visit(null, FollowUp.Via.SURVEY, "msg-1", null, visited).orElseThrow())
                .as("a survey sent without an agent: Kefu visited")
                .extracting(CaseUpdated::change, CaseUpdated::followUp, CaseUpdated::by, CaseUpdated::at)
                .containsExactly(CaseUpdated.Change.VISITED, CaseUpdated.FollowUp.VISITED, "kefu", visited);
        FollowUp.Csat four = new FollowUp.Csat(4, "还行", visited.plusSeconds(30), FollowUp.Csat.Source.MESSAGE, "m1");
        assertThat(kase.answer(four).orElseThrow())
                .isEqualTo(new CaseUpdated("shop-demo", "CS-1", "buyer-1", "TB1", ComplaintOpened.Kind.RETURN,
                        CaseUpdated.Change.ANSWERED, CaseUpdated.Status.FOLLOWED_UP, "lead-1", "buyer",
                        visited.plusSeconds(30), CaseUpdated.Outcome.COMPENSATED, CaseUpdated.FollowUp.ANSWERED, 4));

        Case byAgent = resolvedCase();
        assertThat(byAgent.visit("agent-9", FollowUp.Via.AGENT, null, "电话回访", T0.plusSeconds(90)).orElseThrow().by())
                .isEqualTo("agent-9");
        Case rejected = agentCase();
        assertThat(rejected.reject(SUPERVISOR, "恶意索赔", T0.plusSeconds(60)).orElseThrow())
                .isEqualTo(new CaseUpdated("shop-demo", "CS-1", "buyer-1", "TB1", ComplaintOpened.Kind.RETURN,
                        CaseUpdated.Change.REJECTED, CaseUpdated.Status.REJECTED, null, "lead-1", T0.plusSeconds(60),
                        null, null, null));
    }

    @Test
    void takingACaseOneAlreadyWorksOnChangesNothingAndAnnouncesNothing() {
        Case kase = agentCase();
        kase.assign(AGENT, T0.plusSeconds(60));
        Case.Snapshot before = kase.snapshot();

        assertThat(kase.assign(AGENT, T0.plusSeconds(90))).isEmpty();
        assertThat(kase.snapshot()).isEqualTo(before);
        assertThat(kase.assign(new Actor("agent-9", false), T0.plusSeconds(120)).orElseThrow().assignee())
                .as("another agent taking it over is a change").isEqualTo("agent-9");

        kase.escalate(AGENT, "超出权限", T0.plusSeconds(150));
        kase.assign(SUPERVISOR, T0.plusSeconds(160));
        assertThat(kase.assign(SUPERVISOR, T0.plusSeconds(170))).as("the supervisor again").isEmpty();
    }

    @Test
    void aCaseUpdatedCarriesNoTextOfTheCase() {
        Case kase = agentCase();
        List<CaseUpdated> updates = List.of(
                kase.addNote(AGENT, "买家电话13800000000", T0.plusSeconds(30)).orElseThrow(),
                kase.escalate(AGENT, "买家要求三倍赔偿", T0.plusSeconds(60)).orElseThrow(),
                (CaseUpdated) kase.resolve(SUPERVISOR, Outcome.REFUNDED, "已退款到支付宝", null, T0.plusSeconds(90),
                        FOLLOW_UP_AFTER, LIMITS).get(0),
                kase.visit("agent-9", FollowUp.Via.AGENT, null, "回访：买家地址北京市", T0.plusSeconds(120)).orElseThrow(),
                kase.answer(new FollowUp.Csat(2, "快递太慢", T0.plusSeconds(150), FollowUp.Csat.Source.CSAT_EVENT, "e1"))
                        .orElseThrow());

        String json = EventJson.mapper().writeValueAsString(updates);
        assertThat(json).doesNotContain("13800000000", "三倍", "支付宝", "北京", "快递太慢", "尺码不合适", "59.90");
    }

    @Test
    void everyStatusOutcomeAndFollowUpOfACaseHasItsNameInTheContract() {
        assertThat(Arrays.stream(CaseStatus.values()).map(Enum::name))
                .containsExactlyElementsOf(Arrays.stream(CaseUpdated.Status.values()).map(Enum::name).toList());
        assertThat(Arrays.stream(Outcome.values()).map(Enum::name))
                .containsExactlyElementsOf(Arrays.stream(CaseUpdated.Outcome.values()).map(Enum::name).toList());
        assertThat(Arrays.stream(FollowUp.Status.values()).map(Enum::name))
                .containsExactlyElementsOf(Arrays.stream(CaseUpdated.FollowUp.values()).map(Enum::name).toList());
    }

    private static Case resolvedCase() {
        return resolvedCase("CS-1", T0.plusSeconds(60));
    }

    private static Case resolvedCase(String caseId, Instant resolvedAt) {
        Case kase = Case.open("shop-demo", caseId, ComplaintOpened.Kind.COMPLAINT, ComplaintOpened.OpenedBy.AGENT,
                new Case.Details(null, "buyer-1", "jd", null, "态度差"), T0, TARGETS).opened();
        kase.resolve(AGENT, Outcome.EXPLAINED, "已道歉", null, resolvedAt, FOLLOW_UP_AFTER, LIMITS);
        return kase;
    }

    private static Case.Snapshot withBreach(Case.Snapshot s, Instant at) {
        return new Case.Snapshot(s.shopId(), s.caseId(), s.kind(), s.openedBy(), s.status(), s.orderId(), s.buyerId(),
                s.platform(), s.amount(), s.reason(), s.assignee(), s.escalatedBy(), s.escalationReason(),
                s.waitingReason(), s.outcome(), s.resolution(), s.compensation(), s.rejectionReason(), s.closedBy(),
                s.closeReason(), s.notes(), s.openedAt(), s.updatedAt(), s.resolvedAt(), s.closedAt(),
                s.resolutionDue(), at, s.escalatedAt(), s.resolvedBy(), s.approvedBy(), s.approval(), s.refund(),
                s.followUp(), s.history(), s.notesHead());
    }

    private static Case agentCase() {
        return Case.open("shop-demo", "CS-1", ComplaintOpened.Kind.RETURN, ComplaintOpened.OpenedBy.AGENT,
                new Case.Details("TB1", "buyer-1", "taobao", new BigDecimal("59.90"), "尺码不合适"), T0, TARGETS).opened();
    }

    private ComplaintOpened.Kind kindFor(MarketplaceRefundRequested.Kind kind) {
        return Case.openFor(new MarketplaceRefundRequested("shop-demo", "taobao", "TB1", "buyer-1", "R1", kind,
                BigDecimal.TEN, null, T0), TARGETS).event().kind();
    }
}
