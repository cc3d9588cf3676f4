package dev.kefu.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * The W3C {@code traceparent} of the current span, for work that outlives it (an outbox entry relayed later, maybe by
 * another replica): stored beside the work, it becomes the parent of the span that carries the work on.
 */
public final class Traceparent {

    /** The header (and stored field) name the W3C propagator reads. */
    public static final String HEADER = "traceparent";

    private Traceparent() {
    }

    /** {@code 00-<trace id>-<span id>-<flags>} of the current span, or null outside a trace. */
    public static String current() {
        // Micrometer's OpenTelemetry bridge makes its current span OpenTelemetry's current one.
        SpanContext span = Span.current().getSpanContext();
        return span.isValid()
                ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
                : null;
    }

    /** The (last) {@code traceparent} header of a Kafka record, or null. */
    public static String of(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The trace id a traceparent names, or null when it is absent or malformed. */
    public static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.split("-");
        return parts.length == 4 && parts[1].length() == 32 ? parts[1] : null;
    }
}
