package dev.kefu.conversation.transcript;

import dev.kefu.platform.security.Agent;
import dev.kefu.platform.web.Requests;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/** {@code GET /api/conversations/{buyerId}/transcript}: the chat record as dispute evidence, hash-chained and verified. */
@RestController
class TranscriptController {

    static final int MAX_LIMIT = 1000;

    private final Transcripts transcripts;

    TranscriptController(Transcripts transcripts) {
        this.transcripts = transcripts;
    }

    @Operation(summary = "The conversation's transcript in chain order, with each entry's link and a verification",
            description = """
                    after: the sequence number the page starts after (0, or the previous page's next); limit 1-1000 \
                    (default 500). verification covers the page's entries, their link to the entry before the page, \
                    and on the last page the conversation's head: a changed, removed or reordered entry is named \
                    (brokenAtSeq, brokenEntryId, reason).""")
    @GetMapping("/api/conversations/{buyerId}/transcript")
    Mono<Transcripts.Page> transcript(@AuthenticationPrincipal Jwt jwt, @PathVariable String buyerId,
                                      @RequestParam(defaultValue = "0") long after,
                                      @RequestParam(defaultValue = "500") int limit) {
        Requests.check().rule(after >= 0, "after", "must be 0 or a sequence number")
                .rule(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT).orThrow();
        return transcripts.page(Agent.of(jwt).shopId(), buyerId, after, limit)
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "the shop does not know buyer " + buyerId)));
    }
}
