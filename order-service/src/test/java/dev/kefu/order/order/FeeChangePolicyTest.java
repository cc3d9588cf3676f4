package dev.kefu.order.order;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The 改价 rules, one by one, for agents and supervisors, at their boundaries (the built-in 20 / 100 / 30%). */
class FeeChangePolicyTest {

    private static final FeeChangePolicy POLICY = new FeeChangePolicy(new BigDecimal("20"), new BigDecimal("100"), 30);
    private static final BigDecimal TOTAL = new BigDecimal("199.00");
    private static final boolean AGENT = false;
    private static final boolean SUPERVISOR = true;

    @ParameterizedTest(name = "{0}: {1} → {2}")
    @CsvSource({
            // who, new total, allowed, the rule that refuses it
            "agent,      189.00, true,  ",
            "agent,      179.00, true,  ",                        // exactly the agent's 20.00
            "agent,      178.99, false, agent-max-discount",
            "supervisor, 178.99, true,  ",
            "supervisor, 139.30, true,  ",                        // exactly 30% of 199.00 (59.70)
            "supervisor, 139.29, false, max-discount-percent",
            "agent,      250.00, true,  ",                        // a price increase needs nobody's approval
            "supervisor, 250.00, true,  ",
            "agent,      0.01,   false, agent-max-discount",
    })
    void theDiscountIsWithinTheCallersLimitAndTheShopsPercentage(String who, String newTotal, boolean allowed,
                                                                   String rule) {
        FeeChangePolicy.Verdict verdict = POLICY.judge(TOTAL, TOTAL, new BigDecimal(newTotal), null,
                who.equals("supervisor"));

        assertThat(verdict.allowed()).isEqualTo(allowed);
        if (rule != null) {
            assertThat(verdict.refusals()).extracting(FeeChangePolicy.Refusal::rule).contains(rule);
            assertThat(verdict.refusals()).extracting(FeeChangePolicy.Refusal::field).containsOnly("newTotal");
        }
    }

    @Test
    void anAgentOverTheLimitIsToldWhatASupervisorMayApprove() {
        FeeChangePolicy.Verdict verdict = POLICY.judge(TOTAL, TOTAL, new BigDecimal("170.00"), null, AGENT);

        assertThat(verdict.refusals()).singleElement().extracting(FeeChangePolicy.Refusal::reason).isEqualTo(
                "agent-max-discount: an agent may lower the total by at most 20.00; a supervisor may approve up to 100.00");
        assertThat(verdict.detail()).isEqualTo("lowering the total from 199.00 to 170.00 is a discount of 29.00");
        assertThat(verdict.needsSupervisor()).isTrue();
    }

    @Test
    void aSupervisorsRequestIsTheApprovalAnAgentsChangeNeeds() {
        FeeChangePolicy.Verdict beyondAgent = POLICY.judge(TOTAL, TOTAL, new BigDecimal("170.00"), null, SUPERVISOR);
        FeeChangePolicy.Verdict withinAgent = POLICY.judge(TOTAL, TOTAL, new BigDecimal("189.00"), null, SUPERVISOR);

        assertThat(beyondAgent.allowed()).isTrue();
        assertThat(beyondAgent.needsSupervisor()).isTrue();
        assertThat(beyondAgent.discount()).isEqualByComparingTo("29.00");
        assertThat(withinAgent.needsSupervisor()).as("nothing to approve").isFalse();
    }

    @Test
    void aSupervisorHasALimitToo() {
        FeeChangePolicy generous = new FeeChangePolicy(new BigDecimal("20"), new BigDecimal("100"), 90);
        BigDecimal big = new BigDecimal("500.00");

        assertThat(generous.judge(big, big, new BigDecimal("400.00"), null, SUPERVISOR).allowed()).isTrue();
        assertThat(generous.judge(big, big, new BigDecimal("399.99"), null, SUPERVISOR).refusals())
                .singleElement().extracting(FeeChangePolicy.Refusal::reason)
                .isEqualTo("supervisor-max-discount: a supervisor may lower the total by at most 100.00");
    }

    @Test
    void thePercentageBindsEveryoneAndIsReportedBesideTheRoleLimit() {
        BigDecimal small = new BigDecimal("50.00"); // 30% = 15.00, below the agent's 20.00

        assertThat(POLICY.judge(small, small, new BigDecimal("35.00"), null, AGENT).allowed()).isTrue();
        assertThat(POLICY.judge(small, small, new BigDecimal("34.99"), null, AGENT).refusals())
                .singleElement().extracting(FeeChangePolicy.Refusal::reason)
                .isEqualTo("max-discount-percent: nobody may lower the total by more than 30% of 50.00 (15.00)");
        assertThat(POLICY.judge(TOTAL, TOTAL, new BigDecimal("100.00"), null, AGENT).refusals())
                .extracting(FeeChangePolicy.Refusal::rule).containsExactly("agent-max-discount", "max-discount-percent");
    }

    @Test
    void theNewTotalMustBeMoreThanZero() {
        for (String total : new String[]{"0.00", "0", "-5.00"}) {
            assertThat(POLICY.judge(TOTAL, TOTAL, new BigDecimal(total), null, SUPERVISOR).refusals())
                    .as(total).singleElement().extracting(FeeChangePolicy.Refusal::rule).isEqualTo("positive-total");
        }
    }

    @Test
    void aShippingFeeIsBetweenZeroAndTheNewTotal() {
        assertThat(POLICY.judge(TOTAL, TOTAL, new BigDecimal("189.00"), new BigDecimal("0.00"), AGENT).allowed()).isTrue();
        assertThat(POLICY.judge(TOTAL, TOTAL, new BigDecimal("189.00"), new BigDecimal("189.00"), AGENT).allowed()).isTrue();
        assertThat(POLICY.judge(TOTAL, TOTAL, new BigDecimal("189.00"), new BigDecimal("189.01"), AGENT).refusals())
                .singleElement().satisfies(r -> {
                    assertThat(r.field()).isEqualTo("shippingFee");
                    assertThat(r.rule()).isEqualTo("shipping-fee-within-total");
                });
        assertThat(POLICY.judge(TOTAL, TOTAL, new BigDecimal("189.00"), new BigDecimal("-1"), AGENT).refusals())
                .singleElement().extracting(FeeChangePolicy.Refusal::rule).isEqualTo("shipping-fee-not-negative");
    }

    @Test
    void aChangeMustChangeSomething() {
        assertThat(POLICY.judge(TOTAL, TOTAL, new BigDecimal("199"), null, AGENT).refusals())
                .singleElement().extracting(FeeChangePolicy.Refusal::rule).isEqualTo("no-change");
        assertThat(POLICY.judge(TOTAL, TOTAL, new BigDecimal("199.00"), new BigDecimal("0.00"), AGENT).allowed())
                .as("包邮 at the same total: the shipping fee changes").isTrue();
    }

    @Test
    void smallChangesCannotAddUpToMoreThanOneMayGive() {
        BigDecimal afterOneChange = new BigDecimal("185.00"); // an agent already gave 14.00 of 199.00

        assertThat(POLICY.judge(afterOneChange, TOTAL, new BigDecimal("179.00"), null, AGENT).allowed()).isTrue();
        FeeChangePolicy.Verdict again = POLICY.judge(afterOneChange, TOTAL, new BigDecimal("178.00"), null, AGENT);
        assertThat(again.refusals()).extracting(FeeChangePolicy.Refusal::rule).containsExactly("agent-max-discount");
        assertThat(again.detail()).isEqualTo("lowering the total from 199.00 (the total at creation; it is 185.00 now)"
                + " to 178.00 is a discount of 21.00");
        // raising it back from a discount is an increase: nobody needs to approve it
        assertThat(POLICY.judge(new BigDecimal("120.00"), TOTAL, new BigDecimal("150.00"), null, AGENT).allowed()).isTrue();
    }

    @Test
    void aHigherTotalAfterAnIncreaseIsTheReference() {
        BigDecimal raised = new BigDecimal("215.00"); // shipping was added after creation at 199.00

        assertThat(POLICY.judge(raised, TOTAL, new BigDecimal("195.00"), null, AGENT).allowed()).isTrue();
        assertThat(POLICY.judge(raised, TOTAL, new BigDecimal("194.99"), null, AGENT).refusals())
                .extracting(FeeChangePolicy.Refusal::rule).containsExactly("agent-max-discount");
    }

    @Test
    void fractionalLimitsAreComparedExactlyAndShownAsMoney() {
        BigDecimal odd = new BigDecimal("99.99"); // 30% = 29.997
        FeeChangePolicy percentOnly = new FeeChangePolicy(new BigDecimal("1000"), new BigDecimal("1000"), 30);

        assertThat(percentOnly.judge(odd, odd, new BigDecimal("69.9930"), null, AGENT).allowed()).isTrue();
        assertThat(percentOnly.judge(odd, odd, new BigDecimal("69.9929"), null, AGENT).refusals())
                .singleElement().extracting(FeeChangePolicy.Refusal::explanation)
                .isEqualTo("nobody may lower the total by more than 30% of 99.99 (29.997)");
        assertThat(FeeChangePolicy.money(new BigDecimal("100"))).isEqualTo("100.00");
        assertThat(FeeChangePolicy.money(new BigDecimal("1E+2"))).isEqualTo("100.00");
    }

    @Test
    void aPolicyNeedsSensibleLimits() {
        assertThatThrownBy(() -> new FeeChangePolicy(new BigDecimal("-1"), BigDecimal.TEN, 30))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeeChangePolicy(BigDecimal.ONE, BigDecimal.TEN, 101))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
