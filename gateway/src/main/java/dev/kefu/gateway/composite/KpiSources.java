package dev.kefu.gateway.composite;

import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.kpi.KpiQuery;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The KPIs of a query, asked of every service that keeps figures ({@code /api/<resource>/kpis}, the caller's token)
 * and merged into the shop's and each agent's. {@code /api/kpis} answers with them and the work summaries are
 * written from them, so both always show the same numbers.
 */
@Component
class KpiSources {

    record Kpis(Instant from, Instant to, String agentId, JsonNode shop, JsonNode agents, List<String> unavailable) {
    }

    private final Downstream downstream;
    private final ServiceUrls services;

    KpiSources(Downstream downstream, ServiceUrls services) {
        this.downstream = downstream;
        this.services = services;
    }

    Mono<Kpis> of(KpiQuery query, String token) {
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
