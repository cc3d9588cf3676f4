package dev.kefu.aftersales.cases;

import dev.kefu.platform.security.Agent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/** {@code GET /api/cases/{caseId}/transcript}: a case's notes as dispute evidence, hash-chained and verified. */
@RestController
class CaseTranscriptController {

    private final CaseService cases;

    CaseTranscriptController(CaseService cases) {
        this.cases = cases;
    }

    @Operation(summary = "The case's notes in chain order, with each note's link and a verification",
            description = """
                    All the case's notes at once (a case keeps at most 500, so there are no pages), each with its \
                    link {seq, prev, hash} and its id (note-1 …, its place in the case); head is the case's last \
                    link. verification {verified, brokenAtSeq, brokenEntryId, reason} names the first note changed, \
                    removed or moved, as for a conversation's transcript. unchained: notes written before notes were \
                    chained (no link, not verified); the next note added chains them.""")
    @ApiResponse(responseCode = "200", description = "the transcript, verified or naming the first broken note")
    @ApiResponse(responseCode = "404", description = "no such case in the caller's shop")
    @GetMapping("/api/cases/{caseId}/transcript")
    Mono<CaseTranscript> transcript(@AuthenticationPrincipal Jwt jwt, @PathVariable String caseId) {
        return cases.transcript(Agent.of(jwt).shopId(), caseId)
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no case " + caseId)));
    }
}
