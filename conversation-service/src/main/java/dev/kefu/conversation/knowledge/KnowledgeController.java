package dev.kefu.conversation.knowledge;

import dev.kefu.platform.security.Agent;
import dev.kefu.platform.web.Requests;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shop's product facts and promotions: every agent reads them, supervisors write them. Languages are zh, ko, en.
 */
@RestController
class KnowledgeController {

    static final int MAX_LIMIT = 200;
    static final Set<String> LANGUAGES = Set.of("zh", "ko", "en");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final Knowledge knowledge;
    private final Clock clock;

    KnowledgeController(Knowledge knowledge, Clock clock) {
        this.knowledge = knowledge;
        this.clock = clock;
    }

    record ProductRequest(Map<String, Product.Facts> facts) {
    }

    record PromotionRequest(String kind, Map<String, String> texts, String validFrom, String validUntil) {
    }

    record Page<T>(List<T> items, String next) {
    }

    @Operation(summary = "Describe a product (supervisors): facts per language (title, material, sizes, care, shippingTime)")
    @PutMapping("/api/products/{sku}")
    Mono<Product> describe(@AuthenticationPrincipal Jwt jwt, @PathVariable String sku, @RequestBody ProductRequest request) {
        Agent agent = supervisor(jwt);
        Requests check = Requests.check().rule(ID.matcher(sku).matches(), "sku", "must be letters, digits, '.', '_' or '-' (at most 64)");
        Map<String, Product.Facts> facts = new LinkedHashMap<>();
        if (request.facts() == null || request.facts().isEmpty()) {
            check.add("facts", "is required: at least one language of zh, ko, en");
        } else {
            request.facts().forEach((language, f) -> {
                String at = "facts." + language;
                if (!LANGUAGES.contains(language)) {
                    check.add(at, "is not one of zh, ko, en");
                } else if (f == null) {
                    check.add(at, "is required");
                } else {
                    Product.Facts clean = new Product.Facts(check.optionalText(at + ".title", f.title()),
                            check.optionalText(at + ".material", f.material()), check.optionalText(at + ".sizes", f.sizes()),
                            check.optionalText(at + ".care", f.care()), check.optionalText(at + ".shippingTime", f.shippingTime()));
                    check.rule(clean.title() != null || clean.material() != null || clean.sizes() != null
                            || clean.care() != null || clean.shippingTime() != null, at, "gives no fact");
                    facts.put(language, clean);
                }
            });
        }
        check.orThrow();
        return knowledge.describe(agent.shopId(), sku, facts, agent.agentId());
    }

    @GetMapping("/api/products/{sku}")
    Mono<Product> product(@AuthenticationPrincipal Jwt jwt, @PathVariable String sku) {
        return knowledge.product(Agent.of(jwt).shopId(), sku)
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no product " + sku)));
    }

    @Operation(summary = "The shop's products by sku, paged; complete=false lists the items seen in orders still to describe")
    @GetMapping("/api/products")
    Mono<Page<Product>> products(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) Boolean complete,
                                 @RequestParam(required = false) String after,
                                 @RequestParam(defaultValue = "50") int limit) {
        Requests.check().rule(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT)
                .maxLength("after", after, 64).orThrow();
        return knowledge.products(Agent.of(jwt).shopId(), complete, after, limit + 1).collectList()
                .map(found -> found.size() > limit ? new Page<>(found.subList(0, limit), found.get(limit - 1).sku())
                        : new Page<>(found, null));
    }

    @Operation(summary = "Create or change a promotion (supervisors)",
            description = "kind THRESHOLD_DISCOUNT, SHIPPING_FEE or GIFT; texts per language (zh, ko, en; what the buyer is "
                    + "told); validFrom/validUntil ISO-8601 instants, validUntil after validFrom and not in the past.")
    @PutMapping("/api/promotions/{promotionId}")
    Mono<Promotion> savePromotion(@AuthenticationPrincipal Jwt jwt, @PathVariable String promotionId,
                                  @RequestBody PromotionRequest request) {
        Agent agent = supervisor(jwt);
        Requests check = Requests.check()
                .rule(ID.matcher(promotionId).matches(), "promotionId", "must be letters, digits, '.', '_' or '-' (at most 64)");
        Promotion.Kind kind = check.oneOf("kind", request.kind(), Promotion.Kind.class, true);
        Map<String, String> texts = new LinkedHashMap<>();
        if (request.texts() == null || request.texts().isEmpty()) {
            check.add("texts", "is required: at least one language of zh, ko, en");
        } else {
            request.texts().forEach((language, text) -> {
                if (!LANGUAGES.contains(language)) {
                    check.add("texts." + language, "is not one of zh, ko, en");
                } else {
                    String clean = check.requiredText("texts." + language, text);
                    check.maxLength("texts." + language, clean, 300);
                    texts.put(language, clean);
                }
            });
        }
        Instant from = check.requiredInstant("validFrom", request.validFrom());
        Instant until = check.requiredInstant("validUntil", request.validUntil());
        Instant now = clock.instant();
        if (from != null && until != null) {
            check.rule(until.isAfter(from), "validUntil", "must be after validFrom");
            check.rule(until.isAfter(now), "validUntil", "is in the past: an expired promotion is never offered");
        }
        check.orThrow();
        return knowledge.savePromotion(new Promotion(Promotion.idOf(agent.shopId(), promotionId), agent.shopId(),
                promotionId, kind, texts, from, until, agent.agentId(), now));
    }

    @Operation(summary = "The promotions not ended yet, ending first (validNow=true: only those valid now)")
    @GetMapping("/api/promotions")
    Mono<List<Promotion>> promotions(@AuthenticationPrincipal Jwt jwt,
                                     @RequestParam(defaultValue = "false") boolean validNow,
                                     @RequestParam(defaultValue = "50") int limit) {
        Requests.check().rule(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT).orThrow();
        return knowledge.promotions(Agent.of(jwt).shopId(), clock.instant(), validNow, limit).collectList();
    }

    @DeleteMapping("/api/promotions/{promotionId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> removePromotion(@AuthenticationPrincipal Jwt jwt, @PathVariable String promotionId) {
        Agent agent = supervisor(jwt);
        return knowledge.removePromotion(agent.shopId(), promotionId)
                .flatMap(removed -> removed ? Mono.<Void>empty()
                        : Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no promotion " + promotionId)));
    }

    private static Agent supervisor(Jwt jwt) {
        Agent agent = Agent.of(jwt);
        if (!agent.isSupervisor()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only supervisors change product facts and promotions");
        }
        return agent;
    }
}
