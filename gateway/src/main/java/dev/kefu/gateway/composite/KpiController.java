package dev.kefu.gateway.composite;

import dev.kefu.platform.kpi.KpiQuery;
import dev.kefu.platform.security.Agent;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/kpis?from=&to=[&agentId=]}: the figures a supervisor appraises the team by, each computed by the
 * service that keeps its facts ({@code /api/<resource>/kpis}) and merged here into one answer: the shop's figures and
 * each agent's ({@link KpiSources}). Supervisors see every agent, an agent only themselves ({@link KpiQuery}, checked
 * here and again by every service). A service that does not answer is named in {@code unavailable}.
 */
@RestController
class KpiController {

    private final KpiSources kpis;

    KpiController(KpiSources kpis) {
        this.kpis = kpis;
    }

    @Operation(summary = "Response, conversion, case, review and satisfaction figures of a period",
            description = """
                    from and to are ISO-8601 instants, the period [from, to) at most 93 days. shop is absent when the \
                    figures are one agent's (an agent's own, or agentId given by a supervisor). A rate is \
                    {count, of, value}; value is null when there is nothing to divide by.""")
    @GetMapping("/api/kpis")
    Mono<KpiSources.Kpis> kpis(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) String from,
                               @RequestParam(required = false) String to,
                               @RequestParam(required = false) String agentId) {
        return kpis.of(KpiQuery.of(Agent.of(jwt), from, to, agentId), jwt.getTokenValue());
    }
}
