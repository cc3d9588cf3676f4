package dev.kefu.devstack;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Polls each service's readiness probe ({@code /actuator/health/readiness}) until it answers 200. A service whose
 * process exits, or the whole wait running past the timeout, fails the start.
 */
final class HealthWait {

    private static final Duration POLL = Duration.ofMillis(500);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** Returns when every service is ready; {@code onReady} is told about each as it gets there. */
    void awaitReady(List<ServiceProcess> services, Duration timeout, Consumer<ServiceProcess> onReady)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ServiceProcess> pending = new ArrayList<>(services);
        while (!pending.isEmpty()) {
            for (ServiceProcess s : pending) {
                if (!s.child().isAlive()) {
                    throw new StartupException(s.name() + " exited (code " + s.child().process().exitValue()
                            + ") before it was ready", s.child());
                }
            }
            Map<ServiceProcess, CompletableFuture<Boolean>> probes = new LinkedHashMap<>();
            for (ServiceProcess s : pending) {
                probes.put(s, probe(s));
            }
            for (var probe : probes.entrySet()) {
                if (probe.getValue().join()) {
                    pending.remove(probe.getKey());
                    onReady.accept(probe.getKey());
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StartupException("not ready within " + timeout.toSeconds() + " s: "
                        + String.join(", ", pending.stream().map(ServiceProcess::name).toList()),
                        pending.stream().map(ServiceProcess::child).toArray(ChildProcess[]::new));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private CompletableFuture<Boolean> probe(ServiceProcess s) {
        HttpRequest request = HttpRequest.newBuilder(s.readinessUri()).timeout(Duration.ofSeconds(2)).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> r.statusCode() == 200)
                .exceptionally(e -> false);
    }
}
