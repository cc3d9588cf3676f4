package dev.kefu.aftersales.cases;

import dev.kefu.platform.security.Agent;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Instant;
import java.util.function.BiConsumer;

/** Cases of the caller's shop only: another shop's case is "not found", never "forbidden". */
@RestController
@RequestMapping("/api/cases")
class CaseController {

    /** Roles that may decide beyond an agent's authority. */

    private final CaseService cases;

    CaseController(CaseService cases) {
        this.cases = cases;
    }

    @GetMapping
    Flux<Case.Snapshot> find(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) String buyerId,
                             @RequestParam(required = false) String status) {
        return Flux.defer(() -> cases.list(Agent.of(jwt).shopId(), CaseRequests.filter(buyerId, status)));
    }

    @GetMapping("/{caseId}")
    Mono<Case.Snapshot> one(@AuthenticationPrincipal Jwt jwt, @PathVariable String caseId) {
        return orNotFound(cases.find(Agent.of(jwt).shopId(), caseId), caseId);
    }

    @PostMapping
    Mono<ResponseEntity<Case.Snapshot>> open(@AuthenticationPrincipal Jwt jwt, @RequestBody CaseRequests.Open body) {
        return Mono.defer(() -> cases.open(Agent.of(jwt).shopId(), body.validated()))
                .map(opened -> ResponseEntity.created(URI.create("/api/cases/" + opened.caseId())).body(opened));
    }

    @PostMapping("/{caseId}/assign")
    Mono<Case.Snapshot> assign(@AuthenticationPrincipal Jwt jwt, @PathVariable String caseId) {
        return change(jwt, caseId, (kase, at) -> kase.assign(actor(jwt), at));
    }

    @PostMapping("/{caseId}/escalate")
    Mono<Case.Snapshot> escalate(@AuthenticationPrincipal Jwt jwt, @PathVariable String caseId,
                                 @RequestBody CaseRequests.Reason body) {
        String reason = body.validated();
        return change(jwt, caseId, (kase, at) -> kase.escalate(actor(jwt), reason, at));
    }

    @PostMapping("/{caseId}/resolve")
    Mono<Case.Snapshot> resolve(@AuthenticationPrincipal Jwt jwt, @PathVariable String caseId,
                                @RequestBody CaseRequests.Resolve body) {
        CaseRequests.Resolution resolution = body.validated();
        return change(jwt, caseId, (kase, at) -> kase.resolve(actor(jwt), resolution.outcome(), resolution.text(), at));
    }

    @PostMapping("/{caseId}/reject")
    Mono<Case.Snapshot> reject(@AuthenticationPrincipal Jwt jwt, @PathVariable String caseId,
                               @RequestBody CaseRequests.Reason body) {
        String reason = body.validated();
        return change(jwt, caseId, (kase, at) -> kase.reject(actor(jwt), reason, at));
    }

    @PostMapping("/{caseId}/notes")
    Mono<Case.Snapshot> note(@AuthenticationPrincipal Jwt jwt, @PathVariable String caseId,
                             @RequestBody CaseRequests.Note body) {
        String text = body.validated();
        return change(jwt, caseId, (kase, at) -> kase.addNote(actor(jwt), text, at));
    }

    private Mono<Case.Snapshot> change(Jwt jwt, String caseId, BiConsumer<Case, Instant> change) {
        return orNotFound(cases.change(Agent.of(jwt).shopId(), caseId, change), caseId);
    }

    private static Actor actor(Jwt jwt) {
        Agent agent = Agent.of(jwt);
        return new Actor(agent.agentId(), agent.isSupervisor());
    }

    private static Mono<Case.Snapshot> orNotFound(Mono<Case.Snapshot> found, String caseId) {
        return found.switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no case " + caseId)));
    }
}
