package dev.kefu.aftersales.cases;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.aftersales.CaseUpdated;
import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.events.desk.SlaBreached;
import dev.kefu.events.inbound.MarketplaceRefundRequested;
import dev.kefu.platform.evidence.Transcript;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An after-sales case (售后工单): a complaint, return, refund or exchange, worked by an agent until it is resolved or
 * rejected. Anything beyond an agent's authority is escalated to a supervisor. Nothing here knows Kafka or MongoDB.
 * <p>
 * A case is to be resolved by {@code resolutionDue} (opened + the shop's target for its kind, calendar time); one still
 * open then owes one {@code sla-breached}. A resolved case owes the buyer a follow-up visit (回访) from
 * {@code followUp.dueAt}, and takes the buyer's satisfaction score (CSAT) for the agent who resolved it.
 * <p>
 * Every change an agent sees in the case returns its {@link CaseUpdated}, to be stored with it; one that changes
 * nothing returns none. The resolution target's breach is not one of them: it is {@code sla-breached}.
 */
public final class Case {

    /** Prefix of the cases opened by a marketplace refund request: one refund, one case. */
    static final String REFUND_CASE_PREFIX = "RF-";

    private final String shopId;
    private final String caseId;
    private final ComplaintOpened.Kind kind;
    private final ComplaintOpened.OpenedBy openedBy;
    private final Details details;
    private final Instant openedAt;
    private final List<Note> notes = new ArrayList<>();
    /** The last note's link, kept apart from the notes so that removing the last ones is seen; null before chaining. */
    private Transcript.Head notesHead;
    private CaseStatus status = CaseStatus.OPEN;
    private String assignee;
    private String escalatedBy;
    private String escalationReason;
    private Outcome outcome;
    private String resolution;
    private String rejectionReason;
    private String closedBy;
    private Instant updatedAt;
    private Instant resolvedAt;
    private Instant resolutionDue;
    private Instant resolutionBreachedAt;
    private Instant escalatedAt;
    private String resolvedBy;
    private FollowUp followUp;

    private Case(String shopId, String caseId, ComplaintOpened.Kind kind, ComplaintOpened.OpenedBy openedBy,
                 Details details, Instant openedAt) {
        this.shopId = Objects.requireNonNull(shopId, "shopId");
        this.caseId = Objects.requireNonNull(caseId, "caseId");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.openedBy = Objects.requireNonNull(openedBy, "openedBy");
        this.details = Objects.requireNonNull(details, "details");
        this.openedAt = Objects.requireNonNull(openedAt, "openedAt");
        this.updatedAt = openedAt;
    }

    /**
     * Opens a case, due to be resolved within the shop's target for its kind; the {@link ComplaintOpened} returned
     * with it is the only one this case ever causes.
     */
    public static Opened open(String shopId, String caseId, ComplaintOpened.Kind kind, ComplaintOpened.OpenedBy by,
                              Details details, Instant at, CaseTargets targets) {
        Case opened = new Case(shopId, caseId, kind, by, details, at);
        opened.resolutionDue = at.plus(targets.resolution(kind));
        return new Opened(opened, new ComplaintOpened(shopId, caseId, details.orderId(), details.buyerId(),
                details.platform(), kind, by, details.reason(), details.amount(), at));
    }

    /** The buyer's refund request opens its case, opened when the buyer asked. */
    public static Opened openFor(MarketplaceRefundRequested refund, CaseTargets targets) {
        return open(refund.shopId(), refundCaseId(refund.refundId()), kindOf(refund.kind()),
                ComplaintOpened.OpenedBy.BUYER, new Details(refund.orderId(), refund.buyerId(), refund.platform(),
                        refund.amount(), refund.reason()), refund.requestedAt(), targets);
    }

    public static String refundCaseId(String refundId) {
        return REFUND_CASE_PREFIX + refundId;
    }

    /**
     * The same refund request again (the marketplace re-sent it): the case was opened once, so nothing changes and
     * nothing is published. A request that names another order or buyer cannot be this refund's.
     */
    public List<KefuEvent> apply(MarketplaceRefundRequested refund) {
        if (!refund.shopId().equals(shopId) || !refundCaseId(refund.refundId()).equals(caseId)) {
            throw new CaseRuleViolation("refund " + refund.refundId() + " applied to case " + id());
        }
        if (!refund.orderId().equals(details.orderId()) || !refund.buyerId().equals(details.buyerId())) {
            throw new CaseRuleViolation("refund " + refund.refundId() + " was opened for order " + details.orderId()
                    + " of " + details.buyerId() + ", not order " + refund.orderId() + " of " + refund.buyerId());
        }
        return List.of();
    }

    /**
     * The calling agent takes the case. An escalated case stays with supervisors. Taking a case one already works on
     * changes nothing.
     */
    public Optional<CaseUpdated> assign(Actor actor, Instant at) {
        requireOpen("assigned");
        CaseStatus next = status;
        if (status == CaseStatus.ESCALATED) {
            if (!actor.supervisor()) {
                throw new CaseNotAllowed("case " + caseId + " is escalated; only a supervisor may take it");
            }
        } else {
            next = CaseStatus.IN_PROGRESS;
        }
        if (next == status && actor.agentId().equals(assignee)) {
            return Optional.empty();
        }
        status = next;
        assignee = actor.agentId();
        updatedAt = at;
        return updated(CaseUpdated.Change.ASSIGNED, actor.agentId(), at);
    }

    /** Hands the case to a supervisor because it exceeds the agent's authority. */
    public Optional<CaseUpdated> escalate(Actor actor, String reason, Instant at) {
        if (status != CaseStatus.OPEN && status != CaseStatus.IN_PROGRESS) {
            throw new CaseRuleViolation("case " + caseId + " is " + status
                    + "; only an open or in-progress case can be escalated");
        }
        status = CaseStatus.ESCALATED;
        escalatedBy = actor.agentId();
        escalationReason = reason;
        escalatedAt = at;
        updatedAt = at;
        return updated(CaseUpdated.Change.ESCALATED, actor.agentId(), at);
    }

    /** Resolves the case for the buyer; its follow-up visit falls due {@code followUpAfter} later. */
    public Optional<CaseUpdated> resolve(Actor actor, Outcome outcome, String resolution, Instant at,
                                         Duration followUpAfter) {
        requireOpen("resolved");
        if (status == CaseStatus.ESCALATED && !actor.supervisor()) {
            throw new CaseNotAllowed("case " + caseId + " is escalated; only a supervisor may resolve it");
        }
        status = CaseStatus.RESOLVED;
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.resolution = resolution;
        resolvedBy = actor.agentId();
        followUp = FollowUp.due(at.plus(followUpAfter));
        close(actor, at);
        return updated(CaseUpdated.Change.RESOLVED, actor.agentId(), at);
    }

    /** Refusing the buyer is a supervisor's decision. */
    public Optional<CaseUpdated> reject(Actor actor, String reason, Instant at) {
        requireOpen("rejected");
        if (!actor.supervisor()) {
            throw new CaseNotAllowed("only a supervisor may reject case " + caseId);
        }
        status = CaseStatus.REJECTED;
        rejectionReason = reason;
        close(actor, at);
        return updated(CaseUpdated.Change.REJECTED, actor.agentId(), at);
    }

    /**
     * Agent remarks are kept, in order and timestamped, as evidence (e.g. against a malicious buyer): each one is
     * chained to the one before ({@link NoteChain}), at most {@value NoteChain#MAX_NOTES} per case.
     */
    public Optional<CaseUpdated> addNote(Actor actor, String text, Instant at) {
        requireOpen("annotated");
        notesHead = NoteChain.append(id(), notes, notesHead, actor.agentId(), text, at);
        updatedAt = at;
        return updated(CaseUpdated.Change.NOTED, actor.agentId(), at);
    }

    /**
     * The {@code sla-breached} this case owes at {@code now}: its resolution target passed while it is still open and
     * it was not reported yet. Null otherwise (resolved or rejected, reported, not due yet, or opened without a target).
     */
    public SlaBreached resolutionBreach(Instant now) {
        if (!resolutionPending() || now.isBefore(resolutionDue)) {
            return null;
        }
        return new SlaBreached(shopId, SlaBreached.Target.RESOLUTION, caseId, details.buyerId(), kind.name(), assignee,
                Duration.between(openedAt, resolutionDue).toSeconds(), openedAt, resolutionDue,
                Duration.between(resolutionDue, now).toSeconds(), now);
    }

    /** Whether the resolution target is still to be met or reported: open, with a target, not reported. */
    public boolean resolutionPending() {
        return !status.isClosed() && resolutionDue != null && resolutionBreachedAt == null;
    }

    /** Whether the resolution target was met: resolved by {@code resolutionDue} without a breach reported. */
    public boolean resolutionTargetMet() {
        return status == CaseStatus.RESOLVED && resolutionDue != null && resolutionBreachedAt == null
                && !resolvedAt.isAfter(resolutionDue);
    }

    /**
     * Records the follow-up visit (回访): the shop asked the buyer how the case ended, through the satisfaction survey or
     * as an agent noted. Only once, and only for a resolved case. {@code agentId} is null for a survey Kefu sent.
     */
    public Optional<CaseUpdated> visit(String agentId, FollowUp.Via via, String messageId, String note, Instant at) {
        if (status != CaseStatus.RESOLVED || followUp == null) {
            throw new CaseRuleViolation("case " + caseId + " is " + status + "; only a resolved case is visited");
        }
        if (followUp.status() != FollowUp.Status.DUE) {
            throw new CaseRuleViolation("case " + caseId + " was already visited (" + followUp.status() + ")");
        }
        followUp = followUp.visited(agentId, via, messageId, note, at);
        updatedAt = at;
        return updated(CaseUpdated.Change.VISITED, agentId == null ? CaseUpdated.BY_KEFU : agentId, at);
    }

    /** Records the buyer's satisfaction score; a case takes one answer (the first), resolved cases only. */
    public Optional<CaseUpdated> answer(FollowUp.Csat csat) {
        if (status != CaseStatus.RESOLVED || followUp == null) {
            throw new CaseRuleViolation("case " + caseId + " is " + status + "; only a resolved case is rated");
        }
        if (followUp.status() == FollowUp.Status.ANSWERED) {
            throw new CaseRuleViolation("case " + caseId + " was already rated " + followUp.csat().score());
        }
        followUp = followUp.answered(csat);
        updatedAt = csat.at();
        return updated(CaseUpdated.Change.ANSWERED, CaseUpdated.BY_BUYER, csat.at());
    }

    /**
     * Of a buyer's cases, the one a satisfaction survey sent at {@code at} visits: the visit due longest (due by
     * {@code at}), else the latest resolved one still to be visited.
     */
    public static Optional<Case> toVisit(List<Case> cases, Instant at) {
        List<Case> unvisited = cases.stream().filter(c -> c.followUpIs(FollowUp.Status.DUE)).toList();
        Optional<Case> due = unvisited.stream().filter(c -> !c.followUp.dueAt().isAfter(at))
                .min(Comparator.comparing(c -> c.followUp.dueAt()));
        return due.isPresent() ? due : unvisited.stream().max(Comparator.comparing(c -> c.resolvedAt));
    }

    /**
     * Of a buyer's cases, the one a chat message that is only a score, sent at {@code at}, answers: the latest visited
     * whose visit came before the message and within {@link FollowUp#ANSWER_WINDOW}.
     */
    public static Optional<Case> answeredByMessage(List<Case> cases, Instant at) {
        return cases.stream().filter(c -> c.followUp != null && c.followUp.awaitsAnswerAt(at))
                .max(Comparator.comparing(c -> c.followUp.visitedAt()));
    }

    /**
     * Of a buyer's cases, the one a {@code csat.received} without a case id rates: the latest visited, else the latest
     * resolved one not yet visited (the marketplace may have surveyed the buyer itself).
     */
    public static Optional<Case> answeredByCsat(List<Case> cases) {
        Optional<Case> visited = cases.stream().filter(c -> c.followUpIs(FollowUp.Status.VISITED))
                .max(Comparator.comparing(c -> c.followUp.visitedAt()));
        return visited.isPresent() ? visited : cases.stream().filter(c -> c.followUpIs(FollowUp.Status.DUE))
                .max(Comparator.comparing(c -> c.resolvedAt));
    }

    private boolean followUpIs(FollowUp.Status wanted) {
        return status == CaseStatus.RESOLVED && followUp != null && followUp.status() == wanted;
    }

    /** The case as it is after {@code change} by {@code by}: what an agent's view of it needs, nothing personal. */
    private Optional<CaseUpdated> updated(CaseUpdated.Change change, String by, Instant at) {
        return Optional.of(new CaseUpdated(shopId, caseId, details.buyerId(), details.orderId(), kind, change,
                CaseUpdated.Status.valueOf(status.name()), assignee, by, at,
                outcome == null ? null : CaseUpdated.Outcome.valueOf(outcome.name()),
                followUp == null ? null : CaseUpdated.FollowUp.valueOf(followUp.status().name()),
                followUp == null || followUp.csat() == null ? null : followUp.csat().score()));
    }

    private void close(Actor actor, Instant at) {
        closedBy = actor.agentId();
        resolvedAt = at;
        updatedAt = at;
    }

    private void requireOpen(String change) {
        if (status.isClosed()) {
            throw new CaseRuleViolation("case " + caseId + " is " + status + " and cannot be " + change);
        }
    }

    public String id() {
        return shopId + ":" + caseId;
    }

    public CaseStatus status() { return status; }

    public String buyerId() { return details.buyerId(); }

    public Instant resolutionDue() { return resolutionDue; }

    public FollowUp followUp() { return followUp; }

    /** Rebuilds a case from storage. */
    public static Case restore(Snapshot s) {
        Case restored = new Case(s.shopId(), s.caseId(), s.kind(), s.openedBy(),
                new Details(s.orderId(), s.buyerId(), s.platform(), s.amount(), s.reason()), s.openedAt());
        restored.status = s.status();
        restored.assignee = s.assignee();
        restored.escalatedBy = s.escalatedBy();
        restored.escalationReason = s.escalationReason();
        restored.outcome = s.outcome();
        restored.resolution = s.resolution();
        restored.rejectionReason = s.rejectionReason();
        restored.closedBy = s.closedBy();
        restored.notes.addAll(s.notes() == null ? List.of() : s.notes());
        restored.notesHead = s.notesHead();
        restored.updatedAt = s.updatedAt();
        restored.resolvedAt = s.resolvedAt();
        restored.resolutionDue = s.resolutionDue();
        restored.resolutionBreachedAt = s.resolutionBreachedAt();
        restored.escalatedAt = s.escalatedAt();
        restored.resolvedBy = s.resolvedBy();
        restored.followUp = s.followUp();
        return restored;
    }

    public Snapshot snapshot() {
        return new Snapshot(shopId, caseId, kind, openedBy, status, details.orderId(), details.buyerId(),
                details.platform(), details.amount(), details.reason(), assignee, escalatedBy, escalationReason,
                outcome, resolution, rejectionReason, closedBy, List.copyOf(notes), openedAt, updatedAt, resolvedAt,
                resolutionDue, resolutionBreachedAt, escalatedAt, resolvedBy, followUp, notesHead);
    }

    /** What the case is about, fixed when it is opened. {@code orderId} and {@code amount} are optional. */
    public record Details(String orderId, String buyerId, String platform, BigDecimal amount, String reason) {
    }

    /** An agent's remark; {@code link} places it in the notes' chain (null: written before notes were chained). */
    public record Note(String author, String text, Instant at, NoteChain.Link link) {
    }

    /** A newly opened case and the event announcing it. */
    public record Opened(Case opened, ComplaintOpened event) {
    }

    /**
     * The case as plain data: what is stored and what the API shows. {@code resolvedAt}: resolved or rejected (by
     * {@code closedBy}); {@code resolvedBy}: who resolved it (not set for a rejection); {@code resolutionDue}: when it
     * is due to be resolved, {@code resolutionBreachedAt}: when it was reported as not resolved in time;
     * {@code followUp}: the visit and satisfaction score of a resolved case; {@code notesHead}: the last note's link.
     */
    public record Snapshot(String shopId, String caseId, ComplaintOpened.Kind kind, ComplaintOpened.OpenedBy openedBy,
                           CaseStatus status, String orderId, String buyerId, String platform,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String reason,
                           String assignee, String escalatedBy, String escalationReason, Outcome outcome,
                           String resolution, String rejectionReason, String closedBy, List<Note> notes,
                           Instant openedAt, Instant updatedAt, Instant resolvedAt, Instant resolutionDue,
                           Instant resolutionBreachedAt, Instant escalatedAt, String resolvedBy, FollowUp followUp,
                           Transcript.Head notesHead) {
    }

    private static ComplaintOpened.Kind kindOf(MarketplaceRefundRequested.Kind kind) {
        return switch (kind) {
            case REFUND_ONLY -> ComplaintOpened.Kind.REFUND;
            case RETURN_REFUND -> ComplaintOpened.Kind.RETURN;
            case EXCHANGE -> ComplaintOpened.Kind.EXCHANGE;
        };
    }
}
