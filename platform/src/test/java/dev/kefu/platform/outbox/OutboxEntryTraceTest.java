package dev.kefu.platform.outbox;

import dev.kefu.events.desk.SlaBreached;
import dev.kefu.platform.tracing.Traceparent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/** An entry keeps the trace it was created in, through its stored form; entries from before tracing have none. */
class OutboxEntryTraceTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    @Test
    void anEntryCreatedInsideASpanStoresThatSpanAsItsW3cParent() {
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().build()) {
            Span span = tracing.get("test").spanBuilder("handling").startSpan();
            OutboxEntry entry;
            try (Scope ignored = span.makeCurrent()) {
                entry = OutboxEntry.of(breach(), "test", T0);
            } finally {
                span.end();
            }

            assertThat(entry.traceparent()).isEqualTo("00-" + span.getSpanContext().getTraceId() + "-"
                    + span.getSpanContext().getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex());
            assertThat(span.getSpanContext().getTraceFlags().isSampled()).isTrue();
            assertThat(Traceparent.traceId(entry.traceparent())).isEqualTo(span.getSpanContext().getTraceId());
        }
    }

    @Test
    void anEntryCreatedOutsideATraceHasNone() {
        assertThat(OutboxEntry.of(breach(), "test", T0).traceparent()).isNull();
    }

    @Test
    void theStoredTraceparentIsReadBackAndAnOldEntryWithoutOneStillReads() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Document stored = stored().append("traceparent", traceparent);

        assertThat(OutboxRelay.entry(stored).traceparent()).isEqualTo(traceparent);
        OutboxEntry old = OutboxRelay.entry(stored());
        assertThat(old.traceparent()).isNull();
        assertThat(old.eventId()).isEqualTo("e-1");
    }

    private static Document stored() {
        return new Document("eventId", "e-1").append("type", "kefu.sla.breached").append("topic", "sla-breached")
                .append("key", "c-1").append("shopId", "s-1").append("source", "test").append("time", Date.from(T0))
                .append("payload", "{}");
    }

    private static SlaBreached breach() {
        return new SlaBreached("s-1", SlaBreached.Target.FIRST_RESPONSE, "c-1", "b-1", null, null, 60,
                T0.minusSeconds(120), T0.minusSeconds(60), 60, T0);
    }
}
