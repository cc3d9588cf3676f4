package dev.kefu.gateway.composite;

import dev.kefu.events.kafka.EventJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerRiskTest {

    @Test
    void aQuietBuyerIsLowRisk() {
        assertThat(CustomerRisk.assess(List.of(json("{\"status\":\"PAID\",\"delayReported\":null}")), null, List.of(),
                List.of()).level()).isEqualTo(CustomerRisk.Level.LOW);
    }

    @Test
    void anEscalatedCaseAndABadReviewMakeAHighRiskWithReasons() {
        CustomerRisk risk = CustomerRisk.assess(List.of(), null, List.of(json("{\"status\":\"ESCALATED\"}")),
                List.of(json("{\"sentiment\":\"NEGATIVE\"}")));

        assertThat(risk.level()).isEqualTo(CustomerRisk.Level.HIGH);
        assertThat(risk.reasons()).containsExactly("1 open after-sales case(s)", "1 escalated case(s)", "1 bad review(s)");
        assertThat(risk.signals()).containsExactly(new CustomerRisk.Signal("open-cases", 1),
                new CustomerRisk.Signal("escalated-cases", 1), new CustomerRisk.Signal("bad-reviews", 1));
    }

    @Test
    void anUpsetBuyerWithALateParcelIsMediumRisk() {
        CustomerRisk risk = CustomerRisk.assess(List.of(json("{\"delayReported\":\"CARRIER_FAILED\"}")),
                json("{\"conversation\":{\"buyerMood\":\"NEGATIVE\",\"needsAttention\":false}}"), List.of(), List.of());

        assertThat(risk.level()).isEqualTo(CustomerRisk.Level.MEDIUM);
        assertThat(risk.score()).isEqualTo(2);
        assertThat(risk.signals()).extracting(CustomerRisk.Signal::code)
                .containsExactly("buyer-upset", "delayed-shipments");
    }

    private static JsonNode json(String text) {
        return EventJson.mapper().readTree(text);
    }
}
