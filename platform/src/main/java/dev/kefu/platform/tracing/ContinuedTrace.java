package dev.kefu.platform.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.transport.ReceiverContext;
import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * Runs reactive work as a child of a trace context that arrived with the work (a stored outbox entry, a record read
 * outside spring-kafka's listener containers) rather than of whatever the running thread is in. While the work runs,
 * its observation is the current one, so Kafka sends and WebClient calls in it are its children and carry its
 * {@code traceparent} on.
 */
public final class ContinuedTrace {

    private ContinuedTrace() {
    }

    /**
     * {@code work} in an observation {@code name} (tagged {@code topic}) whose parent is {@code traceparent}; just
     * {@code work} when there is none or tracing is off.
     */
    public static <T> Mono<T> of(ObservationRegistry observations, String name, String traceparent, String topic,
                                 Mono<T> work) {
        if (traceparent == null || observations.isNoop()) {
            return work;
        }
        return Mono.defer(() -> {
            // A receiver context: the tracing handler extracts the parent from the carrier (the W3C propagator).
            ReceiverContext<Map<String, String>> arrived = new ReceiverContext<>(Map::get);
            arrived.setCarrier(Map.of(Traceparent.HEADER, traceparent));
            Observation observation = Observation.createNotStarted(name, () -> arrived, observations)
                    .contextualName(name + " " + topic)
                    .lowCardinalityKeyValue("topic", topic)
                    .parentObservation(null)
                    .start();
            return work.doOnError(observation::error).doFinally(signal -> observation.stop())
                    .contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, observation));
        });
    }
}
