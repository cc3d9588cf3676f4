package dev.kefu.aftersales.cases;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.aftersales.CaseResolved;
import dev.kefu.events.aftersales.CaseUpdated;
import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.events.desk.SlaBreached;
import dev.kefu.events.inbound.MarketplaceRefundAgreed;
import dev.kefu.events.inbound.MarketplaceRefundClosed;
import dev.kefu.events.inbound.MarketplaceRefundCompleted;
import dev.kefu.events.inbound.MarketplaceRefundRefused;
import dev.kefu.events.inbound.MarketplaceRefundRequested;
import dev.kefu.events.inbound.MarketplaceReturnShipped;
import dev.kefu.platform.evidence.Transcript;
import dev.kefu.platform.text.ReviewBargain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An after-sales case (售后工单): a complaint, return, refund or exchange, a delayed parcel or a bad review, worked from
 * open to closed along {@link CaseStatus}'s table of moves; every move is kept in its history (who, when, why), an
 * illegal one is an {@link IllegalCaseMove}. Nothing here knows Kafka or MongoDB.
 * <p>
 * A case is to be resolved by {@code resolutionDue} (opened or reopened + the shop's target for its kind, calendar
 * time); one still open then owes one {@code sla-breached}. A resolution granting more money than the resolver's limit
 * ({@link CaseLimits}) waits for a supervisor's approval, never the requester's own. A resolution is announced by
 * {@link CaseResolved} and owes the buyer a follow-up visit (回访) from {@code followUp.dueAt}; the buyer's satisfaction
 * score (CSAT) counts for the agent who resolved it. A refund case follows the marketplace's refund
 * ({@link RefundProgress}): its steps move the case as an agent's actions would, by {@value CaseResolved#BY_MARKETPLACE}.
 * <p>
 * Every change an agent sees returns its {@link CaseUpdated} (and a resolution its {@link CaseResolved}), to be stored
 * with it; one that changes nothing returns none. The resolution target's breach is not one of them: it is
 * {@code sla-breached}.
 */
public final class Case {

    /** Prefix of the cases opened by a marketplace refund request: one refund, one case. */
    static final String REFUND_CASE_PREFIX = "RF-";
    /** Moves a case keeps at most: far above any real case's, a bound on a document that is never trimmed. */
    static final int MAX_MOVES = 500;
    static final String BY_MARKETPLACE = CaseResolved.BY_MARKETPLACE;

    private final String shopId;
    private final String caseId;
    private final ComplaintOpened.Kind kind;
    private final ComplaintOpened.OpenedBy openedBy;
    private final Details details;
    private final Instant openedAt;
    private final List<Note> notes = new ArrayList<>();
    private final List<Transition> history = new ArrayList<>();
    /** The last note's link, kept apart from the notes so that removing the last ones is seen; null before chaining. */
    private Transcript.Head notesHead;
    private CaseStatus status = CaseStatus.OPEN;
    private String assignee;
    private String escalatedBy;
    private String escalationReason;
    private String waitingReason;
    private Outcome outcome;
    private String resolution;
    private BigDecimal compensation;
    private String rejectionReason;
    private String closedBy;
    private String closeReason;
    private Instant updatedAt;
    private Instant resolvedAt;
    private Instant closedAt;
    private Instant resolutionDue;
    private Instant resolutionBreachedAt;
    private Instant escalatedAt;
    private String resolvedBy;
    private String approvedBy;
    private Approval approval;
    private RefundProgress refund;
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

    /** The buyer's refund request opens its case, opened when the buyer asked, following the refund from there. */
    public static Opened openFor(MarketplaceRefundRequested refund, CaseTargets targets) {
        Opened opened = open(refund.shopId(), refundCaseId(refund.refundId()), kindOf(refund.kind()),
                ComplaintOpened.OpenedBy.BUYER, new Details(refund.orderId(), refund.buyerId(), refund.platform(),
                        refund.amount(), refund.reason()), refund.requestedAt(), targets);
        opened.opened().refund = RefundProgress.requested(refund);
        return opened;
    }

    public static String refundCaseId(String refundId) {
        return REFUND_CASE_PREFIX + refundId;
    }

    /**
     * The same refund request again (the marketplace re-sent it): the case was opened once, so nothing changes and
     * nothing is published. A request that names another order or buyer cannot be this refund's.
     */
    public List<KefuEvent> apply(MarketplaceRefundRequested refund) {
        requireSameRefund(refund.shopId(), refund.refundId(), refund.orderId(), refund.buyerId());
        return List.of();
    }

    // ---- the marketplace's refund steps ----

    /**
     * The seller agreed: a return or exchange now waits for the buyer's parcel (WAITING_FOR_BUYER, when the case is
     * open or in progress); a refund only waits for the payout.
     */
    public List<KefuEvent> apply(MarketplaceRefundAgreed agreed) {
        RefundProgress next = refundFor(agreed.shopId(), agreed.refundId(), agreed.orderId(), agreed.buyerId())
                .agreed(agreed);
        if (next.equals(refund)) {
            return List.of();
        }
        refund = next;
        Instant at = agreed.agreedAt();
        if (next.stage() == RefundProgress.Stage.AWAITING_RETURN
                && (status == CaseStatus.OPEN || status == CaseStatus.IN_PROGRESS)) {
            waitingReason = "the buyer's return parcel";
            return updates(move(CaseAction.WAIT_FOR_BUYER, BY_MARKETPLACE, at, "refund.agreed: " + waitingReason));
        }
        return updates(progressed(at));
    }

    /** The buyer's return parcel is on its way (carrier and tracking recorded): the shop works the case again. */
    public List<KefuEvent> apply(MarketplaceReturnShipped shipped) {
        RefundProgress next = refundFor(shipped.shopId(), shipped.refundId(), shipped.orderId(), shipped.buyerId())
                .returnShipped(shipped);
        if (next.equals(refund)) {
            return List.of();
        }
        refund = next;
        Instant at = shipped.shippedAt();
        if (status == CaseStatus.WAITING_FOR_BUYER) {
            waitingReason = null;
            return updates(move(CaseAction.RESUME, BY_MARKETPLACE, at, "return.shipped: "
                    + (shipped.carrier() == null ? "" : shipped.carrier() + " ") + shipped.trackingNo()));
        }
        return updates(progressed(at));
    }

    /**
     * The marketplace paid the refund out: an open case is resolved by it (outcome REFUNDED, RETURNED for a return,
     * the amount paid as compensation), a rejected one reopened and resolved (the marketplace stepped in for the
     * buyer); a case an agent already resolved or closed only records the payout.
     */
    public List<KefuEvent> apply(MarketplaceRefundCompleted completed, Duration followUpAfter) {
        RefundProgress next = refundFor(completed.shopId(), completed.refundId(), completed.orderId(),
                completed.buyerId()).completed(completed);
        if (next.equals(refund)) {
            return List.of();
        }
        refund = next;
        Instant at = completed.completedAt();
        if (status == CaseStatus.REJECTED) {
            reopen(BY_MARKETPLACE, "refund.completed after the refusal: the marketplace ruled for the buyer", at);
        }
        if (!status.isOpenWork()) {
            return updates(progressed(at));
        }
        supersedeApproval("the refund was paid out", at);
        Outcome paid = switch (kind) {
            case RETURN -> Outcome.RETURNED;
            case EXCHANGE -> Outcome.EXCHANGED;
            default -> Outcome.REFUNDED;
        };
        return resolved(BY_MARKETPLACE, null, paid, "refund.completed: " + completed.amount() + " paid out",
                completed.amount(), at, followUpAfter);
    }

    /** The seller refused the refund: an open case is rejected with the refusal's reason. */
    public List<KefuEvent> apply(MarketplaceRefundRefused refused) {
        RefundProgress next = refundFor(refused.shopId(), refused.refundId(), refused.orderId(), refused.buyerId())
                .refused(refused);
        if (next.equals(refund)) {
            return List.of();
        }
        refund = next;
        Instant at = refused.refusedAt();
        if (!status.isOpenWork()) {
            return updates(progressed(at));
        }
        rejectionReason = refused.reason() == null ? "refused on the marketplace" : refused.reason();
        supersedeApproval("the refund was refused", at);
        CaseUpdated update = move(CaseAction.REJECT, BY_MARKETPLACE, at, "refund.refused: " + rejectionReason);
        end(BY_MARKETPLACE, at);
        return updates(update);
    }

    /** The refund ended without a payout (the buyer withdrew it): the case is closed, whatever its status. */
    public List<KefuEvent> apply(MarketplaceRefundClosed closed) {
        RefundProgress next = refundFor(closed.shopId(), closed.refundId(), closed.orderId(), closed.buyerId())
                .closed(closed);
        if (next.equals(refund)) {
            return List.of();
        }
        refund = next;
        Instant at = closed.closedAt();
        if (status == CaseStatus.CLOSED) {
            return updates(progressed(at));
        }
        supersedeApproval("the refund was closed", at);
        return updates(close(BY_MARKETPLACE, "refund.closed" + (closed.reason() == null ? "" : ": " + closed.reason()),
                at));
    }

    private RefundProgress refundFor(String shop, String refundId, String orderId, String buyerId) {
        requireSameRefund(shop, refundId, orderId, buyerId);
        if (refund == null) {
            // opened before the case followed its refund: it was requested, of the case's kind
            refund = new RefundProgress(refundId, switch (kind) {
                case RETURN -> MarketplaceRefundRequested.Kind.RETURN_REFUND;
                case EXCHANGE -> MarketplaceRefundRequested.Kind.EXCHANGE;
                default -> MarketplaceRefundRequested.Kind.REFUND_ONLY;
            }, RefundProgress.Stage.REQUESTED, details.amount(), null, null, null, null, openedAt, null, null, null,
                    null);
        }
        return refund;
    }

    private void requireSameRefund(String shop, String refundId, String orderId, String buyerId) {
        if (!shop.equals(shopId) || !refundCaseId(refundId).equals(caseId)) {
            throw new CaseRuleViolation("refund " + refundId + " applied to case " + id());
        }
        if (!orderId.equals(details.orderId()) || !buyerId.equals(details.buyerId())) {
            throw new CaseRuleViolation("refund " + refundId + " was opened for order " + details.orderId()
                    + " of " + details.buyerId() + ", not order " + orderId + " of " + buyerId);
        }
    }

    // ---- agents' actions ----

    /**
     * The calling agent takes the case. An escalated case stays with supervisors. Taking a case one already works on
     * changes nothing.
     */
    public Optional<CaseUpdated> assign(Actor actor, Instant at) {
        CaseStatus next = allowed(CaseAction.ASSIGN);
        if (status == CaseStatus.ESCALATED && !actor.supervisor()) {
            throw new CaseNotAllowed("case " + caseId + " is escalated; only a supervisor may take it");
        }
        if (next == status && actor.agentId().equals(assignee)) {
            return Optional.empty();
        }
        assignee = actor.agentId();
        return Optional.of(move(CaseAction.ASSIGN, actor.agentId(), at, null));
    }

    /** Hands the case to a supervisor because it exceeds the agent's authority. */
    public Optional<CaseUpdated> escalate(Actor actor, String reason, Instant at) {
        allowed(CaseAction.ESCALATE);
        escalatedBy = actor.agentId();
        escalationReason = reason;
        escalatedAt = at;
        waitingReason = null;
        return Optional.of(move(CaseAction.ESCALATE, actor.agentId(), at, reason));
    }

    /** The case waits for the buyer (a photo, the return parcel, an answer); its resolution target keeps running. */
    public Optional<CaseUpdated> waitForBuyer(Actor actor, String reason, Instant at) {
        allowed(CaseAction.WAIT_FOR_BUYER);
        waitingReason = reason;
        return Optional.of(move(CaseAction.WAIT_FOR_BUYER, actor.agentId(), at, reason));
    }

    /** Back to work on a case that waited for the buyer. */
    public Optional<CaseUpdated> resume(Actor actor, Instant at) {
        allowed(CaseAction.RESUME);
        waitingReason = null;
        if (assignee == null) {
            assignee = actor.agentId();
        }
        return Optional.of(move(CaseAction.RESUME, actor.agentId(), at, null));
    }

    /**
     * Resolves the case for the buyer, or — when the money it grants ({@code compensation}, else for a refund or
     * return the case's amount) is above the actor's limit — asks a supervisor's approval for it (WAITING_FOR_APPROVAL).
     * A resolution that makes the compensation depend on the buyer changing a review is refused
     * ({@link ReviewConditionRefused}). Its follow-up visit falls due {@code followUpAfter} after the resolution.
     */
    public List<KefuEvent> resolve(Actor actor, Outcome outcome, String resolution, BigDecimal compensation,
                                   Instant at, Duration followUpAfter, CaseLimits limits) {
        Objects.requireNonNull(outcome, "outcome");
        BigDecimal amount = compensation != null ? compensation
                : (outcome == Outcome.REFUNDED || outcome == Outcome.RETURNED) ? details.amount() : null;
        BigDecimal limit = limits.of(actor);
        boolean aboveLimit = amount != null && amount.compareTo(limit) > 0;
        allowed(aboveLimit ? CaseAction.REQUEST_APPROVAL : CaseAction.RESOLVE);
        if (status == CaseStatus.ESCALATED && !actor.supervisor()) {
            throw new CaseNotAllowed("case " + caseId + " is escalated; only a supervisor may resolve it");
        }
        if (ReviewBargain.offers(resolution)) {
            throw new ReviewConditionRefused();
        }
        if (aboveLimit) {
            approval = Approval.requested(outcome, resolution, amount, limit, actor.agentId(), at);
            return updates(move(CaseAction.REQUEST_APPROVAL, actor.agentId(), at,
                    amount + " is above the " + (actor.supervisor() ? "supervisor" : "agent") + " limit of " + limit));
        }
        return resolved(actor.agentId(), null, outcome, resolution, amount, at, followUpAfter);
    }

    /**
     * A supervisor's decision on the amount waiting for approval: approved, the case is resolved as requested (by the
     * requester, approved by the supervisor); denied (a reason is required), it goes back to work. The requester
     * cannot decide their own request, an agent cannot decide at all.
     */
    public List<KefuEvent> decide(Actor actor, boolean approve, String reason, Instant at, Duration followUpAfter) {
        allowed(approve ? CaseAction.APPROVE : CaseAction.DENY);
        if (!actor.supervisor()) {
            throw new CaseNotAllowed("only a supervisor may approve or deny the amount of case " + caseId);
        }
        if (actor.agentId().equals(approval.requestedBy())) {
            throw new CaseNotAllowed("nobody approves their own request: " + approval.requestedBy()
                    + " asked for " + approval.amount() + " on case " + caseId + "; another supervisor decides");
        }
        if (approve) {
            approval = approval.decided(Approval.Decision.APPROVED, actor.agentId(), at, reason);
            return resolved(approval.requestedBy(), actor.agentId(), approval.outcome(), approval.resolution(),
                    approval.amount(), at, followUpAfter);
        }
        approval = approval.decided(Approval.Decision.DENIED, actor.agentId(), at, reason);
        return updates(move(CaseAction.DENY, actor.agentId(), at, reason));
    }

    /** Refusing the buyer is a supervisor's decision. */
    public Optional<CaseUpdated> reject(Actor actor, String reason, Instant at) {
        allowed(CaseAction.REJECT);
        if (!actor.supervisor()) {
            throw new CaseNotAllowed("only a supervisor may reject case " + caseId);
        }
        rejectionReason = reason;
        CaseUpdated update = move(CaseAction.REJECT, actor.agentId(), at, reason);
        end(actor.agentId(), at);
        return Optional.of(update);
    }

    /**
     * Opens an ended case again (the buyer came back: the fix did not hold, the parcel never came): its resolution is
     * kept in the history only, a new resolution target runs from now and a new follow-up will be owed.
     */
    public Optional<CaseUpdated> reopen(Actor actor, String reason, Instant at, CaseTargets targets) {
        allowed(CaseAction.REOPEN);
        CaseUpdated update = reopen(actor.agentId(), reason, at);
        resolutionDue = at.plus(targets.resolution(kind));
        return Optional.of(update);
    }

    private CaseUpdated reopen(String by, String reason, Instant at) {
        outcome = null;
        resolution = null;
        compensation = null;
        resolvedBy = null;
        approvedBy = null;
        rejectionReason = null;
        closedBy = null;
        resolvedAt = null;
        followUp = null;
        resolutionBreachedAt = null;
        return move(CaseAction.REOPEN, by, at, reason);
    }

    /**
     * Closes the case for good: after its resolution (or rejection, or follow-up), or straight away with a reason
     * (a duplicate, the buyer withdrew). Nothing moves a closed case; notes may still be added as evidence.
     */
    public Optional<CaseUpdated> close(Actor actor, String reason, Instant at) {
        allowed(CaseAction.CLOSE);
        if (status.isOpenWork() && (reason == null || reason.isBlank())) {
            throw new CaseRuleViolation("case " + caseId + " is " + status
                    + "; closing it unresolved needs a reason");
        }
        return Optional.of(close(actor.agentId(), reason, at));
    }

    private CaseUpdated close(String by, String reason, Instant at) {
        // closed while a supervisor was still to decide: the request is void, not left pending on a closed case
        approvalSuperseded(by, reason == null ? "the case was closed" : "the case was closed: " + reason, at);
        closeReason = reason;
        closedAt = at;
        if (resolvedAt == null) {
            resolvedAt = at; // ended now: the resolution target stops here
        }
        if (closedBy == null) {
            closedBy = by;
        }
        return move(CaseAction.CLOSE, by, at, reason);
    }

    /**
     * Agent remarks are kept, in order and timestamped, as evidence (e.g. against a malicious buyer): each one is
     * chained to the one before ({@link NoteChain}), at most {@value NoteChain#MAX_NOTES} per case.
     */
    public Optional<CaseUpdated> addNote(Actor actor, String text, Instant at) {
        allowed(CaseAction.NOTE);
        notesHead = NoteChain.append(id(), notes, notesHead, actor.agentId(), text, at);
        updatedAt = at;
        return updated(CaseUpdated.Change.NOTED, actor.agentId(), at);
    }

    // ---- moves ----

    /** The status {@code action} leads to from here, or an {@link IllegalCaseMove} naming the current status. */
    private CaseStatus allowed(CaseAction action) {
        CaseStatus next = status.after(action).orElseThrow(() -> new IllegalCaseMove(caseId, status, action));
        if (history.size() >= MAX_MOVES) {
            throw new CaseRuleViolation("case " + caseId + " has " + MAX_MOVES + " changes recorded, the most a case "
                    + "keeps; open a new case for the buyer");
        }
        return next;
    }

    /** Makes the move, records it in the history and returns the update announcing it. */
    private CaseUpdated move(CaseAction action, String by, Instant at, String why) {
        shift(action, by, at, why);
        return updated(CHANGES.get(action), by, at).orElseThrow();
    }

    /** Makes the move and records it in the history; what follows it announces the case. */
    private void shift(CaseAction action, String by, Instant at, String why) {
        CaseStatus from = status;
        status = allowed(action);
        history.add(new Transition(from, status, action, by, at, why));
    }

    /**
     * The marketplace settled what a supervisor was still to decide: the pending amount is superseded and the case,
     * if it waited for that decision, is back at work for the step that settles it (recorded, not announced apart).
     */
    private void supersedeApproval(String why, Instant at) {
        if (approval == null || !approval.pending()) {
            return;
        }
        approvalSuperseded(BY_MARKETPLACE, why, at);
        if (status == CaseStatus.WAITING_FOR_APPROVAL) {
            shift(CaseAction.SUPERSEDE, BY_MARKETPLACE, at, why);
        }
    }

    /** A pending amount nobody will decide any more (the case was settled or closed meanwhile): it says so. */
    private void approvalSuperseded(String by, String why, Instant at) {
        if (approval != null && approval.pending()) {
            approval = approval.decided(Approval.Decision.SUPERSEDED, by, at, why);
        }
    }

    /** A refund step that leaves the status as it is. */
    private CaseUpdated progressed(Instant at) {
        return updated(CaseUpdated.Change.REFUND_PROGRESSED, BY_MARKETPLACE, at).orElseThrow();
    }

    private List<KefuEvent> resolved(String by, String approver, Outcome how, String text, BigDecimal amount,
                                     Instant at, Duration followUpAfter) {
        outcome = how;
        resolution = text;
        compensation = amount;
        resolvedBy = by;
        approvedBy = approver;
        waitingReason = null;
        followUp = FollowUp.due(at.plus(followUpAfter));
        String actor = approver == null ? by : approver;
        CaseUpdated update = move(approver == null ? CaseAction.RESOLVE : CaseAction.APPROVE, actor, at,
                approver == null ? text : "approved " + amount + " for " + by);
        end(actor, at);
        CaseResolved announced = new CaseResolved(shopId, caseId, details.buyerId(), details.orderId(),
                details.platform(), kind, CaseUpdated.Outcome.valueOf(how.name()), amount,
                refund == null ? null : refund.refundId(), by, approver, at);
        return List.of(update, announced);
    }

    private void end(String by, Instant at) {
        closedBy = by;
        resolvedAt = at;
        updatedAt = at;
    }

    private static List<KefuEvent> updates(CaseUpdated update) {
        return List.of(update);
    }

    private static final Map<CaseAction, CaseUpdated.Change> CHANGES = new EnumMap<>(Map.ofEntries(
            Map.entry(CaseAction.ASSIGN, CaseUpdated.Change.ASSIGNED),
            Map.entry(CaseAction.WAIT_FOR_BUYER, CaseUpdated.Change.WAITING),
            Map.entry(CaseAction.RESUME, CaseUpdated.Change.RESUMED),
            Map.entry(CaseAction.ESCALATE, CaseUpdated.Change.ESCALATED),
            Map.entry(CaseAction.REQUEST_APPROVAL, CaseUpdated.Change.APPROVAL_REQUESTED),
            Map.entry(CaseAction.APPROVE, CaseUpdated.Change.APPROVED),
            Map.entry(CaseAction.DENY, CaseUpdated.Change.DENIED),
            Map.entry(CaseAction.RESOLVE, CaseUpdated.Change.RESOLVED),
            Map.entry(CaseAction.REJECT, CaseUpdated.Change.REJECTED),
            Map.entry(CaseAction.NOTE, CaseUpdated.Change.NOTED),
            Map.entry(CaseAction.VISIT, CaseUpdated.Change.VISITED),
            Map.entry(CaseAction.ANSWER, CaseUpdated.Change.ANSWERED),
            Map.entry(CaseAction.CLOSE, CaseUpdated.Change.CLOSED),
            Map.entry(CaseAction.REOPEN, CaseUpdated.Change.REOPENED)));

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
        return status.isOpenWork() && resolutionDue != null && resolutionBreachedAt == null;
    }

    /** Whether the resolution target was met: resolved by {@code resolutionDue} without a breach reported. */
    public boolean resolutionTargetMet() {
        return outcome != null && resolutionDue != null && resolutionBreachedAt == null
                && !resolvedAt.isAfter(resolutionDue);
    }

    /**
     * Records the follow-up visit (回访): the shop asked the buyer how the case ended, through the satisfaction survey or
     * as an agent noted; the case is FOLLOWED_UP. Only once, and only for a resolved case. {@code agentId} is null for
     * a survey Kefu sent.
     */
    public Optional<CaseUpdated> visit(String agentId, FollowUp.Via via, String messageId, String note, Instant at) {
        allowed(CaseAction.VISIT);
        if (followUp == null || followUp.status() != FollowUp.Status.DUE) {
            throw new CaseRuleViolation("case " + caseId + " was already visited ("
                    + (followUp == null ? "no visit owed" : followUp.status()) + ")");
        }
        followUp = followUp.visited(agentId, via, messageId, note, at);
        updatedAt = at;
        return Optional.of(move(CaseAction.VISIT, agentId == null ? CaseUpdated.BY_KEFU : agentId, at, note));
    }

    /** Records the buyer's satisfaction score; a case takes one answer (the first), resolved cases only. */
    public Optional<CaseUpdated> answer(FollowUp.Csat csat) {
        allowed(CaseAction.ANSWER);
        if (followUp == null) {
            throw new CaseRuleViolation("case " + caseId + " owes no follow-up; it is not rated");
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
        return cases.stream().filter(c -> c.followUpIs(FollowUp.Status.VISITED) && c.followUp.awaitsAnswerAt(at))
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

    /** A follow-up in that state on a case whose status still takes the buyer's answer (not closed, not reopened). */
    private boolean followUpIs(FollowUp.Status wanted) {
        return followUp != null && followUp.status() == wanted && status.after(CaseAction.ANSWER).isPresent();
    }

    /** The case as it is after {@code change} by {@code by}: what an agent's view of it needs, nothing personal. */
    private Optional<CaseUpdated> updated(CaseUpdated.Change change, String by, Instant at) {
        updatedAt = at;
        return Optional.of(new CaseUpdated(shopId, caseId, details.buyerId(), details.orderId(), kind, change,
                CaseUpdated.Status.valueOf(status.name()), assignee, by, at,
                outcome == null ? null : CaseUpdated.Outcome.valueOf(outcome.name()),
                followUp == null ? null : CaseUpdated.FollowUp.valueOf(followUp.status().name()),
                followUp == null || followUp.csat() == null ? null : followUp.csat().score()));
    }

    public String id() {
        return shopId + ":" + caseId;
    }

    public CaseStatus status() { return status; }

    public String buyerId() { return details.buyerId(); }

    public Instant resolutionDue() { return resolutionDue; }

    public FollowUp followUp() { return followUp; }

    /** Rebuilds a case from storage; fields a case stored before they existed read as empty. */
    public static Case restore(Snapshot s) {
        Case restored = new Case(s.shopId(), s.caseId(), s.kind(), s.openedBy(),
                new Details(s.orderId(), s.buyerId(), s.platform(), s.amount(), s.reason()), s.openedAt());
        restored.status = s.status();
        restored.assignee = s.assignee();
        restored.escalatedBy = s.escalatedBy();
        restored.escalationReason = s.escalationReason();
        restored.waitingReason = s.waitingReason();
        restored.outcome = s.outcome();
        restored.resolution = s.resolution();
        restored.compensation = s.compensation();
        restored.rejectionReason = s.rejectionReason();
        restored.closedBy = s.closedBy();
        restored.closeReason = s.closeReason();
        restored.notes.addAll(s.notes() == null ? List.of() : s.notes());
        restored.history.addAll(s.history() == null ? List.of() : s.history());
        restored.notesHead = s.notesHead();
        restored.updatedAt = s.updatedAt();
        restored.resolvedAt = s.resolvedAt();
        restored.closedAt = s.closedAt();
        restored.resolutionDue = s.resolutionDue();
        restored.resolutionBreachedAt = s.resolutionBreachedAt();
        restored.escalatedAt = s.escalatedAt();
        restored.resolvedBy = s.resolvedBy();
        restored.approvedBy = s.approvedBy();
        restored.approval = s.approval();
        restored.refund = s.refund();
        restored.followUp = s.followUp();
        return restored;
    }

    public Snapshot snapshot() {
        return new Snapshot(shopId, caseId, kind, openedBy, status, details.orderId(), details.buyerId(),
                details.platform(), details.amount(), details.reason(), assignee, escalatedBy, escalationReason,
                waitingReason, outcome, resolution, compensation, rejectionReason, closedBy, closeReason,
                List.copyOf(notes), openedAt, updatedAt, resolvedAt, closedAt, resolutionDue, resolutionBreachedAt,
                escalatedAt, resolvedBy, approvedBy, approval, refund, followUp, List.copyOf(history),
                notesHead);
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
     * The case as plain data: what is stored and what the API shows. {@code resolvedAt}: when it ended (resolved,
     * rejected, or closed unresolved; by {@code closedBy}); {@code resolvedBy}: who resolved it (not set for a
     * rejection), {@code approvedBy} who approved its amount, {@code compensation} the money it granted;
     * {@code closedAt}/{@code closeReason}: when and why it was closed; {@code waitingReason}: what it waits for from
     * the buyer; {@code resolutionDue}: when it is due to be resolved, {@code resolutionBreachedAt}: when it was
     * reported as not resolved in time; {@code approval}: the latest amount sent for approval and its decision;
     * {@code refund}: the marketplace refund a refund case follows; {@code followUp}: the visit and satisfaction
     * score of a resolved case; {@code history}: every move, oldest first; {@code notesHead}: the last note's link.
     */
    public record Snapshot(String shopId, String caseId, ComplaintOpened.Kind kind, ComplaintOpened.OpenedBy openedBy,
                           CaseStatus status, String orderId, String buyerId, String platform,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String reason,
                           String assignee, String escalatedBy, String escalationReason, String waitingReason,
                           Outcome outcome, String resolution,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal compensation,
                           String rejectionReason, String closedBy, String closeReason, List<Note> notes,
                           Instant openedAt, Instant updatedAt, Instant resolvedAt, Instant closedAt,
                           Instant resolutionDue, Instant resolutionBreachedAt, Instant escalatedAt,
                           String resolvedBy, String approvedBy, Approval approval, RefundProgress refund,
                           FollowUp followUp, List<Transition> history, Transcript.Head notesHead) {
    }

    private static ComplaintOpened.Kind kindOf(MarketplaceRefundRequested.Kind kind) {
        return switch (kind) {
            case REFUND_ONLY -> ComplaintOpened.Kind.REFUND;
            case RETURN_REFUND -> ComplaintOpened.Kind.RETURN;
            case EXCHANGE -> ComplaintOpened.Kind.EXCHANGE;
        };
    }
}
