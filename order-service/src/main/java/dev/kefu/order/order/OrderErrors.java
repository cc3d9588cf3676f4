package dev.kefu.order.order;

import dev.kefu.platform.web.InvalidRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Order API errors as RFC 9457 problem details (400s come from the platform's InvalidRequestException):
 * 409 when the order's state does not allow the request ({@code orderStatus} names it), 422 when the shop's fee policy
 * refuses a change ({@code errors: [{field, reason}]}, each reason starting with the rule's id). A change beyond an
 * agent's limit is a 422 too (rule {@code agent-max-discount}, which says what a supervisor may approve), not a 403:
 * the caller is allowed to ask; this amount is what the policy refuses.
 */
@RestControllerAdvice(assignableTypes = OrderController.class)
class OrderErrors {

    @ExceptionHandler
    ProblemDetail conflict(OrderRuleViolation e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Not possible in the order's state");
        if (e.status() != null) {
            problem.setProperty("orderStatus", e.status().name());
        }
        return problem;
    }

    @ExceptionHandler
    ProblemDetail refused(FeeChangeRefused e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("Fee change refused");
        problem.setProperty("errors", e.refusals().stream()
                .map(r -> new InvalidRequestException.FieldError(r.field(), r.reason())).toList());
        return problem;
    }
}
