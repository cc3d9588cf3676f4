package dev.kefu.aftersales.cases;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Case API errors as RFC 9457 problem details: 409 and 403 say why (400s come from the platform's InvalidRequestException). */
@RestControllerAdvice(assignableTypes = CaseController.class)
class CaseErrors {

    @ExceptionHandler
    ProblemDetail illegalMove(IllegalCaseMove e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Not possible in the case's state", e.getMessage());
        problem.setProperty("currentStatus", e.currentStatus().name());
        problem.setProperty("action", e.action().name());
        problem.setProperty("possible", e.currentStatus().actions().stream().map(Enum::name).sorted().toList());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail reviewCondition(ReviewConditionRefused e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Compensation tied to a review",
                e.getMessage());
        problem.setProperty("field", "resolution");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail conflict(CaseRuleViolation e) {
        return problem(HttpStatus.CONFLICT, "Not possible in the case's state", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail forbidden(CaseNotAllowed e) {
        return problem(HttpStatus.FORBIDDEN, "Needs a supervisor", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
