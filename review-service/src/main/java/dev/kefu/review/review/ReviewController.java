package dev.kefu.review.review;

import dev.kefu.events.review.ReviewPosted.Sentiment;
import dev.kefu.platform.kpi.KpiQuery;
import dev.kefu.platform.security.Agent;
import dev.kefu.platform.web.InvalidRequestException;
import dev.kefu.platform.web.Requests;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

import java.util.List;

/** Reviews of the caller's shop only: another shop's review is "not found", never "forbidden". */
@RestController
@RequestMapping("/api/reviews")
class ReviewController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    /** The response header that carries the cursor of the next page (absent on the last page). */
    static final String NEXT_CURSOR = "Next-Cursor";

    private final ReviewService reviews;
    private final ReviewKpis kpis;
    private final ReviewAnalytics analytics;

    ReviewController(ReviewService reviews, ReviewKpis kpis, ReviewAnalytics analytics) {
        this.reviews = reviews;
        this.kpis = kpis;
        this.analytics = analytics;
    }

    /**
     * By buyer, or a work list ({@code ?sentiment=NEGATIVE&followUp=NONE}, or {@code ?followable=true&followUp=NONE}
     * for every 中差评); never the whole shop; newest first, at most {@code limit}. The answer stays a JSON array; when
     * more follow, the {@value #NEXT_CURSOR} header holds the cursor to pass as {@code cursor} for the next page.
     */
    @GetMapping
    Mono<ResponseEntity<List<Review.Snapshot>>> find(@AuthenticationPrincipal Jwt jwt,
                                                     @RequestParam(required = false) String buyerId,
                                                     @RequestParam(required = false) String sentiment,
                                                     @RequestParam(required = false) String followUp,
                                                     @RequestParam(required = false) String followable,
                                                     @RequestParam(required = false) String cursor,
                                                     @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) {
        Requests check = Requests.check();
        check.rule(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT);
        boolean unfiltered = blank(buyerId) && blank(sentiment) && blank(followUp) && blank(followable);
        for (String parameter : List.of("buyerId", "sentiment", "followUp", "followable")) {
            check.rule(!unfiltered, parameter, "give at least one of buyerId, sentiment, followUp, followable");
        }
        Sentiment mood = check.oneOf("sentiment", sentiment, Sentiment.class);
        FollowUpStatus status = check.oneOf("followUp", followUp, FollowUpStatus.class);
        check.rule(blank(followable) || followable.strip().matches("true|false"), "followable", "must be true or false");
        check.cursor("cursor", cursor, ReviewCursor::parse);
        check.orThrow();
        Boolean onlyFollowable = blank(followable) ? null : Boolean.valueOf(followable.strip());
        return reviews.find(Agent.of(jwt).shopId(), blank(buyerId) ? null : buyerId, mood, status, onlyFollowable,
                        cursor, limit)
                .map(page -> {
                    ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
                    if (page.next() != null) {
                        ok.header(NEXT_CURSOR, page.next());
                    }
                    return ok.body(page.items());
                });
    }

    /** The shop's review figures of {@code [from, to)} (at most 93 days): ratings, negative rate, reasons, follow-up. */
    @GetMapping("/analytics")
    Mono<ReviewAnalytics.Figures> analytics(@AuthenticationPrincipal Jwt jwt,
                                            @RequestParam(required = false) String from,
                                            @RequestParam(required = false) String to) {
        return Mono.defer(() -> {
            KpiQuery period = KpiQuery.of(Agent.of(jwt), from, to, null);
            return analytics.of(period.shopId(), period.from(), period.to());
        });
    }

    /** The bad-review figures of {@code [from, to)}: the shop's and each agent's (a supervisor), or the caller's own. */
    @GetMapping("/kpis")
    Mono<ReviewKpis.Answer> kpis(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) String from,
                                 @RequestParam(required = false) String to,
                                 @RequestParam(required = false) String agentId) {
        return Mono.defer(() -> kpis.of(KpiQuery.of(Agent.of(jwt), from, to, agentId)));
    }

    @GetMapping("/{reviewId}")
    Mono<Review.Snapshot> one(@AuthenticationPrincipal Jwt jwt, @PathVariable String reviewId) {
        return reviews.review(Agent.of(jwt).shopId(), reviewId).switchIfEmpty(notFound(reviewId));
    }

    @PostMapping("/{reviewId}/follow-ups")
    Mono<Review.Snapshot> followUp(@AuthenticationPrincipal Jwt jwt, @PathVariable String reviewId,
                                   @RequestBody FollowUpRequest request) {
        Requests check = Requests.check();
        FollowUpStatus status = check.oneOf("status", request.status(), FollowUpStatus.class);
        check.rule(request.status() == null || status != FollowUpStatus.NONE, "status", "must be CONTACTED or RESOLVED")
                .required("status", request.status())
                .required("note", request.note())
                .maxLength("note", request.note(), Requests.MAX_TEXT)
                .orThrow();
        Agent agent = Agent.of(jwt);
        return reviews.followUp(agent.shopId(), reviewId, status, request.note().strip(), agent.agentId())
                .switchIfEmpty(notFound(reviewId));
    }

    record FollowUpRequest(String status, String note) {
    }

    /**
     * Writes or rewrites the seller's public explanation of the review, until it is published: {@code text} of
     * 1-500 characters; 409 once published or 30 days after the review.
     */
    @PutMapping("/{reviewId}/explanation")
    Mono<Review.Snapshot> explain(@AuthenticationPrincipal Jwt jwt, @PathVariable String reviewId,
                                  @RequestBody ExplanationRequest request) {
        Requests check = Requests.check();
        String text = check.requiredText("text", request.text());
        check.rule(text == null || text.codePointCount(0, text.length()) <= Review.EXPLANATION_MAX_LENGTH, "text",
                "must be at most " + Review.EXPLANATION_MAX_LENGTH + " characters");
        check.orThrow();
        Agent agent = Agent.of(jwt);
        return reviews.explain(agent.shopId(), reviewId, text, agent.agentId()).switchIfEmpty(notFound(reviewId));
    }

    /** Publishes the explanation, once, for the integration to post under the review ({@code review-reply-outbound}). */
    @PostMapping("/{reviewId}/explanation/publish")
    Mono<Review.Snapshot> publishExplanation(@AuthenticationPrincipal Jwt jwt, @PathVariable String reviewId) {
        Agent agent = Agent.of(jwt);
        return reviews.publishExplanation(agent.shopId(), reviewId, agent.agentId()).switchIfEmpty(notFound(reviewId));
    }

    record ExplanationRequest(String text) {
    }

    @ExceptionHandler
    ProblemDetail moneyOffered(MoneyForReviewRefused e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setProperty("errors", List.of(new InvalidRequestException.FieldError("note", e.getMessage())));
        return problem;
    }

    @ExceptionHandler
    ProblemDetail conflict(ReviewRuleViolation e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    private static <T> Mono<T> notFound(String reviewId) {
        return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no review " + reviewId));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
