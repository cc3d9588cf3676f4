package dev.kefu.aftersales.cases;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.aftersales.CaseUpdated;
import dev.kefu.events.conversation.MessageOutbound;
import dev.kefu.events.inbound.MarketplaceCsatReceived;
import dev.kefu.events.inbound.MarketplaceMessageReceived;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Follow-up visits (回访) and satisfaction (CSAT) of resolved cases, from what the shop sends and the buyer answers:
 * a {@code message-outbound} written from the {@value #SURVEY_SCRIPT} script visits the buyer's due case; a chat
 * message that is only a score (see {@link CsatReply}) after that visit, or the marketplace's {@code csat.received},
 * rates it, for the agent who resolved it. Each event is applied once: its id is remembered on the case it changed,
 * and a buyer's cases are looked up before anything is applied. Input that matches no case is counted and dropped.
 * Each visit and answer stores its {@code case-updated} in the case's write (through {@link CaseService#save}).
 */
@Service
public class FollowUpService {

    /** The reply script whose sending is a follow-up visit (conversation-service's catalog). */
    public static final String SURVEY_SCRIPT = "satisfaction-survey";
    /** A buyer's cases looked at for a visit or an answer: the most recent ones. */
    static final int BUYER_CASES = 100;
    private static final Logger log = LoggerFactory.getLogger(FollowUpService.class);

    private final CaseRepository cases;
    private final CaseService writes;
    private final ReactiveMongoTemplate mongo;
    private final Clock clock;
    private final Map<String, Counter> outcomes;

    public FollowUpService(CaseRepository cases, CaseService writes, ReactiveMongoTemplate mongo,
                           MeterRegistry registry, Clock clock) {
        this.cases = cases;
        this.writes = writes;
        this.mongo = mongo;
        this.clock = clock;
        this.outcomes = List.of("visited", "answered", "duplicate", "unmatched").stream()
                .collect(Collectors.toUnmodifiableMap(outcome -> outcome, outcome -> Counter
                        .builder("kefu.aftersales.follow.ups")
                        .description("survey messages and buyer answers by what they did to a case: visited, "
                                + "answered (rated), duplicate (already applied), unmatched (no case takes it)")
                        .tag("outcome", outcome).register(registry)));
    }

    /** The satisfaction survey went to a buyer: their due case (see {@link Case#toVisit}) is VISITED. */
    public Mono<Void> surveySent(CloudEvent attributes, MessageOutbound message) {
        if (!SURVEY_SCRIPT.equals(message.scriptKey())) {
            return Mono.empty();
        }
        return apply(attributes, message.shopId(), message.buyerId(), kases -> Case.toVisit(kases, message.createdAt()),
                kase -> kase.visit(message.agentId(), FollowUp.Via.SURVEY, message.messageId(), null,
                        message.createdAt()), "visited");
    }

    /** A buyer's chat message: if it is only a score, it rates the case the buyer was last visited about. */
    public Mono<Void> buyerWrote(CloudEvent attributes, MarketplaceMessageReceived message) {
        OptionalInt score = CsatReply.scoreOf(message.text());
        if (score.isEmpty()) {
            return Mono.empty(); // nearly every message: no database read
        }
        FollowUp.Csat csat = new FollowUp.Csat(score.getAsInt(), null, message.sentAt(), FollowUp.Csat.Source.MESSAGE,
                message.messageId());
        return apply(attributes, message.shopId(), message.buyerId(),
                kases -> Case.answeredByMessage(kases, message.sentAt()), kase -> kase.answer(csat), "answered");
    }

    /** The marketplace's survey answer: the case it names (of the same shop and buyer), else the buyer's latest. */
    public Mono<Void> csatReceived(CloudEvent attributes, MarketplaceCsatReceived answer) {
        FollowUp.Csat csat = new FollowUp.Csat(answer.score(), blankToNull(answer.comment()), answer.at(),
                FollowUp.Csat.Source.CSAT_EVENT, attributes.id());
        Function<List<Case>, Optional<Case>> choice = answer.caseId() == null || answer.caseId().isBlank()
                ? Case::answeredByCsat
                : kases -> kases.stream().filter(c -> c.id().equals(answer.shopId() + ":" + answer.caseId().strip()))
                .findFirst();
        return apply(attributes, answer.shopId(), answer.buyerId(), choice, kase -> kase.answer(csat), "answered");
    }

    /** An agent records a visit (a phone call, a message outside Kefu). */
    Mono<Case.Snapshot> visitedByAgent(String shopId, String caseId, String agentId, String note) {
        return Mono.defer(() -> cases.findById(shopId + ":" + caseId).flatMap(stored -> {
                    Case kase = Case.restore(stored.state());
                    Instant at = clock.instant();
                    return kase.visit(agentId, FollowUp.Via.AGENT, null, note, at)
                            .map(update -> writes.save(stored.updated(kase, null, update, at)))
                            .orElseGet(() -> Mono.just(stored));
                }))
                .retryWhen(Retry.max(3).filter(OptimisticLockingFailureException.class::isInstance))
                .doOnNext(saved -> outcomes.get("visited").increment())
                .map(CaseDocument::state);
    }

    /**
     * Applies {@code change} to the case {@code choice} picks among the buyer's, unless one of them already applied
     * this event. A case that refuses the change (e.g. rated already) leaves it unmatched: never an error loop.
     */
    private Mono<Void> apply(CloudEvent attributes, String shopId, String buyerId,
                             Function<List<Case>, Optional<Case>> choice, Function<Case, Optional<CaseUpdated>> change,
                             String outcome) {
        return Mono.defer(() -> buyerCases(shopId, buyerId).collectList().flatMap(stored -> {
                    if (stored.stream().anyMatch(d -> d.hasApplied(attributes.id()))) {
                        outcomes.get("duplicate").increment();
                        return Mono.<Void>empty();
                    }
                    Map<String, CaseDocument> byId = stored.stream()
                            .collect(Collectors.toMap(CaseDocument::id, Function.identity()));
                    Optional<Case> chosen = choice.apply(stored.stream().map(d -> Case.restore(d.state())).toList());
                    if (chosen.isEmpty()) {
                        return unmatched(attributes, shopId, buyerId, "no case of the buyer takes it");
                    }
                    Case kase = chosen.get();
                    Optional<CaseUpdated> update;
                    try {
                        update = change.apply(kase);
                    } catch (CaseRuleViolation e) {
                        return unmatched(attributes, shopId, buyerId, e.getMessage());
                    }
                    CaseDocument document = byId.get(kase.id());
                    CaseDocument next = update.map(u -> document.updated(kase, attributes.id(), u, clock.instant()))
                            .orElseGet(() -> document.next(kase, attributes.id(), List.of()));
                    return writes.save(next)
                            .doOnNext(saved -> outcomes.get(outcome).increment())
                            .then();
                }))
                // an agent changed the case meanwhile: redo it on the fresh state
                .retryWhen(Retry.backoff(5, Duration.ofMillis(20))
                        .filter(OptimisticLockingFailureException.class::isInstance));
    }

    private Mono<Void> unmatched(CloudEvent attributes, String shopId, String buyerId, String why) {
        outcomes.get("unmatched").increment();
        if (EventTypes.MARKETPLACE_MESSAGE_RECEIVED.name().equals(attributes.type())) {
            // a buyer writing "2" about a quantity is no survey answer: not worth a line each
            log.debug("{} {} of shop {} buyer {} is no answer: {}", attributes.type(), attributes.id(), shopId, buyerId, why);
        } else {
            log.info("{} {} of shop {} buyer {} ignored: {}", attributes.type(), attributes.id(), shopId, buyerId, why);
        }
        return Mono.empty();
    }

    private Flux<CaseDocument> buyerCases(String shopId, String buyerId) {
        return mongo.find(Query.query(Criteria.where("state.shopId").is(shopId).and("state.buyerId").is(buyerId))
                .with(Sort.by(Sort.Direction.DESC, "state.openedAt")).limit(BUYER_CASES), CaseDocument.class);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
