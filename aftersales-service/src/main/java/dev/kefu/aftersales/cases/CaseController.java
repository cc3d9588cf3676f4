package dev.kefu.aftersales.cases;

import dev.kefu.platform.kpi.KpiQuery;
import dev.kefu.platform.security.Agent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Instant;
import dev.kefu.events.aftersales.CaseUpdated;

import java.util.Optional;
import java.util.function.BiFunction;

/** Cases of the caller's shop only: another shop's case is "not found", never "forbidden". */
@RestController
@RequestMapping("/api/cases")
class CaseController {

    private final CaseService cases;
    private final FollowUpService followUps;
    private final CaseKpis kpis;

    CaseController(CaseService cases, FollowUpService followUps, CaseKpis kpis) {
        this.cases = cases;
        this.followUps = followUps;
        this.kpis = kpis;
    }

    @Operation(summary = "List the shop's cases: its work queue, a buyer's, by status, kind or assignee, or the "
            + "follow-up visits due; a page at a time",
            description = """
                    The filters combine; without any, the shop's open work. Order: sort=queue (the default for open \
                    work when no buyer is given) is the work queue, the most urgent first (3: past its resolution \
                    target or escalated; 2: awaiting approval, a complaint or a bad review's recovery; 1: other open \
                    work; 0: waiting for the buyer, and ended cases), then the earliest resolutionDue (none last); \
                    sort=newest (the default otherwise): newest opened first. followUp=DUE: resolved cases whose \
                    follow-up visit (回访) is due now (followUp.dueAt passed) and not yet made, the longest due first; \
                    followUp=VISITED (visited, no score yet) and ANSWERED (rated): the latest due first; followUp \
                    takes neither status nor sort. Ties by case. The answer is a page: {items, next}; next is the \
                    cursor to pass as cursor for the following page, null on the last.""")
    @ApiResponse(responseCode = "200", description = "a page of cases, possibly empty")
    @ApiResponse(responseCode = "400", description = "an unknown status, kind, followUp or sort, followUp with status "
            + "or sort, a limit out of 1-200, a cursor that is not one of this list's order (errors name each field)")
    @GetMapping
    Mono<CasePage> find(@AuthenticationPrincipal Jwt jwt,
                        @Parameter(description = "the buyer's cases (all statuses unless status is given)")
                        @RequestParam(required = false) String buyerId,
                        @Parameter(description = "one or more, comma-separated, of OPEN, IN_PROGRESS, "
                                + "WAITING_FOR_BUYER, WAITING_FOR_APPROVAL, ESCALATED, RESOLVED, REJECTED, "
                                + "FOLLOWED_UP, CLOSED; " + CaseRequests.OPEN_WORK + " for the five open-work ones")
                        @RequestParam(required = false) String status,
                        @Parameter(description = "one or more, comma-separated, of COMPLAINT, RETURN, REFUND, "
                                + "EXCHANGE, LOGISTICS, REVIEW_RECOVERY")
                        @RequestParam(required = false) String kind,
                        @Parameter(description = "the cases of this agent id; " + CaseRequests.CALLER + " for the "
                                + "caller's, " + CaseRequests.UNASSIGNED + " for those nobody took yet")
                        @RequestParam(required = false) String assignee,
                        @Parameter(description = "DUE (due now, not visited), VISITED, ANSWERED")
                        @RequestParam(required = false) String followUp,
                        @Parameter(description = "queue or newest (see above)")
                        @RequestParam(required = false) String sort,
                        @Parameter(description = "the next of the page before, to continue after it")
                        @RequestParam(required = false) String cursor,
                        @Parameter(description = "at most this many cases a page (1-" + CaseRequests.MAX_LIMIT
                                + ", default " + CaseRequests.DEFAULT_LIMIT + ")")
                        @RequestParam(required = false) String limit) {
        return Mono.defer(() -> {
            Agent agent = Agent.of(jwt);
            return cases.list(agent.shopId(), CaseRequests.filter(agent.agentId(), buyerId, status, kind, assignee,
                    followUp, sort, cursor, limit));
        });
    }

    @Operation(summary = "After-sales figures of a period: the shop's and each agent's, or the caller's own",
            description = """
                    from and to are ISO-8601 instants, the period [from, to) at most 93 days. Supervisors see the shop                     and every agent (or one, with agentId); an agent sees their own figures only (shop absent).                     casesOpened, casesEscalated, casesResolved, averageResolutionSeconds (opened to resolved, of the                     cases resolved in the period), resolutionTargetMetRate {count, of, value} (of those, resolved by                     their resolutionDue), followUpVisitsDone, csatAverage and csatCount (scores received in the                     period). An agent's: the cases they resolved (and their scores), escalated and visited.""")
    @ApiResponse(responseCode = "200", description = "the figures")
    @ApiResponse(responseCode = "400", description = "from or to missing or malformed, or the period longer than 93 days")
    @ApiResponse(responseCode = "403", description = "an agent asked for another agent's figures")
    @GetMapping("/kpis")
    Mono<CaseKpis.Answer> kpis(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) String from,
                               @RequestParam(required = false) String to,
                               @RequestParam(required = false) String agentId) {
        return Mono.defer(() -> kpis.of(KpiQuery.of(Agent.of(jwt), from, to, agentId)));
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

    @Operation(summary = "Resolve the case, or send its amount for a supervisor's approval",
            description = """
                    outcome (REFUNDED, RETURNED, EXCHANGED, COMPENSATED, EXPLAINED), resolution (what was agreed), \
                    compensation (optional decimal: the money granted; a REFUNDED or RETURNED case grants its amount). \
                    Money above the caller's limit (the shop's authority.agent-limit, authority.supervisor-limit) \
                    puts the case in WAITING_FOR_APPROVAL with approval.amount and approval.limit, for a supervisor \
                    other than the caller to approve; within it the case is RESOLVED and case-resolved published.""")
    @ApiResponse(responseCode = "200", description = "the case, RESOLVED or WAITING_FOR_APPROVAL")
    @ApiResponse(responseCode = "403", description = "an escalated case resolved by an agent")
    @ApiResponse(responseCode = "409", description = "not possible in the case's status (currentStatus, action named)")
    @ApiResponse(responseCode = "422", description = "the resolution makes compensation conditional on a review")
    @PostMapping("/{caseId}/resolve")
    Mono<Case.Snapshot> resolve(@AuthenticationPrincipal Jwt jwt, @PathVariable String caseId,
                                @RequestBody CaseRequests.Resolve body) {
        CaseRequests.Resolution resolution = body.validated();
        return orNotFound(cases.resolve(Agent.of(jwt).shopId(), caseId, actor(jwt), resolution), caseId);
    }

    @Operation(summary = "Approve or deny the amount a case waits for (supervisors, never their own request)",
            description = """
                    decision APPROVE resolves the case as requested (resolvedBy the requester, approvedBy the \
                    caller); DENY (reason required) sends it back IN_PROGRESS.""")
    @ApiResponse(responseCode = "200", description = "the case, RESOLVED or IN_PROGRESS")
    @ApiResponse(responseCode = "403", description = "the caller is an agent, or made the request")
    @ApiResponse(responseCode = "409", description = "the case waits for no approval (currentStatus named)")
    @PostMapping("/{caseId}/approval")
    Mono<Case.Snapshot> approval(@AuthenticationPrincipal Jwt jwt, @PathVariable String caseId,
                                 @RequestBody CaseRequests.Approve body) {
        CaseRequests.Decision decision = body.validated();
        return orNotFound(cases.decide(Agent.of(jwt).shopId(), caseId, actor(jwt), decision), caseId);
    }

    @Operation(summary = "Wait for the buyer (a photo, the return parcel, an answer): WAITING_FOR_BUYER")
    @PostMapping("/{caseId}/wait")
    Mono<Case.Snapshot> waitForBuyer(@AuthenticationPrincipal Jwt jwt, @PathVariable String caseId,
                                     @RequestBody CaseRequests.Reason body) {
        String reason = body.validated();
        return change(jwt, caseId, (kase, at) -> kase.waitForBuyer(actor(jwt), reason, at));
    }

    @Operation(summary = "Work on a case that waited for the buyer again: IN_PROGRESS")
    @PostMapping("/{caseId}/resume")
    Mono<Case.Snapshot> resume(@AuthenticationPrincipal Jwt jwt, @PathVariable String caseId) {
        return change(jwt, caseId, (kase, at) -> kase.resume(actor(jwt), at));
    }

    @Operation(summary = "Reopen a resolved, rejected or followed-up case (reason required)",
            description = "Back IN_PROGRESS; the resolution stays in the history only, a new resolution target runs.")
    @PostMapping("/{caseId}/reopen")
    Mono<Case.Snapshot> reopen(@AuthenticationPrincipal Jwt jwt, @PathVariable String caseId,
                               @RequestBody CaseRequests.Reason body) {
        String reason = body.validated();
        return orNotFound(cases.reopen(Agent.of(jwt).shopId(), caseId, actor(jwt), reason), caseId);
    }

    @Operation(summary = "Close the case for good (a reason is required to close it unresolved)")
    @PostMapping("/{caseId}/close")
    Mono<Case.Snapshot> close(@AuthenticationPrincipal Jwt jwt, @PathVariable String caseId,
                              @RequestBody(required = false) CaseRequests.Close body) {
        String reason = body == null ? null : body.validated();
        return change(jwt, caseId, (kase, at) -> kase.close(actor(jwt), reason, at));
    }

    @Operation(summary = "Record the follow-up visit (回访) of a resolved case",
            description = """
                    For a visit made outside Kefu (a call, the marketplace's own chat); sending the                     satisfaction-survey reply script to the buyer records it by itself. The case's followUp becomes                     VISITED with visitedBy = the caller and the note; the buyer's score is then awaited.""")
    @ApiResponse(responseCode = "200", description = "the case, followUp VISITED")
    @ApiResponse(responseCode = "404", description = "no such case in the caller's shop")
    @ApiResponse(responseCode = "409", description = "the case is not resolved, or was visited already")
    @PostMapping("/{caseId}/follow-up")
    Mono<Case.Snapshot> followUp(@AuthenticationPrincipal Jwt jwt, @PathVariable String caseId,
                                 @RequestBody(required = false) CaseRequests.Visit body) {
        String note = body == null ? null : body.validated();
        Agent agent = Agent.of(jwt);
        return orNotFound(followUps.visitedByAgent(agent.shopId(), caseId, agent.agentId(), note), caseId);
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

    private Mono<Case.Snapshot> change(Jwt jwt, String caseId,
                                       BiFunction<Case, Instant, Optional<CaseUpdated>> change) {
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
