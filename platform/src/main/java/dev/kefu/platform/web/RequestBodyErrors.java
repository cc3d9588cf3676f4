package dev.kefu.platform.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.stream.Collectors;

/**
 * A request body the API cannot read is a 400 that names the field, like every other invalid input
 * ({@link InvalidRequestException}), instead of Spring's bare "Failed to read HTTP message". A field the request does
 * not have is refused, not ignored (kefu-defaults enables {@code fail-on-unknown-properties}): a body that names
 * another shop, an agent or a status it may not set is told so, and a typo'd field is not silently lost.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before Boot's problem-details handler, which answers the same exception
public class RequestBodyErrors {

    @ExceptionHandler
    public ErrorResponse unreadable(ServerWebInputException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return InvalidRequestException.of(path(unknown), "is not a field of this request; it was refused, not ignored");
            }
            if (cause instanceof MismatchedInputException wrong) { // wrong type or format, e.g. InvalidFormatException
                String path = path(wrong);
                return InvalidRequestException.of(path.isEmpty() ? "body" : path, "has the wrong type or format");
            }
            if (cause instanceof JacksonException) {
                return InvalidRequestException.of("body", "is not valid JSON");
            }
        }
        return e; // a missing parameter or header: Spring's own answer says which
    }

    /** The JSON path of the offending field, e.g. {@code values.name} or {@code items[0].sku}. */
    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }
}
