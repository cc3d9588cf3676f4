package dev.kefu.platform.tracing;

import dev.kefu.platform.config.KefuDefaults;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The switches docs/operations.md ("Tracing") names: with the shared defaults no span exporter exists until an OTLP
 * endpoint is set, and compose's KEFU_TRACING_EXPORT (management.tracing.export.otlp.enabled) turns a set one off.
 */
class TraceExportTest {

    private static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:4318/v1/traces";

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withInitializer(context -> new KefuDefaults().postProcessEnvironment(context.getEnvironment(), null))
            .withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
                    OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class));

    @Test
    void noExporterWithoutAnEndpoint() {
        service.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SpanExporter.class));
    }

    @Test
    void anEndpointSwitchesOtlpExportOn() {
        service.withPropertyValues(ENDPOINT).run(context -> assertThat(context).hasSingleBean(SpanExporter.class));
    }

    @Test
    void composeKeepsItsEndpointOffUntilExportIsAskedFor() {
        service.withPropertyValues(ENDPOINT, "management.tracing.export.otlp.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SpanExporter.class));
    }
}
