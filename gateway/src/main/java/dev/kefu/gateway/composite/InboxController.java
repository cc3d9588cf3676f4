package dev.kefu.gateway.composite;

import dev.kefu.platform.security.Agent;
import dev.kefu.platform.shop.ShopSettings;
import dev.kefu.platform.web.Requests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/inbox}: the caller's shop's work, from every service at once, as one prioritised and paged queue
 * ({@link Inbox}). A service that does not answer is named in {@code unavailable} and its part is missing; the rest is
 * still served.
 */
@RestController
class InboxController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;
    /** How many of each list a service is asked for: the queue ranks at most this many of each kind. */
    static final int PER_SOURCE = 200;

    record InboxPage(List<Inbox.Item> items, String next, Map<Inbox.Kind, Integer> counts, List<String> unavailable) {
    }

    private final Downstream downstream;
    private final ServiceUrls services;
    private final Clock clock;
    private final ShopSettings shops;

    InboxController(Downstream downstream, ServiceUrls services, Clock clock, ShopSettings shops) {
        this.downstream = downstream;
        this.services = services;
        this.clock = clock;
        this.shops = shops;
    }

    @Operation(summary = "The shop's work queue, highest priority first",
            description = """
                    Buyers waiting for a reply, open cases, follow-up visits due, bad reviews without follow-up, \
                    delayed shipments and at-risk buyers (a returning buyer's item says `returning-customer`), each with kind, buyerId, ref (the buyer, case, review or \
                    order id), priority (0-100) with its reasons, since, due and assignee. Ordered by priority, then \
                    the earliest due, then the longest waiting; `next` is the cursor of the following page (absent on \
                    the last). `counts` are per kind over the whole filtered queue. Each service's list is read up to \
                    200 items. A service that did not answer is named in `unavailable`.""")
    @GetMapping("/api/inbox")
    Mono<InboxPage> inbox(@AuthenticationPrincipal Jwt jwt,
                          @Parameter(description = "me, unassigned or any (default)")
                          @RequestParam(defaultValue = "any") String assignee,
                          @Parameter(description = "only these kinds, comma-separated")
                          @RequestParam(required = false) String kind,
                          @Parameter(description = "at most this many items (1-" + MAX_LIMIT + ")")
                          @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
                          @Parameter(description = "the `next` of the previous page")
                          @RequestParam(required = false) String cursor) {
        Requests check = Requests.check();
        Inbox.Assignee who = check.oneOf("assignee", assignee.toUpperCase(Locale.ROOT), Inbox.Assignee.class);
        Set<Inbox.Kind> kinds = EnumSet.noneOf(Inbox.Kind.class);
        if (kind != null && !kind.isBlank()) {
            for (String k : kind.split(",")) {
                Inbox.Kind one = check.oneOf("kind", k.strip().toUpperCase(Locale.ROOT), Inbox.Kind.class);
                if (one != null) {
                    kinds.add(one);
                }
            }
        }
        check.rule(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT);
        InboxCursor after = check.cursor("cursor", cursor, InboxCursor::parse);
        check.orThrow();
        Agent agent = Agent.of(jwt);
        Inbox.Filter filter = new Inbox.Filter(who, agent.agentId(), kinds);
        InboxCursor from = after;
        String token = jwt.getTokenValue();
        List<Mono<Part>> calls = new ArrayList<>();
        calls.add(downstream.get("conversation-service", uri(services.conversation(), "/api/conversations",
                Map.of("awaitingReply", "true")), token));
        // every open-work status, the most urgent first (the service's own queue), should there be more than a page
        calls.add(downstream.get("aftersales-service", uri(services.aftersales(), "/api/cases",
                Map.of("status", "open-work", "sort", "queue")), token));
        calls.add(downstream.get("aftersales-service", uri(services.aftersales(), "/api/cases",
                Map.of("followUp", "DUE")), token));
        calls.add(downstream.get("review-service", uri(services.review(), "/api/reviews",
                Map.of("followable", "true", "followUp", "NONE")), token)); // 差评 and 中评 with a reason
        calls.add(downstream.get("order-service", uri(services.order(), "/api/orders", Map.of("delayed", "true")),
                token));
        return Mono.zip(calls, parts -> {
            List<Part> all = new ArrayList<>();
            for (Object part : parts) {
                all.add((Part) part);
            }
            return all;
        }).map(parts -> {
            Inbox.Sources sources = new Inbox.Sources(parts.get(0).elements(), parts.get(1).elements(),
                    parts.get(2).elements(), parts.get(3).elements(), parts.get(4).elements(),
                    shops.of(agent.shopId()).returning());
            Inbox.Page page = Inbox.page(sources, filter, from, limit, clock.instant());
            List<String> unavailable = parts.stream().filter(p -> p.state() == Part.State.FAILED)
                    .map(Part::service).distinct().toList();
            return new InboxPage(page.items(), page.next() == null ? null : page.next().text(), page.counts(),
                    unavailable);
        });
    }

    private static URI uri(String base, String path, Map<String, String> query) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromUriString(base).path(path);
        query.forEach(builder::queryParam);
        return builder.queryParam("limit", PER_SOURCE).build().toUri();
    }

}
