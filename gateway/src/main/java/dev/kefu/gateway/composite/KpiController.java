package dev.kefu.gateway.composite;

import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.kpi.KpiQuery;
import dev.kefu.platform.security.Agent;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/kpis?from=&to=[&agentId=]}: the figures a supervisor appraises the team by, each computed by the
 * service that keeps its facts ({@code /api/<resource>/kpis}) and merged here into one answer: the shop's figures and
 * each agent's. Supervisors see every agent, an agent only themselves ({@link KpiQuery}, checked here and again by
 * every service). A service that does not answer is named in {@code unavailable}.
 */
@RestController
class KpiController {

    record Kpis(Instant from, Instant to, String agentId, JsonNode shop, JsonNode agents, List<String> unavailable) {
    }

    private final Downstream downstream;
    private final ServiceUrls services;

    KpiController(Downstream downstream, ServiceUrls services) {
        this.downstream = downstream;
        this.services = services;
    }

    @Operation(summary = "Response, conversion, case, review and satisfaction figures of a period",
            description = """
                    from and to are ISO-8601 instants, the period [from, to) at most 93 days. shop is absent when the \
                    figures are one agent's (an agent's own, or agentId given by a supervisor). A rate is \
                    {count, of, value}; value is null when there is nothing to divide by.""")
    @GetMapping("/api/kpis")
    Mono<Kpis> kpis(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) String from,
                    @RequestParam(required = false) String to, @RequestParam(required = false) String agentId) {
        KpiQuery query = KpiQuery.of(Agent.of(jwt), from, to, agentId);
        String token = jwt.getTokenValue();
        return Mono.zip(
                        downstream.get("conversation-service", uri(services.conversation(), "/api/conversations/kpis", query), token),
                        downstream.get("aftersales-service", uri(services.aftersales(), "/api/cases/kpis", query), token),
                        downstream.get("review-service", uri(services.review(), "/api/reviews/kpis", query), token))
                .map(parts -> {
                    List<Part> all = List.of(parts.getT1(), parts.getT2(), parts.getT3());
                    ObjectNode shop = EventJson.mapper().createObjectNode();
                    ObjectNode agents = EventJson.mapper().createObjectNode();
                    for (Part part : all) {
                        if (part.json() == null) {
                            continue;
                        }
                        if (part.json().path("shop").isObject()) {
                            shop.setAll((ObjectNode) part.json().get("shop"));
                        }
                        for (Map.Entry<String, JsonNode> agent : part.json().path("agents").properties()) {
                            if (agent.getValue().isObject()) {
                                JsonNode merged = agents.path(agent.getKey());
                                ObjectNode into = merged.isObject() ? (ObjectNode) merged : agents.putObject(agent.getKey());
                                into.setAll((ObjectNode) agent.getValue());
                            }
                        }
                    }
                    List<String> unavailable = all.stream().filter(p -> p.state() == Part.State.FAILED)
                            .map(Part::service).toList();
                    return new Kpis(query.from(), query.to(), query.agentId(), query.wholeShop() ? shop : null, agents,
                            unavailable);
                });
    }

    private static URI uri(String base, String path, KpiQuery query) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromUriString(base).path(path)
                .queryParam("from", query.from().toString()).queryParam("to", query.to().toString());
        if (query.agentId() != null) {
            builder.queryParam("agentId", "{agentId}");
            return builder.build(query.agentId());
        }
        return builder.build().toUri();
    }
}
