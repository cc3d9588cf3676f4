package dev.kefu.aftersales.cases;

import dev.kefu.events.aftersales.ComplaintOpened;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every action in every status, through the case's own API: each legal move lands where the spec below says and is
 * recorded in the history; each illegal one is an {@link IllegalCaseMove} naming the current status and changes
 * nothing. The spec is written out here, apart from {@link CaseStatus}'s table, so the two are checked against each
 * other rather than the table against itself.
 */
class CaseTransitionsTest {

    private static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");
    private static final Actor AGENT = new Actor("agent-8", false);
    private static final Actor LEAD = new Actor("lead-1", true);
    private static final Actor OTHER_LEAD = new Actor("lead-2", true);
    private static final Duration FOLLOW_UP_AFTER = Duration.ofDays(3);
    private static final CaseLimits LIMITS = new CaseLimits(new BigDecimal("50"), new BigDecimal("500"));

    /** What an agent or supervisor may do, status by status: action → the status it leads to. */
    private static final String SPEC = """
            OPEN                 ASSIGN>IN_PROGRESS WAIT_FOR_BUYER>WAITING_FOR_BUYER ESCALATE>ESCALATED \
            REQUEST_APPROVAL>WAITING_FOR_APPROVAL RESOLVE>RESOLVED REJECT>REJECTED NOTE>OPEN CLOSE>CLOSED
            IN_PROGRESS          ASSIGN>IN_PROGRESS WAIT_FOR_BUYER>WAITING_FOR_BUYER ESCALATE>ESCALATED \
            REQUEST_APPROVAL>WAITING_FOR_APPROVAL RESOLVE>RESOLVED REJECT>REJECTED NOTE>IN_PROGRESS CLOSE>CLOSED
            WAITING_FOR_BUYER    ASSIGN>WAITING_FOR_BUYER RESUME>IN_PROGRESS ESCALATE>ESCALATED \
            REQUEST_APPROVAL>WAITING_FOR_APPROVAL RESOLVE>RESOLVED REJECT>REJECTED NOTE>WAITING_FOR_BUYER CLOSE>CLOSED
            WAITING_FOR_APPROVAL APPROVE>RESOLVED DENY>IN_PROGRESS NOTE>WAITING_FOR_APPROVAL CLOSE>CLOSED
            ESCALATED            ASSIGN>ESCALATED REQUEST_APPROVAL>WAITING_FOR_APPROVAL RESOLVE>RESOLVED \
            REJECT>REJECTED NOTE>ESCALATED CLOSE>CLOSED
            RESOLVED             VISIT>FOLLOWED_UP ANSWER>RESOLVED REOPEN>IN_PROGRESS NOTE>RESOLVED CLOSE>CLOSED
            REJECTED             REOPEN>IN_PROGRESS NOTE>REJECTED CLOSE>CLOSED
            FOLLOWED_UP          ANSWER>FOLLOWED_UP REOPEN>IN_PROGRESS NOTE>FOLLOWED_UP CLOSE>CLOSED
            CLOSED               NOTE>CLOSED
            """;

    static Stream<Arguments> everyStatusAndAction() {
        Map<CaseStatus, Map<CaseAction, CaseStatus>> spec = spec();
        List<Arguments> all = new ArrayList<>();
        for (CaseStatus status : CaseStatus.values()) {
            for (CaseAction action : CaseAction.values()) {
                if (action == CaseAction.SUPERSEDE) {
                    continue; // the marketplace's own move, no agent's: RefundLifecycleTest
                }
                all.add(Arguments.of(status, action, spec.get(status).get(action)));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @MethodSource("everyStatusAndAction")
    void eachActionInEachStatusMovesAsTheSpecSaysOrIsRefusedNamingTheStatus(CaseStatus from, CaseAction action,
                                                                             CaseStatus expected) {
        Case kase = caseIn(from);
        assertThat(kase.status()).isEqualTo(from);
        int moves = kase.snapshot().history().size();
        if (expected == null) {
            Case.Snapshot before = kase.snapshot();
            assertThatThrownBy(() -> perform(kase, action))
                    .isInstanceOfSatisfying(IllegalCaseMove.class, e -> {
                        assertThat(e.currentStatus()).isEqualTo(from);
                        assertThat(e.action()).isEqualTo(action);
                    })
                    .hasMessageContaining(from.name());
            assertThat(kase.snapshot()).isEqualTo(before);
            return;
        }
        perform(kase, action);
        assertThat(kase.status()).isEqualTo(expected);
        if (action != CaseAction.NOTE && action != CaseAction.ANSWER) {
            Transition last = kase.snapshot().history().get(kase.snapshot().history().size() - 1);
            assertThat(kase.snapshot().history()).hasSize(moves + 1);
            assertThat(last.from()).isEqualTo(from);
            assertThat(last.to()).isEqualTo(expected);
            assertThat(last.action()).isEqualTo(action);
            assertThat(last.by()).isNotBlank();
            assertThat(last.at()).isNotNull();
        }
    }

    /** A case brought to {@code status} through legal moves only. */
    private static Case caseIn(CaseStatus status) {
        Case kase = Case.open("shop-demo", "CS-1", ComplaintOpened.Kind.COMPLAINT, ComplaintOpened.OpenedBy.AGENT,
                new Case.Details("TB1", "buyer-1", "taobao", new BigDecimal("30.00"), "少发一件"), T0,
                CaseTest.TARGETS).opened();
        Instant at = T0.plusSeconds(60);
        switch (status) {
            case OPEN -> { }
            case IN_PROGRESS -> kase.assign(AGENT, at);
            case WAITING_FOR_BUYER -> kase.waitForBuyer(AGENT, "等买家发照片", at);
            case WAITING_FOR_APPROVAL -> kase.resolve(AGENT, Outcome.COMPENSATED, "补偿80元", new BigDecimal("80"), at,
                    FOLLOW_UP_AFTER, LIMITS);
            case ESCALATED -> kase.escalate(AGENT, "买家要求三倍赔偿", at);
            case RESOLVED -> resolve(kase, at);
            case REJECTED -> kase.reject(LEAD, "恶意索赔", at);
            case FOLLOWED_UP -> {
                resolve(kase, at);
                kase.visit("agent-9", FollowUp.Via.AGENT, null, "电话回访", at.plusSeconds(60));
            }
            case CLOSED -> {
                resolve(kase, at);
                kase.close(AGENT, null, at.plusSeconds(60));
            }
        }
        return kase;
    }

    private static void resolve(Case kase, Instant at) {
        kase.resolve(AGENT, Outcome.EXPLAINED, "已补发", null, at, FOLLOW_UP_AFTER, LIMITS);
    }

    /** The action through the case's API, by someone its authority rules let do it (a supervisor, not the requester). */
    private static void perform(Case kase, CaseAction action) {
        Instant at = T0.plusSeconds(3600);
        switch (action) {
            case ASSIGN -> kase.assign(LEAD, at);
            case WAIT_FOR_BUYER -> kase.waitForBuyer(LEAD, "等买家回复", at);
            case RESUME -> kase.resume(LEAD, at);
            case ESCALATE -> kase.escalate(AGENT, "超出权限", at);
            case REQUEST_APPROVAL -> kase.resolve(LEAD, Outcome.COMPENSATED, "补偿600元", new BigDecimal("600"), at,
                    FOLLOW_UP_AFTER, LIMITS);
            case APPROVE -> kase.decide(OTHER_LEAD, true, null, at, FOLLOW_UP_AFTER);
            case DENY -> kase.decide(OTHER_LEAD, false, "金额过高", at, FOLLOW_UP_AFTER);
            case RESOLVE -> kase.resolve(LEAD, Outcome.EXPLAINED, "已解释", null, at, FOLLOW_UP_AFTER, LIMITS);
            case REJECT -> kase.reject(LEAD, "超过售后期", at);
            case NOTE -> kase.addNote(LEAD, "备注", at);
            case VISIT -> kase.visit("agent-9", FollowUp.Via.AGENT, null, "回访", at);
            case ANSWER -> kase.answer(new FollowUp.Csat(5, null, at, FollowUp.Csat.Source.CSAT_EVENT, "e1"));
            case CLOSE -> kase.close(LEAD, "买家撤销", at);
            case REOPEN -> kase.reopen(LEAD, "买家说问题没解决", at, CaseTest.TARGETS);
        }
    }

    private static Map<CaseStatus, Map<CaseAction, CaseStatus>> spec() {
        Map<CaseStatus, Map<CaseAction, CaseStatus>> spec = new EnumMap<>(CaseStatus.class);
        for (String line : SPEC.strip().split("\n")) {
            String[] words = line.trim().split("\\s+");
            Map<CaseAction, CaseStatus> moves = new EnumMap<>(CaseAction.class);
            for (int i = 1; i < words.length; i++) {
                String[] move = words[i].split(">");
                moves.put(CaseAction.valueOf(move[0]), CaseStatus.valueOf(move[1]));
            }
            spec.put(CaseStatus.valueOf(words[0]), moves);
        }
        assertThat(spec).containsOnlyKeys(CaseStatus.values());
        return spec;
    }
}
