package dev.kefu.platform.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.util.List;

/**
 * Bad client input, answered as {@code 400} problem details that name every offending field:
 * {@code {"title":"Invalid request","status":400,"detail":"...","errors":[{"field":"buyerId","reason":"is required"}]}}.
 */
public class InvalidRequestException extends ErrorResponseException {

    /** One rejected field (JSONPath for payloads, the parameter name for query parameters) and why. */
    public record FieldError(String field, String reason) {
    }

    private final List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super(HttpStatus.BAD_REQUEST, problem(errors), null);
        this.errors = List.copyOf(errors);
    }

    public static InvalidRequestException of(String field, String reason) {
        return new InvalidRequestException(List.of(new FieldError(field, reason)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** "field reason; field reason": readable in logs and tests. */
    @Override
    public String getMessage() {
        return getBody().getDetail();
    }

    private static ProblemDetail problem(List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setTitle("Invalid request");
        problem.setDetail(errors.stream().map(e -> e.field() + " " + e.reason())
                .reduce((a, b) -> a + "; " + b).orElse("invalid request"));
        problem.setProperty("errors", errors);
        return problem;
    }
}
