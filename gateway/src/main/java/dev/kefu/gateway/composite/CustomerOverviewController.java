package dev.kefu.gateway.composite;

import dev.kefu.platform.security.Agent;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/customers/{buyerId}/overview}: everything an agent needs before answering a buyer, gathered from
 * the four services at once. A service that does not answer is listed in {@code unavailable}; a buyer no service
 * knows for the caller's shop is 404 (so is another shop's buyer).
 */
@RestController
class CustomerOverviewController {

    private static final Set<String> CLOSED_CASES = Set.of("RESOLVED", "REJECTED");

    record Overview(String shopId, String buyerId, List<JsonNode> orders, JsonNode conversation,
                    List<JsonNode> openCases, List<JsonNode> reviews, CustomerRisk risk, List<String> unavailable) {
    }

    private final Downstream downstream;
    private final ServiceUrls services;

    CustomerOverviewController(Downstream downstream, ServiceUrls services) {
        this.downstream = downstream;
        this.services = services;
    }

    @GetMapping("/api/customers/{buyerId}/overview")
    Mono<Overview> overview(@AuthenticationPrincipal Jwt jwt, @PathVariable String buyerId) {
        String token = jwt.getTokenValue();
        return Mono.zip(
                        downstream.get("order-service", byBuyer(services.order(), "/api/orders", buyerId), token),
                        downstream.get("conversation-service", UriComponentsBuilder.fromUriString(services.conversation())
                                .path("/api/conversations/{buyerId}").queryParam("limit", 20).build(buyerId), token),
                        downstream.get("aftersales-service", byBuyer(services.aftersales(), "/api/cases", buyerId), token),
                        downstream.get("review-service", byBuyer(services.review(), "/api/reviews", buyerId), token))
                .flatMap(parts -> {
                    List<Part> all = List.of(parts.getT1(), parts.getT2(), parts.getT3(), parts.getT4());
                    boolean anything = all.stream().anyMatch(Part::hasContent);
                    List<String> unavailable = all.stream().filter(p -> p.state() == Part.State.FAILED)
                            .map(Part::service).toList();
                    if (!anything && unavailable.isEmpty()) {
                        return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND,
                                "no customer " + buyerId + " in this shop"));
                    }
                    List<JsonNode> orders = parts.getT1().elements();
                    JsonNode conversation = parts.getT2().json();
                    List<JsonNode> openCases = parts.getT3().elements().stream()
                            .filter(c -> !CLOSED_CASES.contains(c.path("status").asString(""))).toList();
                    List<JsonNode> reviews = parts.getT4().elements();
                    return Mono.just(new Overview(Agent.of(jwt).shopId(), buyerId, orders, conversation, openCases,
                            reviews, CustomerRisk.assess(orders, conversation, openCases, reviews), unavailable));
                });
    }

    private static URI byBuyer(String base, String path, String buyerId) {
        return UriComponentsBuilder.fromUriString(base).path(path).queryParam("buyerId", "{buyerId}").build(buyerId);
    }

}
