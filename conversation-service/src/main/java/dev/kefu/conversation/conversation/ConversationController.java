package dev.kefu.conversation.conversation;

import dev.kefu.conversation.script.ScriptCatalog;
import dev.kefu.platform.security.Agent;
import dev.kefu.platform.web.InvalidRequestException;
import dev.kefu.platform.web.Requests;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/**
 * A buyer's conversation with the caller's shop, with suggested replies for what the buyer is waiting on; agents write
 * to any buyer the shop knows. Another shop's buyer is simply not found.
 */
@RestController
@RequestMapping("/api/conversations")
class ConversationController {

    private final ConversationService conversations;

    ConversationController(ConversationService conversations) {
        this.conversations = conversations;
    }

    /** The conversation, its latest messages, and suggested replies per waiting buyer message id. */
    record ConversationView(Conversation conversation, List<Message> messages,
                            Map<String, List<Suggestions.Suggestion>> suggestions) {
    }

    /** {@code override}: a supervisor sends a reply the conduct rules refused, with the reason recorded. */
    record Reply(String text, String scriptKey, Map<String, String> values, String orderId, Override override) {
    }

    record Override(String reason) {
    }

    @GetMapping("/{buyerId}")
    Mono<ConversationView> one(@AuthenticationPrincipal Jwt jwt, @PathVariable String buyerId,
                               @RequestParam(defaultValue = "50") int limit) {
        String shopId = Agent.of(jwt).shopId();
        Requests.check().rule(limit >= 1 && limit <= 500, "limit", "must be between 1 and 500").orThrow();
        return conversations.conversation(shopId, buyerId)
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no conversation with " + buyerId)))
                .flatMap(c -> conversations.messages(shopId, buyerId, limit).collectList()
                        .flatMap(messages -> conversations.suggestions(c, messages)
                                .map(suggestions -> new ConversationView(c, messages, suggestions))));
    }

    /** The response-time queue: buyers waiting for an answer, longest wait first. */
    @GetMapping(params = "awaitingReply")
    Flux<Conversation> awaiting(@AuthenticationPrincipal Jwt jwt, @RequestParam boolean awaitingReply,
                                @RequestParam(defaultValue = "100") int limit) {
        Requests.check().rule(awaitingReply, "awaitingReply", "only true is supported")
                .rule(limit >= 1 && limit <= 500, "limit", "must be between 1 and 500").orThrow();
        return conversations.awaitingReply(Agent.of(jwt).shopId(), limit);
    }

    @PostMapping("/{buyerId}/messages")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Message> reply(@AuthenticationPrincipal Jwt jwt, @PathVariable String buyerId, @RequestBody Reply reply) {
        Agent agent = Agent.of(jwt);
        boolean hasText = reply.text() != null && !reply.text().isBlank();
        boolean hasScript = reply.scriptKey() != null && !reply.scriptKey().isBlank();
        String overrideReason = reply.override() == null ? null : reply.override().reason();
        Requests.check()
                .rule(hasText != hasScript, hasText ? "scriptKey" : "text", "give either text or scriptKey")
                .maxLength("text", reply.text(), Requests.MAX_TEXT)
                .rule(reply.override() == null || (overrideReason != null && !overrideReason.isBlank()),
                        "override.reason", "is required to override the conduct rules")
                .maxLength("override.reason", overrideReason, Requests.MAX_TEXT)
                .orThrow();
        return conversations.agentReplied(agent, buyerId, reply.orderId(),
                        hasText ? reply.text() : null, hasScript ? reply.scriptKey() : null,
                        reply.values() == null ? Map.of() : reply.values(),
                        overrideReason == null ? null : overrideReason.strip())
                .onErrorMap(ScriptCatalog.UnknownScript.class, e -> InvalidRequestException.of("scriptKey", e.getMessage()))
                .onErrorMap(ScriptCatalog.MissingValue.class, e -> InvalidRequestException.of("values", e.getMessage()))
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "the shop does not know buyer " + buyerId)));
    }
}
