package dev.kefu.aftersales.cases;

import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.events.order.ShipmentDelayed;
import dev.kefu.events.review.ReviewPosted;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The cases Kefu opens by itself, opened by AUTOMATION, once per cause: a delayed parcel's LOGISTICS case
 * ({@value #LOGISTICS_PREFIX}{@code <orderId>}: one per order, however often it is late) and a bad review's
 * REVIEW_RECOVERY case ({@value #REVIEW_RECOVERY_PREFIX}{@code <reviewId>}). The id comes from the cause, so a
 * redelivery or a second delay of the same order finds the case already there. Whether a cause opens a case at all
 * is the shop's setting ({@code auto-cases.*}), read by {@link CaseService}. The case's {@code reason} says what
 * happened, for the agent who takes it: the delay's reason, carrier, tracking number and detail; the review's
 * complaint reasons, rating and the start of its text.
 */
public final class AutoCases {

    static final String LOGISTICS_PREFIX = "LG-";
    static final String REVIEW_RECOVERY_PREFIX = "RR-";
    /** How much of a review's text the case repeats (code points); the review itself stays in review-service. */
    static final int EXCERPT_LENGTH = 120;
    private static final String SEPARATOR = " · ";

    private AutoCases() {
    }

    /** The LOGISTICS case of a delayed parcel, opened when the delay was detected. */
    public static Case.Opened forDelay(ShipmentDelayed delayed, CaseTargets targets) {
        List<String> parts = new ArrayList<>();
        parts.add(delayed.reason().name());
        String parcel = join(" ", delayed.carrier(), delayed.trackingNo());
        if (!parcel.isEmpty()) {
            parts.add(parcel);
        }
        if (delayed.detail() != null && !delayed.detail().isBlank()) {
            parts.add(delayed.detail().strip());
        }
        return Case.open(delayed.shopId(), logisticsCaseId(delayed.orderId()), ComplaintOpened.Kind.LOGISTICS,
                ComplaintOpened.OpenedBy.AUTOMATION, new Case.Details(delayed.orderId(), delayed.buyerId(),
                        delayed.platform(), null, String.join(SEPARATOR, parts)), delayed.detectedAt(), targets);
    }

    /**
     * The REVIEW_RECOVERY case of a review that needs a follow-up ({@link ReviewPosted#followable()}), opened when
     * the review was posted; its reason reads e.g. {@code LOGISTICS · 1★ · 배송이 너무 늦어요. 별로예요}.
     */
    public static Case.Opened forReview(ReviewPosted review, CaseTargets targets) {
        if (!review.followable()) {
            throw new CaseRuleViolation("review " + review.reviewId() + " needs no follow-up; it opens no case");
        }
        List<String> parts = new ArrayList<>();
        if (!review.reasons().isEmpty()) {
            parts.add(review.reasons().stream().map(Enum::name).collect(Collectors.joining(", ")));
        }
        parts.add(review.rating() + "★");
        String excerpt = excerpt(review.content());
        if (!excerpt.isEmpty()) {
            parts.add(excerpt);
        }
        return Case.open(review.shopId(), reviewRecoveryCaseId(review.reviewId()), ComplaintOpened.Kind.REVIEW_RECOVERY,
                ComplaintOpened.OpenedBy.AUTOMATION, new Case.Details(review.orderId(), review.buyerId(),
                        review.platform(), null, String.join(SEPARATOR, parts)), review.postedAt(), targets);
    }

    public static String logisticsCaseId(String orderId) {
        return LOGISTICS_PREFIX + orderId;
    }

    public static String reviewRecoveryCaseId(String reviewId) {
        return REVIEW_RECOVERY_PREFIX + reviewId;
    }

    /** The start of a text, whitespace runs made one space, cut at {@value #EXCERPT_LENGTH} code points with "…". */
    static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.strip().replaceAll("\\s+", " ");
        if (flat.codePointCount(0, flat.length()) <= EXCERPT_LENGTH) {
            return flat;
        }
        return flat.substring(0, flat.offsetByCodePoints(0, EXCERPT_LENGTH)).stripTrailing() + "…";
    }

    private static String join(String separator, String... values) {
        List<String> present = new ArrayList<>();
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                present.add(value.strip());
            }
        }
        return String.join(separator, present);
    }
}
