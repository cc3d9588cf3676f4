package dev.kefu.conversation.kpi;

import dev.kefu.platform.kpi.KpiQuery;
import dev.kefu.platform.security.Agent;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/conversations/kpis}: the response and conversion figures (the gateway merges them into /api/kpis). */
@RestController
class ConversationKpiController {

    private final ConversationKpis kpis;

    ConversationKpiController(ConversationKpis kpis) {
        this.kpis = kpis;
    }

    @Operation(summary = "Response and inquiry-conversion figures of [from, to), the shop's and each agent's",
            description = "Supervisors see the shop and every agent (or agentId); an agent sees their own only.")
    @GetMapping("/api/conversations/kpis")
    Mono<ConversationKpis.Answer> kpis(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) String from,
                                       @RequestParam(required = false) String to,
                                       @RequestParam(required = false) String agentId) {
        return Mono.defer(() -> kpis.of(KpiQuery.of(Agent.of(jwt), from, to, agentId)));
    }
}
