package dev.kefu.conversation.search;

import dev.kefu.platform.security.Agent;
import dev.kefu.platform.web.Requests;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Instant;

/** {@code GET /api/messages}: the caller's shop's messages, found by words, buyer, order and time. */
@RestController
class MessageSearchController {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_WORDS = 100;

    private final MessageSearch search;

    MessageSearchController(MessageSearch search) {
        this.search = search;
    }

    @Operation(summary = "Search the shop's messages, newest first",
            description = """
                    q: words in the text, all of them (Chinese, Japanese and Korean need no spaces: 发货 finds \
                    "今天发货哦"); buyerId, orderId; from/to: ISO-8601 instants, the period [from, to). Every filter is \
                    optional and they combine. A page holds at most limit (1-100) messages; next is the cursor of the \
                    following page, absent on the last; a page can hold fewer than limit while next is given.""")
    @GetMapping("/api/messages")
    Mono<MessageSearch.Page> find(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) String q,
                                  @RequestParam(required = false) String buyerId,
                                  @RequestParam(required = false) String orderId,
                                  @RequestParam(required = false) String from,
                                  @RequestParam(required = false) String to,
                                  @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
                                  @RequestParam(required = false) String cursor) {
        Requests check = Requests.check();
        String words = check.optionalText("q", q);
        check.maxLength("q", words, MAX_WORDS);
        check.rule(words == null || !SearchTerms.ofQuery(words).isEmpty(), "q", "has no letters or digits to search for");
        String buyer = check.optionalText("buyerId", buyerId);
        String order = check.optionalText("orderId", orderId);
        Instant start = check.instant("from", from);
        Instant end = check.instant("to", to);
        check.rule(start == null || end == null || start.isBefore(end), "to", "must be after from");
        check.rule(limit >= 1 && limit <= MessageSearch.MAX_LIMIT, "limit",
                "must be between 1 and " + MessageSearch.MAX_LIMIT);
        check.cursor("cursor", cursor, MessageSearch.Cursor::parse);
        check.orThrow();
        return search.find(new MessageSearch.Wanted(Agent.of(jwt).shopId(), words, buyer, order, start, end), cursor,
                limit);
    }
}
