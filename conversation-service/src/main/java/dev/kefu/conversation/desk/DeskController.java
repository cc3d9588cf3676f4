package dev.kefu.conversation.desk;

import dev.kefu.conversation.conversation.Conversation;
import dev.kefu.platform.security.Agent;
import dev.kefu.platform.web.Requests;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * The desk: agents set their presence, see their colleagues and their own open conversations; the assignee or a
 * supervisor closes a conversation, a supervisor transfers one. Everything is scoped to the caller's shop.
 */
@RestController
class DeskController {

    static final int MAX_LIMIT = 200;

    private final Assignments assignments;

    DeskController(Assignments assignments) {
        this.assignments = assignments;
    }

    record PresenceRequest(String status, String role, Integer capacity) {
    }

    record TransferRequest(String agentId) {
    }

    /** A page of agents; {@code next} is the {@code after} of the following page, absent on the last. */
    record AgentPage(List<DeskAgent> items, String next) {
    }

    @Operation(summary = "Set the caller's presence (ONLINE, AWAY, OFFLINE), role and capacity",
            description = """
                    role: PRE_SALE, AFTER_SALE or SUPERVISOR (supervisors only; default PRE_SALE, then unchanged when \
                    left out); capacity: conversations open at once, 0-50 (default 5, then unchanged). ONLINE agents \
                    are routed waiting buyers; AWAY keeps the open conversations and takes no new ones; OFFLINE \
                    releases them to the queue.""")
    @PutMapping("/api/agents/me/presence")
    Mono<DeskAgent> presence(@AuthenticationPrincipal Jwt jwt, @RequestBody PresenceRequest request) {
        Agent agent = Agent.of(jwt);
        Requests check = Requests.check();
        Presence status = check.oneOf("status", request.status(), Presence.class, true);
        DeskRole role = check.oneOf("role", request.role(), DeskRole.class);
        String capacityProblem = request.capacity() == null ? null : Routing.invalidCapacity(request.capacity());
        check.rule(capacityProblem == null, "capacity", capacityProblem);
        check.orThrow();
        if (role == DeskRole.SUPERVISOR && !agent.isSupervisor()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only supervisors may take the SUPERVISOR role");
        }
        return assignments.setPresence(agent, status, role, request.capacity());
    }

    @Operation(summary = "A heartbeat from the caller's desk: still here",
            description = """
                    Moves seenAt. An ONLINE or AWAY agent whose desk sends neither this nor a presence change for \
                    kefu.desk.presence-ttl (default 2 minutes) is taken OFFLINE and their conversations go back to \
                    the queue, as on sign-out. The console sends one every 30 seconds while it is open.""")
    @PostMapping("/api/agents/me/heartbeat")
    Mono<DeskAgent> heartbeat(@AuthenticationPrincipal Jwt jwt) {
        return assignments.heartbeat(Agent.of(jwt))
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no presence set yet")));
    }

    @Operation(summary = "The caller's own desk: presence, role, capacity, assigned and free")
    @GetMapping("/api/agents/me")
    Mono<DeskAgent> me(@AuthenticationPrincipal Jwt jwt) {
        Agent agent = Agent.of(jwt);
        return assignments.agent(agent.shopId(), agent.agentId())
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no presence set yet")));
    }

    @Operation(summary = "The shop's agents by id, paged",
            description = "status and role filter; limit 1-200 (default 50); after: the previous page's next.")
    @GetMapping("/api/agents")
    Mono<AgentPage> agents(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) String status,
                           @RequestParam(required = false) String role,
                           @RequestParam(required = false) String after,
                           @RequestParam(defaultValue = "50") int limit) {
        Requests check = Requests.check();
        Presence presence = check.oneOf("status", status, Presence.class);
        DeskRole deskRole = check.oneOf("role", role, DeskRole.class);
        check.rule(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT);
        check.maxLength("after", after, Requests.MAX_TEXT);
        check.orThrow();
        return assignments.agents(Agent.of(jwt).shopId(), presence, deskRole, after, limit + 1).collectList()
                .map(found -> found.size() > limit
                        ? new AgentPage(found.subList(0, limit), found.get(limit - 1).agentId())
                        : new AgentPage(found, null));
    }

    @Operation(summary = "Conversations assigned to an agent (me, or an agent id for supervisors), longest first",
            description = "limit 1-200 (default 50); an agent sees only their own.")
    @GetMapping(path = "/api/conversations", params = "assignee")
    Flux<Conversation> assigned(@AuthenticationPrincipal Jwt jwt, @RequestParam String assignee,
                                @RequestParam(defaultValue = "50") int limit) {
        Agent agent = Agent.of(jwt);
        Requests.check().rule(!assignee.isBlank(), "assignee", "is required (me or an agent id)")
                .maxLength("assignee", assignee, Requests.MAX_TEXT)
                .rule(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT).orThrow();
        String agentId = assignee.equals("me") ? agent.agentId() : assignee;
        if (!agentId.equals(agent.agentId()) && !agent.isSupervisor()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "agents see their own conversations only");
        }
        return assignments.assignedTo(agent.shopId(), agentId, limit);
    }

    @Operation(summary = "Close a conversation (its assignee or a supervisor): the agent's slot frees up")
    @PostMapping("/api/conversations/{buyerId}/close")
    Mono<Conversation> close(@AuthenticationPrincipal Jwt jwt, @PathVariable String buyerId) {
        return assignments.close(Agent.of(jwt), buyerId);
    }

    @Operation(summary = "Transfer a conversation to another agent (supervisors)",
            description = "The agent must not be offline; a transfer may exceed their capacity.")
    @PostMapping("/api/conversations/{buyerId}/transfer")
    Mono<Conversation> transfer(@AuthenticationPrincipal Jwt jwt, @PathVariable String buyerId,
                                @RequestBody TransferRequest request) {
        Agent agent = Agent.of(jwt);
        Requests check = Requests.check();
        String to = check.requiredText("agentId", request.agentId());
        check.orThrow();
        if (!agent.isSupervisor()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only supervisors transfer conversations");
        }
        return assignments.transfer(agent, buyerId, to);
    }
}
