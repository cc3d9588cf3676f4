package dev.kefu.platform.kpi;

import dev.kefu.platform.security.Agent;
import dev.kefu.platform.web.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KpiQueryTest {

    private static final Agent SUPERVISOR = new Agent("shop-demo", "lead-1", List.of("supervisor"));
    private static final Agent AGENT = new Agent("shop-demo", "agent-7", List.of("agent"));
    private static final String FROM = "2026-11-23T00:00:00Z";
    private static final String TO = "2026-11-24T00:00:00Z";

    @Test
    void aSupervisorSeesTheShopOrOneAgentAndAnAgentOnlyThemselves() {
        KpiQuery shop = KpiQuery.of(SUPERVISOR, FROM, TO, null);
        assertThat(shop.wholeShop()).isTrue();
        assertThat(shop.includes("agent-3")).isTrue();
        assertThat(KpiQuery.of(SUPERVISOR, FROM, TO, "agent-3").includes("agent-4")).isFalse();

        KpiQuery own = KpiQuery.of(AGENT, FROM, TO, null);
        assertThat(own.wholeShop()).isFalse();
        assertThat(own.agentId()).isEqualTo("agent-7");
        assertThat(KpiQuery.of(AGENT, FROM, TO, "agent-7").agentId()).isEqualTo("agent-7");
        assertThatThrownBy(() -> KpiQuery.of(AGENT, FROM, TO, "agent-3")).isInstanceOf(ResponseStatusException.class)
                .hasMessageContaining("403");
    }

    @Test
    void thePeriodIsHalfOpenBoundedAndEveryBadParameterIsNamed() {
        KpiQuery day = KpiQuery.of(SUPERVISOR, FROM, TO, null);
        assertThat(day.covers(Instant.parse(FROM))).isTrue();
        assertThat(day.covers(Instant.parse(TO))).isFalse();

        assertThatThrownBy(() -> KpiQuery.of(SUPERVISOR, "yesterday", null, null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(InvalidRequestException.FieldError::field).containsExactly("from", "to"));
        assertThatThrownBy(() -> KpiQuery.of(SUPERVISOR, TO, FROM, null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(InvalidRequestException.FieldError::reason).containsExactly("must be after from"));
        assertThatThrownBy(() -> KpiQuery.of(SUPERVISOR, "2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z", null))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("93 days");
    }

    @Test
    void aRatioKeepsItsBaseAndHasNoValueWithoutOne() {
        assertThat(Ratio.of(6, 8)).isEqualTo(new Ratio(6, 8, 0.75));
        assertThat(Ratio.of(1, 3).value()).isEqualTo(0.3333);
        assertThat(Ratio.of(0, 0).value()).isNull();
    }
}
