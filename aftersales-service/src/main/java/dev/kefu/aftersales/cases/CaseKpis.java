package dev.kefu.aftersales.cases;

import dev.kefu.platform.kpi.KpiQuery;
import dev.kefu.platform.kpi.Ratio;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The after-sales figures of a period, from the stored cases (so replaying the refund and message topics rebuilds
 * them). Each figure counts what happened in the period: cases opened, escalated, resolved (with their resolution
 * time and whether the target was met), follow-up visits made, satisfaction scores received. An agent's are the cases
 * they resolved (and the scores those got), escalated and visited. One indexed range query per kind of fact
 * ({@code shop_opened}, {@code shop_escalated}, {@code shop_resolved}, {@code shop_visited}, {@code shop_rated}): only
 * the period's documents are read, and they are folded as they stream, not held.
 * <p>
 * For the work summaries: the cases opened by kind, resolved by outcome, rejected (closed in the period without a
 * resolution; an agent's: those they closed), the ids of the cases escalated in the period, and the follow-up visits
 * that came due in the period and are still not made ({@code followUpVisitsOverdue}, index {@code shop_followup_due}).
 */
@Component
class CaseKpis {

    /**
     * The shop's figures. {@code averageResolutionSeconds}: of the cases resolved in the period, from opening to
     * resolution (null when none); {@code resolutionTargetMetRate}: the share of them resolved by their
     * {@code resolutionDue}; {@code csatAverage}: the mean score (1-5) received in the period (null when none).
     */
    record ShopFigures(long casesOpened, long casesResolved, long casesEscalated, Long averageResolutionSeconds,
                       Ratio resolutionTargetMetRate, long followUpVisitsDone, Double csatAverage, long csatCount,
                       Map<String, Long> casesOpenedByKind, Map<String, Long> casesResolvedByOutcome,
                       long casesRejected, List<String> escalatedCaseIds, long followUpVisitsOverdue) {
    }

    /**
     * An agent's: cases they resolved, escalated and visited, and the scores of the cases they resolved; the visits of
     * the cases they resolved that came due in the period and are still not made.
     */
    record AgentFigures(long casesResolved, long casesEscalated, Long averageResolutionSeconds,
                        Ratio resolutionTargetMetRate, long followUpVisitsDone, Double csatAverage, long csatCount,
                        Map<String, Long> casesResolvedByOutcome, long casesRejected, List<String> escalatedCaseIds,
                        long followUpVisitsOverdue) {
    }

    /** {@code shop} is null when the query is one agent's. */
    record Answer(ShopFigures shop, Map<String, AgentFigures> agents) {
    }

    private final ReactiveMongoTemplate mongo;

    CaseKpis(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    Mono<Answer> of(KpiQuery query) {
        return Mono.defer(() -> {
            Tally shop = new Tally();
            Map<String, Tally> agents = new TreeMap<>();
            BiConsumer<String, Consumer<Tally>> agent = (agentId, add) -> {
                if (query.includes(agentId)) {
                    add.accept(agents.computeIfAbsent(agentId, a -> new Tally()));
                }
            };
            Flux<Case.Snapshot> opened = query.wholeShop() ? during(query, "state.openedAt")
                    .doOnNext(c -> shop.opened(c)) : Flux.empty();
            Flux<Case.Snapshot> escalated = during(query, "state.escalatedAt").doOnNext(c -> {
                shop.escalated(c);
                agent.accept(c.escalatedBy(), t -> t.escalated(c));
            });
            Flux<Case.Snapshot> resolved = during(query, "state.resolvedAt").doOnNext(c -> {
                if (c.outcome() != null) { // resolved, followed up or closed after its resolution
                    shop.resolved(c);
                    agent.accept(c.resolvedBy(), t -> t.resolved(c));
                } else if (c.rejectionReason() != null) {
                    shop.rejected++;
                    agent.accept(c.closedBy(), t -> t.rejected++);
                }
            });
            Flux<Case.Snapshot> overdue = visitsOverdue(query).doOnNext(c -> {
                shop.overdue++;
                agent.accept(c.resolvedBy(), t -> t.overdue++);
            });
            Flux<Case.Snapshot> visited = during(query, "state.followUp.visitedAt").doOnNext(c -> {
                shop.visits++;
                agent.accept(c.followUp().visitedBy(), t -> t.visits++);
            });
            Flux<Case.Snapshot> rated = during(query, "state.followUp.csat.at").doOnNext(c -> {
                shop.rated(c.followUp().csat());
                agent.accept(c.resolvedBy(), t -> t.rated(c.followUp().csat()));
            });
            return Flux.concat(opened, escalated, resolved, visited, rated, overdue).then(Mono.fromSupplier(() -> {
                Map<String, AgentFigures> figures = new TreeMap<>();
                agents.forEach((id, t) -> figures.put(id, t.agentFigures()));
                return new Answer(query.wholeShop() ? shop.shopFigures() : null, figures);
            }));
        });
    }

    private Flux<Case.Snapshot> during(KpiQuery period, String field) {
        Query query = Query.query(Criteria.where("state.shopId").is(period.shopId())
                .and(field).gte(Date.from(period.from())).lt(Date.from(period.to())));
        query.fields().include("state");
        return mongo.find(query, CaseDocument.class).map(CaseDocument::state);
    }

    /** The cases whose follow-up visit came due in the period and is still not made. */
    private Flux<Case.Snapshot> visitsOverdue(KpiQuery period) {
        Query query = Query.query(Criteria.where("state.shopId").is(period.shopId())
                .and("state.followUp.status").is(FollowUp.Status.DUE.name())
                .and("state.followUp.dueAt").gte(Date.from(period.from())).lt(Date.from(period.to())));
        query.fields().include("state");
        return mongo.find(query, CaseDocument.class).map(CaseDocument::state);
    }

    /** Running sums of one shop or agent; used by one request's serial stream only. */
    private static final class Tally {
        long opened;
        long escalated;
        long resolved;
        long resolutionSeconds;
        long withTarget;
        long targetMet;
        long visits;
        long rated;
        long scores;
        long rejected;
        long overdue;
        final Map<String, Long> openedByKind = new TreeMap<>();
        final Map<String, Long> resolvedByOutcome = new TreeMap<>();
        final List<String> escalatedIds = new ArrayList<>();

        void opened(Case.Snapshot c) {
            opened++;
            if (c.kind() != null) {
                openedByKind.merge(c.kind().name(), 1L, Long::sum);
            }
        }

        void escalated(Case.Snapshot c) {
            escalated++;
            escalatedIds.add(c.caseId());
        }

        void resolved(Case.Snapshot c) {
            resolved++;
            if (c.outcome() != null) {
                resolvedByOutcome.merge(c.outcome().name(), 1L, Long::sum);
            }
            resolutionSeconds += Duration.between(c.openedAt(), c.resolvedAt()).toSeconds();
            if (c.resolutionDue() != null) {
                withTarget++;
                targetMet += Case.restore(c).resolutionTargetMet() ? 1 : 0;
            }
        }

        void rated(FollowUp.Csat csat) {
            rated++;
            scores += csat.score();
        }

        ShopFigures shopFigures() {
            return new ShopFigures(opened, resolved, escalated, averageResolution(), Ratio.of(targetMet, withTarget),
                    visits, csatAverage(), rated, openedByKind, resolvedByOutcome, rejected, escalatedIds, overdue);
        }

        AgentFigures agentFigures() {
            return new AgentFigures(resolved, escalated, averageResolution(), Ratio.of(targetMet, withTarget), visits,
                    csatAverage(), rated, resolvedByOutcome, rejected, escalatedIds, overdue);
        }

        private Long averageResolution() {
            return resolved == 0 ? null : Math.round((double) resolutionSeconds / resolved);
        }

        private Double csatAverage() {
            return rated == 0 ? null : Math.round(scores * 100.0 / rated) / 100.0;
        }
    }
}
