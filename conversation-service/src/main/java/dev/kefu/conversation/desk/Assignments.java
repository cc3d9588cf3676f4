package dev.kefu.conversation.desk;

import dev.kefu.conversation.conversation.Conversation;
import dev.kefu.events.conversation.ConversationAssigned;
import dev.kefu.platform.due.DueWork;
import dev.kefu.platform.outbox.OutboxEntry;
import dev.kefu.platform.outbox.OutboxRelay;
import dev.kefu.platform.security.Agent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Routes waiting buyers to agents and keeps who has whom. Correct with any number of replicas, because every step is
 * one guarded atomic write: an agent's slot is taken with a {@code findAndModify} on "{@code free > 0}" (so nobody
 * gets more than their capacity), and a conversation is assigned with an update guarded by "still queued and
 * unassigned" (so no buyer is assigned twice); a replica that loses the second race gives the slot back. Each change
 * of assignee is published as {@code conversation-assigned} from the conversation's outbox, in the same write.
 * <p>
 * Dispatching is triggered by what can make it possible (a buyer queued, an agent online or with more capacity, a
 * conversation closed, transferred or released) and serves each role's queue oldest buyer first, until the queue or
 * the free agents run out. A replica that dies between taking a slot and assigning leaks that slot until the agent
 * next goes offline (which releases everything and starts the counts afresh).
 */
@Service
public class Assignments {

    /** Due-work queue closing conversations nobody wrote in for {@code kefu.desk.idle-close-after}. */
    public static final String IDLE_CLOSE = "conversation.idle-close";
    /** Due-work queue taking agents offline whose desk stopped sending heartbeats for {@code kefu.desk.presence-ttl}. */
    public static final String PRESENCE_LAPSE = "conversation.presence-lapse";
    static final String SOURCE = "/conversation-service";
    static final String KEFU = "kefu";
    /** Buyers assigned per role and dispatch at most; the next trigger goes on. */
    private static final int DISPATCH_BATCH = 50;
    /** Conversations an agent going offline releases per request (capacities are far below it). */
    private static final int RELEASE_MAX = 500;

    private final ReactiveMongoTemplate mongo;
    private final OutboxRelay outbox;
    private final DueWork due;
    private final Clock clock;
    private final Duration idleClose;
    private final Duration presenceTtl;

    public Assignments(ReactiveMongoTemplate mongo, OutboxRelay outbox, DueWork due, Clock clock,
                       @Value("${kefu.desk.idle-close-after:PT15M}") Duration idleClose,
                       @Value("${kefu.desk.presence-ttl:PT2M}") Duration presenceTtl) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.due = due;
        this.clock = clock;
        this.idleClose = idleClose;
        this.presenceTtl = presenceTtl;
    }

    /** An agent's desk, if they ever set a presence. */
    public Mono<DeskAgent> agent(String shopId, String agentId) {
        return mongo.findById(DeskAgent.idOf(shopId, agentId), DeskAgent.class);
    }

    /** The shop's agents by id, after {@code afterAgentId} (the previous page's last), at most {@code limit}. */
    public Flux<DeskAgent> agents(String shopId, Presence status, DeskRole role, String afterAgentId, int limit) {
        Criteria where = Criteria.where("shopId").is(shopId);
        if (afterAgentId != null) {
            where = where.and("agentId").gt(afterAgentId);
        }
        if (status != null) {
            where = where.and("status").is(status);
        }
        if (role != null) {
            where = where.and("role").is(role);
        }
        return mongo.find(Query.query(where).with(Sort.by("agentId")).limit(limit), DeskAgent.class);
    }

    /** The conversations assigned to an agent, longest assigned first. */
    public Flux<Conversation> assignedTo(String shopId, String agentId, int limit) {
        return mongo.find(Query.query(Criteria.where("shopId").is(shopId).and("assignee").is(agentId))
                .with(Sort.by("assignedAt")).limit(limit), Conversation.class);
    }

    /**
     * Sets an agent's presence, role and capacity. Capacity changes move {@code free} by the difference (not
     * recounted), so a routing in flight keeps its slot; going offline releases every open conversation to the
     * queue. Then dispatches, since the agent may have room now.
     */
    public Mono<DeskAgent> setPresence(Agent agent, Presence status, DeskRole role, Integer capacity) {
        String id = DeskAgent.idOf(agent.shopId(), agent.agentId());
        Mono<DeskAgent> written = Mono.defer(() -> mongo.findById(id, DeskAgent.class)
                        .flatMap(old -> change(old, status, role, capacity))
                        .switchIfEmpty(Mono.defer(() -> create(agent, id, status, role, capacity))))
                // an empty answer is a lost race with another write of the same agent: read again and redo
                .repeatWhenEmpty(10, repeats -> repeats)
                .onErrorMap(IllegalStateException.class, e -> new ResponseStatusException(HttpStatus.CONFLICT,
                        "the presence changed concurrently too often; try again"));
        // present agents are watched for heartbeats; the check is due before the write, so it cannot be lost
        Mono<Void> watch = status == Presence.OFFLINE ? Mono.empty()
                : due.schedule(PRESENCE_LAPSE, id, clock.instant().plus(presenceTtl)).then();
        return watch.then(written).flatMap(desk -> (status == Presence.OFFLINE ? release(desk) : Mono.<Void>empty())
                .then(dispatch(agent.shopId()))
                .then(agent(agent.shopId(), agent.agentId())));
    }

    /**
     * A sign of life from the agent's desk (the console sends one while it is open): moves {@code seenAt} only, one
     * update without a read. Empty if the agent never set a presence.
     */
    public Mono<DeskAgent> heartbeat(Agent agent) {
        return mongo.findAndModify(Query.query(Criteria.where("_id").is(DeskAgent.idOf(agent.shopId(), agent.agentId()))),
                new Update().set("seenAt", clock.instant()), FindAndModifyOptions.options().returnNew(true),
                DeskAgent.class);
    }

    /**
     * The {@value #PRESENCE_LAPSE} queue: an agent ONLINE or AWAY whose desk sent nothing for the presence TTL (the tab
     * was closed, the laptop slept) goes OFFLINE, which releases their conversations to the queue for others, as if
     * they had signed out. The change is guarded by the last-seen time read, so a heartbeat meanwhile wins. Answers
     * when to look again while the agent is seen.
     */
    public Mono<Instant> offlineIfLapsed(String deskId) {
        return mongo.findById(deskId, DeskAgent.class).flatMap(desk -> {
            if (desk.status() == Presence.OFFLINE) {
                return Mono.empty();
            }
            Instant lapse = desk.lastSeen().plus(presenceTtl);
            Instant now = clock.instant();
            if (now.isBefore(lapse)) {
                return Mono.just(lapse);
            }
            Criteria unchanged = Criteria.where("_id").is(desk.id()).and("status").is(desk.status());
            unchanged = desk.seenAt() == null ? unchanged.and("seenAt").isNull() : unchanged.and("seenAt").is(desk.seenAt());
            return mongo.findAndModify(Query.query(unchanged), new Update().set("status", Presence.OFFLINE)
                                    .set("statusSince", now).set("updatedAt", now),
                            FindAndModifyOptions.options().returnNew(true), DeskAgent.class)
                    .flatMap(offline -> release(offline).then(dispatch(offline.shopId())))
                    .then(Mono.empty());
        });
    }

    private Mono<DeskAgent> create(Agent agent, String id, Presence status, DeskRole role, Integer capacity) {
        Instant now = clock.instant();
        int cap = capacity == null ? 5 : capacity;
        DeskAgent desk = new DeskAgent(id, agent.shopId(), agent.agentId(), status, role == null ? DeskRole.PRE_SALE : role,
                cap, 0, cap, now, null, now, now);
        return mongo.insert(desk).onErrorResume(DuplicateKeyException.class, e -> Mono.empty());
    }

    private Mono<DeskAgent> change(DeskAgent old, Presence status, DeskRole role, Integer capacity) {
        Instant now = clock.instant();
        int cap = capacity == null ? old.capacity() : capacity;
        Update update = new Update().set("status", status).set("capacity", cap).set("updatedAt", now)
                .set("seenAt", now).inc("free", cap - old.capacity());
        if (role != null) {
            update.set("role", role);
        }
        if (status != old.status()) {
            update.set("statusSince", now);
        }
        Query unchanged = Query.query(Criteria.where("_id").is(old.id()).and("capacity").is(old.capacity())
                .and("status").is(old.status()));
        return mongo.findAndModify(unchanged, update, FindAndModifyOptions.options().returnNew(true), DeskAgent.class);
    }

    /**
     * Releases every conversation of an agent who went offline back to the queue (published as RELEASED), then starts
     * their counts afresh (nobody routes to an offline agent), which also repairs a slot a dead replica leaked.
     */
    private Mono<Void> release(DeskAgent desk) {
        return assignedTo(desk.shopId(), desk.agentId(), RELEASE_MAX)
                .concatMap(c -> unassign(c, ConversationAssigned.Reason.RELEASED, desk.agentId()))
                .then(mongo.updateFirst(Query.query(Criteria.where("_id").is(desk.id()).and("status").is(Presence.OFFLINE)),
                        new Update().set("assigned", 0).set("free", desk.capacity()), DeskAgent.class))
                .then();
    }

    /**
     * A buyer wrote and waits: an unassigned conversation joins its role's queue, and the queue is dispatched. An
     * assigned one stays with its agent.
     */
    public Mono<Void> queue(Conversation written) {
        if (written.assignee() != null || written.awaitingReplySince() == null) {
            return Mono.empty();
        }
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(written.id()).and("assignee").isNull()
                                .and("awaitingReplySince").ne(null)),
                        new Update().set("queuedFor", written.routeOrDefault()), Conversation.class)
                .then(dispatch(written.shopId()));
    }

    /** After-sale talk or a case opened for the buyer: served by after-sale agents from now on (until it closes). */
    public Mono<Void> afterSale(String shopId, String buyerId) {
        String id = Conversation.idOf(shopId, buyerId);
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
                        new Update().set("route", DeskRole.AFTER_SALE), Conversation.class)
                .then(mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("queuedFor").is(DeskRole.PRE_SALE)),
                        new Update().set("queuedFor", DeskRole.AFTER_SALE), Conversation.class))
                .flatMap(moved -> moved.getModifiedCount() > 0 ? dispatch(shopId) : Mono.empty());
    }

    /** A person answered: the buyer no longer waits in the queue, and the conversation closes if it then goes idle. */
    public Mono<Void> answered(Conversation conversation, Instant at) {
        Mono<Void> dequeue = mongo.updateFirst(Query.query(Criteria.where("_id").is(conversation.id())
                        .and("queuedFor").ne(null)), new Update().unset("queuedFor"), Conversation.class).then();
        return conversation.assignee() == null ? dequeue
                : dequeue.then(due.schedule(IDLE_CLOSE, conversation.id(), at.plus(idleClose))).then();
    }

    /**
     * The {@value #IDLE_CLOSE} queue: an assigned conversation whose buyer is not waiting and in which nobody wrote for
     * the idle time is closed, freeing the agent's slot. Answers when to look again.
     */
    public Mono<Instant> closeIfIdle(String conversationId) {
        return mongo.findById(conversationId, Conversation.class).flatMap(c -> {
            if (c.assignee() == null || c.awaitingReplySince() != null) {
                return Mono.empty(); // nobody to free, or the agent owes a reply (their reply schedules this again)
            }
            Instant idleUntil = c.lastMessageAt() == null ? clock.instant() : c.lastMessageAt().plus(idleClose);
            if (clock.instant().isBefore(idleUntil)) {
                return Mono.just(idleUntil);
            }
            return unassign(c, ConversationAssigned.Reason.CLOSED, KEFU).then(dispatch(c.shopId())).then(Mono.empty());
        });
    }

    /**
     * The assignee (or a supervisor) closes a conversation: the agent's slot frees up for the next waiting buyer. A
     * buyer still waiting goes back to the queue.
     */
    public Mono<Conversation> close(Agent by, String buyerId) {
        return conversationOf(by.shopId(), buyerId).flatMap(c -> {
            if (c.assignee() == null) {
                return Mono.error(new ResponseStatusException(HttpStatus.CONFLICT, "the conversation is not assigned to anyone"));
            }
            if (!c.assignee().equals(by.agentId()) && !by.isSupervisor()) {
                return Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN,
                        "only " + c.assignee() + " or a supervisor may close it"));
            }
            return unassign(c, ConversationAssigned.Reason.CLOSED, by.agentId())
                    .switchIfEmpty(Mono.error(changedMeanwhile()))
                    .then(dispatch(c.shopId()))
                    .then(conversationOf(by.shopId(), buyerId));
        });
    }

    /**
     * A supervisor gives a conversation (assigned or still queued) to another agent who is not offline. A transfer may
     * exceed the agent's capacity: it is the supervisor's call, and the agent gets no routed buyers until they have
     * room again. The previous agent's slot frees up.
     */
    public Mono<Conversation> transfer(Agent supervisor, String buyerId, String toAgentId) {
        return conversationOf(supervisor.shopId(), buyerId).flatMap(c -> agent(supervisor.shopId(), toAgentId)
                .filter(to -> to.status() != Presence.OFFLINE)
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.CONFLICT,
                        "agent " + toAgentId + " is offline or unknown")))
                .flatMap(to -> {
                    if (toAgentId.equals(c.assignee())) {
                        return Mono.error(new ResponseStatusException(HttpStatus.CONFLICT,
                                "the conversation is already assigned to " + toAgentId));
                    }
                    Instant now = clock.instant();
                    ConversationAssigned event = new ConversationAssigned(c.shopId(), c.buyerId(), toAgentId,
                            c.assignee(), ConversationAssigned.Reason.TRANSFERRED, c.routeOrDefault().name(),
                            supervisor.agentId(), now);
                    Criteria unchanged = Criteria.where("_id").is(c.id()).and("assignee").is(c.assignee());
                    Update update = new Update().set("assignee", toAgentId).set("assignedAt", now).unset("queuedFor");
                    return takeSlot(to.id(), now)
                            .then(assignWrite(c, unchanged, update, event))
                            .flatMap(done -> done
                                    ? (c.assignee() == null ? Mono.<Void>empty() : giveSlotBack(supervisor.shopId(), c.assignee()))
                                    .then(dispatch(c.shopId())).then(conversationOf(supervisor.shopId(), buyerId))
                                    : giveSlotBack(supervisor.shopId(), toAgentId).then(Mono.error(changedMeanwhile())));
                }));
    }

    /** Serves each role's queue, oldest waiting buyer first, while an agent has room. */
    public Mono<Void> dispatch(String shopId) {
        return onlineRoles(shopId).flatMap(online -> Flux.just(DeskRole.AFTER_SALE, DeskRole.PRE_SALE)
                .concatMap(route -> dispatch(shopId, route, Routing.servedBy(route, online), DISPATCH_BATCH))
                .then());
    }

    private Mono<Void> dispatch(String shopId, DeskRole route, List<DeskRole> servedBy, int left) {
        if (left == 0) {
            return Mono.empty();
        }
        return oldestQueued(shopId, route)
                .flatMap(waiting -> claimSlot(shopId, servedBy).flatMap(slot -> route(waiting, slot)
                        .flatMap(assigned -> assigned ? Mono.just(true)
                                : giveSlotBack(shopId, slot.agentId()).thenReturn(true))))
                .flatMap(more -> dispatch(shopId, route, servedBy, left - 1));
    }

    private Mono<Conversation> oldestQueued(String shopId, DeskRole route) {
        return mongo.findOne(Query.query(Criteria.where("shopId").is(shopId).and("queuedFor").is(route))
                .with(Sort.by("awaitingReplySince", "_id")), Conversation.class);
    }

    private Mono<Set<DeskRole>> onlineRoles(String shopId) {
        return Flux.just(DeskRole.PRE_SALE, DeskRole.AFTER_SALE)
                .filterWhen(role -> mongo.exists(Query.query(Criteria.where("shopId").is(shopId)
                        .and("status").is(Presence.ONLINE).and("role").is(role)), DeskAgent.class))
                .collect(() -> EnumSet.noneOf(DeskRole.class), Set::add);
    }

    /** Takes one slot of the online agent of these roles with the most room (longest without a buyer on ties). */
    private Mono<DeskAgent> claimSlot(String shopId, List<DeskRole> roles) {
        Query free = Query.query(Criteria.where("shopId").is(shopId).and("status").is(Presence.ONLINE)
                        .and("role").in(roles).and("free").gt(0))
                .with(Sort.by(Sort.Order.desc("free"), Sort.Order.asc("lastAssignedAt")));
        Update take = new Update().inc("free", -1).inc("assigned", 1).set("lastAssignedAt", clock.instant());
        return mongo.findAndModify(free, take, FindAndModifyOptions.options().returnNew(true), DeskAgent.class);
    }

    private Mono<Void> takeSlot(String deskId, Instant now) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(deskId)),
                new Update().inc("free", -1).inc("assigned", 1).set("lastAssignedAt", now), DeskAgent.class).then();
    }

    private Mono<Void> giveSlotBack(String shopId, String agentId) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(DeskAgent.idOf(shopId, agentId))),
                new Update().inc("free", 1).inc("assigned", -1), DeskAgent.class).then();
    }

    /** Assigns a queued conversation to the agent whose slot was taken; false when another replica was first. */
    private Mono<Boolean> route(Conversation waiting, DeskAgent slot) {
        Instant now = clock.instant();
        ConversationAssigned event = new ConversationAssigned(waiting.shopId(), waiting.buyerId(), slot.agentId(), null,
                ConversationAssigned.Reason.ROUTED, waiting.routeOrDefault().name(), KEFU, now);
        Criteria stillQueued = Criteria.where("_id").is(waiting.id()).and("queuedFor").is(waiting.queuedFor())
                .and("assignee").isNull();
        Update update = new Update().set("assignee", slot.agentId()).set("assignedAt", now).unset("queuedFor");
        return assignWrite(waiting, stillQueued, update, event);
    }

    /**
     * Takes a conversation from its agent (closed, or released when they went offline) and gives their slot back. A
     * buyer still waiting goes back to the queue. Empty when the conversation was no longer theirs.
     */
    private Mono<Boolean> unassign(Conversation c, ConversationAssigned.Reason reason, String by) {
        Instant now = clock.instant();
        ConversationAssigned event = new ConversationAssigned(c.shopId(), c.buyerId(), null, c.assignee(), reason,
                c.routeOrDefault().name(), by, now);
        Update update = new Update().unset("assignee").unset("assignedAt");
        if (reason == ConversationAssigned.Reason.CLOSED) {
            update.set("closedAt", now); // the buyer's next message starts a new session (a first response is due)
            if (c.awaitingReplySince() == null) {
                update.set("route", DeskRole.PRE_SALE); // the after-sale matter is done with the conversation
            }
        }
        return assignWrite(c, Criteria.where("_id").is(c.id()).and("assignee").is(c.assignee()), update, event)
                .filter(done -> done)
                .flatMap(done -> giveSlotBack(c.shopId(), c.assignee())
                        .then(requeueIfWaiting(c.id()))
                        .thenReturn(true));
    }

    /** Re-read after the change, so a buyer message that arrived meanwhile is not left out of the queue. */
    private Mono<Void> requeueIfWaiting(String conversationId) {
        return mongo.findById(conversationId, Conversation.class)
                .filter(c -> c.assignee() == null && c.awaitingReplySince() != null && c.queuedFor() == null)
                .flatMap(c -> mongo.updateFirst(Query.query(Criteria.where("_id").is(c.id()).and("assignee").isNull()
                                .and("awaitingReplySince").ne(null)),
                        new Update().set("queuedFor", c.routeOrDefault()), Conversation.class))
                .then();
    }

    /** One guarded write of the conversation with its conversation-assigned event in the outbox; true if it won. */
    private Mono<Boolean> assignWrite(Conversation c, Criteria guard, Update update, ConversationAssigned event) {
        OutboxEntry entry = OutboxEntry.of(event, SOURCE, event.at());
        return outbox.write(Conversation.COLLECTION, c.id(), List.of(entry),
                        mongo.updateFirst(Query.query(guard), OutboxRelay.push(update, entry), Conversation.class)
                                .filter(result -> result.getModifiedCount() > 0))
                .map(result -> true)
                .defaultIfEmpty(false);
    }

    private Mono<Conversation> conversationOf(String shopId, String buyerId) {
        return mongo.findById(Conversation.idOf(shopId, buyerId), Conversation.class)
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "the shop does not know buyer " + buyerId)));
    }

    private static ResponseStatusException changedMeanwhile() {
        return new ResponseStatusException(HttpStatus.CONFLICT, "the conversation changed meanwhile; reload it");
    }
}
