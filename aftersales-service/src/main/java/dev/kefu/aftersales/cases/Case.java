package dev.kefu.aftersales.cases;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.events.inbound.MarketplaceRefundRequested;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An after-sales case (售后工单): a complaint, return, refund or exchange, worked by an agent until it is resolved or
 * rejected. Anything beyond an agent's authority is escalated to a supervisor. Nothing here knows Kafka or MongoDB.
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

    /** Opens a case; the {@link ComplaintOpened} returned with it is the only one this case ever causes. */
    public static Opened open(String shopId, String caseId, ComplaintOpened.Kind kind, ComplaintOpened.OpenedBy by,
                              Details details, Instant at) {
        Case opened = new Case(shopId, caseId, kind, by, details, at);
        return new Opened(opened, new ComplaintOpened(shopId, caseId, details.orderId(), details.buyerId(),
                details.platform(), kind, by, details.reason(), details.amount(), at));
    }

    /** The buyer's refund request opens its case, opened when the buyer asked. */
    public static Opened openFor(MarketplaceRefundRequested refund) {
        return open(refund.shopId(), refundCaseId(refund.refundId()), kindOf(refund.kind()),
                ComplaintOpened.OpenedBy.BUYER, new Details(refund.orderId(), refund.buyerId(), refund.platform(),
                        refund.amount(), refund.reason()), refund.requestedAt());
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

    /** The calling agent takes the case. An escalated case stays with supervisors. */
    public void assign(Actor actor, Instant at) {
        requireOpen("assigned");
        if (status == CaseStatus.ESCALATED) {
            if (!actor.supervisor()) {
                throw new CaseNotAllowed("case " + caseId + " is escalated; only a supervisor may take it");
            }
        } else {
            status = CaseStatus.IN_PROGRESS;
        }
        assignee = actor.agentId();
        updatedAt = at;
    }

    /** Hands the case to a supervisor because it exceeds the agent's authority. */
    public void escalate(Actor actor, String reason, Instant at) {
        if (status != CaseStatus.OPEN && status != CaseStatus.IN_PROGRESS) {
            throw new CaseRuleViolation("case " + caseId + " is " + status
                    + "; only an open or in-progress case can be escalated");
        }
        status = CaseStatus.ESCALATED;
        escalatedBy = actor.agentId();
        escalationReason = reason;
        updatedAt = at;
    }

    public void resolve(Actor actor, Outcome outcome, String resolution, Instant at) {
        requireOpen("resolved");
        if (status == CaseStatus.ESCALATED && !actor.supervisor()) {
            throw new CaseNotAllowed("case " + caseId + " is escalated; only a supervisor may resolve it");
        }
        status = CaseStatus.RESOLVED;
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.resolution = resolution;
        close(actor, at);
    }

    /** Refusing the buyer is a supervisor's decision. */
    public void reject(Actor actor, String reason, Instant at) {
        requireOpen("rejected");
        if (!actor.supervisor()) {
            throw new CaseNotAllowed("only a supervisor may reject case " + caseId);
        }
        status = CaseStatus.REJECTED;
        rejectionReason = reason;
        close(actor, at);
    }

    /** Agent remarks are kept, in order and timestamped, as evidence (e.g. against a malicious buyer). */
    public void addNote(Actor actor, String text, Instant at) {
        requireOpen("annotated");
        notes.add(new Note(actor.agentId(), text, at));
        updatedAt = at;
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
        restored.updatedAt = s.updatedAt();
        restored.resolvedAt = s.resolvedAt();
        return restored;
    }

    public Snapshot snapshot() {
        return new Snapshot(shopId, caseId, kind, openedBy, status, details.orderId(), details.buyerId(),
                details.platform(), details.amount(), details.reason(), assignee, escalatedBy, escalationReason,
                outcome, resolution, rejectionReason, closedBy, List.copyOf(notes), openedAt, updatedAt, resolvedAt);
    }

    /** What the case is about, fixed when it is opened. {@code orderId} and {@code amount} are optional. */
    public record Details(String orderId, String buyerId, String platform, BigDecimal amount, String reason) {
    }

    public record Note(String author, String text, Instant at) {
    }

    /** A newly opened case and the event announcing it. */
    public record Opened(Case opened, ComplaintOpened event) {
    }

    /** The case as plain data: what is stored and what the API shows. {@code resolvedAt}: resolved or rejected. */
    public record Snapshot(String shopId, String caseId, ComplaintOpened.Kind kind, ComplaintOpened.OpenedBy openedBy,
                           CaseStatus status, String orderId, String buyerId, String platform,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String reason,
                           String assignee, String escalatedBy, String escalationReason, Outcome outcome,
                           String resolution, String rejectionReason, String closedBy, List<Note> notes,
                           Instant openedAt, Instant updatedAt, Instant resolvedAt) {
    }

    private static ComplaintOpened.Kind kindOf(MarketplaceRefundRequested.Kind kind) {
        return switch (kind) {
            case REFUND_ONLY -> ComplaintOpened.Kind.REFUND;
            case RETURN_REFUND -> ComplaintOpened.Kind.RETURN;
            case EXCHANGE -> ComplaintOpened.Kind.EXCHANGE;
        };
    }
}
