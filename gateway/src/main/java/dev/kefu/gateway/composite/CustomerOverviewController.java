package dev.kefu.gateway.composite;

import dev.kefu.platform.security.Agent;
import dev.kefu.platform.shop.ShopSettings;
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
 * the four services at once: orders, the conversation, open and past (resolved or rejected) cases, reviews, the customer file (档案, order-service),
 * the languages the buyer writes in, and whether the shop counts them as returning (老顾客: its
 * {@code returning.min-paid-orders}, over the paid orders conversation-service counted, as its suggestions do). A
 * service that does not answer is listed in {@code unavailable}; a buyer no service knows for the caller's shop is
 * 404 (so is another shop's buyer).
 */
@RestController
class CustomerOverviewController {

    /** The ended statuses of a case (aftersales' CaseStatus outside its open work). */
    private static final Set<String> CLOSED_CASES = Set.of("RESOLVED", "REJECTED", "FOLLOWED_UP", "CLOSED");

    record Overview(String shopId, String buyerId, List<JsonNode> orders, JsonNode conversation,
                    List<JsonNode> openCases, List<JsonNode> pastCases, List<JsonNode> reviews, JsonNode file,
                    List<String> languages,
                    boolean returning, CustomerRisk risk, List<String> unavailable) {
    }

    private final Downstream downstream;
    private final ServiceUrls services;
    private final ShopSettings shops;

    CustomerOverviewController(Downstream downstream, ServiceUrls services, ShopSettings shops) {
        this.downstream = downstream;
        this.services = services;
        this.shops = shops;
    }

    @GetMapping("/api/customers/{buyerId}/overview")
    Mono<Overview> overview(@AuthenticationPrincipal Jwt jwt, @PathVariable String buyerId) {
        String token = jwt.getTokenValue();
        return Mono.zip(
                        downstream.get("order-service", byBuyer(services.order(), "/api/orders", buyerId), token),
                        downstream.get("conversation-service", UriComponentsBuilder.fromUriString(services.conversation())
                                .path("/api/conversations/{buyerId}").queryParam("limit", 20).build(buyerId), token),
                        downstream.get("aftersales-service", byBuyer(services.aftersales(), "/api/cases", buyerId), token),
                        downstream.get("review-service", byBuyer(services.review(), "/api/reviews", buyerId), token),
                        downstream.get("order-service", UriComponentsBuilder.fromUriString(services.order())
                                .path("/api/customers/{buyerId}/file").build(buyerId), token))
                .flatMap(parts -> {
                    List<Part> all = List.of(parts.getT1(), parts.getT2(), parts.getT3(), parts.getT4(), parts.getT5());
                    boolean anything = all.stream().anyMatch(Part::hasContent);
                    List<String> unavailable = all.stream().filter(p -> p.state() == Part.State.FAILED)
                            .map(Part::service).distinct().toList();
                    if (!anything && unavailable.isEmpty()) {
                        return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND,
                                "no customer " + buyerId + " in this shop"));
                    }
                    List<JsonNode> orders = parts.getT1().elements();
                    JsonNode conversation = parts.getT2().json();
                    List<JsonNode> openCases = parts.getT3().elements().stream()
                            .filter(c -> !CLOSED_CASES.contains(c.path("status").asString(""))).toList();
                    List<JsonNode> pastCases = parts.getT3().elements().stream()
                            .filter(c -> CLOSED_CASES.contains(c.path("status").asString(""))).toList();
                    List<JsonNode> reviews = parts.getT4().elements();
                    String shopId = Agent.of(jwt).shopId();
                    JsonNode buyer = conversation == null ? null : conversation.path("conversation");
                    List<String> languages = buyer == null ? List.of()
                            : buyer.path("languages").valueStream().map(JsonNode::asString).toList();
                    boolean returning = buyer != null
                            && shops.of(shopId).returning().recognises(buyer.path("paidOrders").asLong(0));
                    return Mono.just(new Overview(shopId, buyerId, orders, conversation, openCases, pastCases, reviews,
                            parts.getT5().json(), languages, returning,
                            CustomerRisk.assess(orders, conversation, openCases, reviews), unavailable));
                });
    }

    private static URI byBuyer(String base, String path, String buyerId) {
        return UriComponentsBuilder.fromUriString(base).path(path).queryParam("buyerId", "{buyerId}").build(buyerId);
    }

}
