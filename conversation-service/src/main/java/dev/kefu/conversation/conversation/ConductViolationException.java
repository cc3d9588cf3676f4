package dev.kefu.conversation.conversation;

import dev.kefu.conversation.conduct.Violation;
import dev.kefu.platform.web.InvalidRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.util.List;

/**
 * An agent's reply breaks the conduct rules: {@code 422} naming each rule and the words that broke it, or {@code 403}
 * when an agent who is not a supervisor tried to override them. Nothing was sent.
 */
public class ConductViolationException extends ErrorResponseException {

    private final List<Violation> violations;

    ConductViolationException(List<Violation> violations, boolean overrideRefused) {
        super(overrideRefused ? HttpStatus.FORBIDDEN : HttpStatus.UNPROCESSABLE_ENTITY,
                problem(violations, overrideRefused), null);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }

    private static ProblemDetail problem(List<Violation> violations, boolean overrideRefused) {
        HttpStatus status = overrideRefused ? HttpStatus.FORBIDDEN : HttpStatus.UNPROCESSABLE_ENTITY;
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setTitle(overrideRefused ? "Only a supervisor may override the conduct rules"
                : "The reply breaks the conduct rules");
        problem.setDetail(String.join("; ", violations.stream()
                .map(v -> v.rule().name() + ": " + String.join(", ", v.matched())).toList()));
        problem.setProperty("violations", violations);
        problem.setProperty("errors", violations.stream()
                .map(v -> new InvalidRequestException.FieldError("text", v.rule().name() + ": " + String.join(", ", v.matched())))
                .toList());
        return problem;
    }
}
