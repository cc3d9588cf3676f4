package dev.kefu.review.review;

import dev.kefu.events.review.ReviewPosted.Sentiment;
import dev.kefu.platform.kpi.KpiQuery;
import dev.kefu.platform.security.Agent;
import dev.kefu.platform.web.InvalidRequestException;
import dev.kefu.platform.web.Requests;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;

/** Reviews of the caller's shop only: another shop's review is "not found", never "forbidden". */
@RestController
@RequestMapping("/api/reviews")
class ReviewController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final ReviewService reviews;
    private final ReviewKpis kpis;

    ReviewController(ReviewService reviews, ReviewKpis kpis) {
        this.reviews = reviews;
        this.kpis = kpis;
    }

    /**
     * By buyer, or the bad-review work list ({@code ?sentiment=NEGATIVE&followUp=NONE}); never the whole shop; newest
     * first, at most {@code limit}.
     */
    @GetMapping
    Flux<Review.Snapshot> find(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) String buyerId,
                               @RequestParam(required = false) String sentiment,
                               @RequestParam(required = false) String followUp,
                               @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) {
        Requests check = Requests.check();
        check.rule(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT);
        boolean unfiltered = blank(buyerId) && blank(sentiment) && blank(followUp);
        for (String parameter : List.of("buyerId", "sentiment", "followUp")) {
            check.rule(!unfiltered, parameter, "give at least one of buyerId, sentiment, followUp");
        }
        Sentiment mood = check.oneOf("sentiment", sentiment, Sentiment.class);
        FollowUpStatus status = check.oneOf("followUp", followUp, FollowUpStatus.class);
        check.orThrow();
        return reviews.find(Agent.of(jwt).shopId(), blank(buyerId) ? null : buyerId, mood, status, limit);
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
