package dev.kefu.devstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One Kefu service run from its packaged jar ({@code <repo>/<name>/target/<name>.jar}) as a child JVM. */
final class ServiceProcess {

    /**
     * Small heaps and the serial GC: five services fit on a 2-core laptop. Full tiered compilation (not C1 only,
     * {@code -XX:TieredStopAtLevel=1}): measured on the gateway's signed-webhook ingest, C1-only code ran at about a
     * third of C2's throughput under load (numbers: embedded-mongo/README.md).
     */
    static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC");

    private final ServiceSpec spec;
    private final int port;
    private final int managementPort;
    private final ChildProcess child;

    ServiceProcess(ServiceSpec spec, int port, int managementPort, ChildProcess child) {
        this.spec = spec;
        this.port = port;
        this.managementPort = managementPort;
        this.child = child;
    }

    static Path jar(Path repo, ServiceSpec spec) {
        return repo.resolve(spec.name()).resolve("target").resolve(spec.name() + ".jar");
    }

    /** What the devstack hands one service: where it listens, where Kafka and Mongo are, the shared JWT secret. */
    static List<String> arguments(ServiceSpec spec, DevStackOptions options, String jwtSecret,
                                  Map<String, String> shopSecrets) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + options.servicePort(spec));
        // Local security (HS256 with the shared secret, the dev token) is refused on any address but loopback.
        args.add("--server.address=127.0.0.1");
        args.add("--kefu.security.mode=local");
        args.add("--spring.kafka.bootstrap-servers=127.0.0.1:" + options.kafkaPort());
        args.add("--spring.mongodb.uri=mongodb://127.0.0.1:" + options.mongoPort());
        args.add("--kefu.security.jwt-secret=" + jwtSecret);
        // Actuator (probes, health details, metrics) on its own port, on loopback too; the public port has none.
        args.add("--management.server.port=" + options.managementPort(spec));
        args.add("--management.server.address=127.0.0.1");
        // Static Kafka membership: a restarted service takes its partitions back at once (one process per name here).
        if (options.kafkaStaticMembership()) {
            args.add("--kefu.kafka.instance-id=devstack-" + spec.name());
        }
        if (options.jsonLogs()) {
            args.add("--logging.structured.format.console=ecs");
        }
        // Every service reads the shops' settings it needs (the greeting, the reminder, the delivery URL...).
        options.shopSettings().forEach((property, value) -> args.add("--" + property + "=" + value));
        if (spec.isGateway()) {
            for (ServiceSpec backend : ServiceSpec.backends()) {
                args.add("--kefu.services." + backend.gatewayKey() + "=http://127.0.0.1:" + options.servicePort(backend));
            }
            shopSecrets.forEach((shop, secret) -> args.add("--kefu.shops." + shop + ".webhook-secret=" + secret));
        }
        return args;
    }

    /** The services' JVM flags; {@code KEFU_SERVICE_JVM_OPTIONS} (space-separated) replaces them, for measuring. */
    static List<String> jvmOptions(String override) {
        return override == null || override.isBlank() ? JVM_OPTIONS : List.of(override.trim().split("\\s+"));
    }

    static ServiceProcess create(ServiceSpec spec, Path repo, DevStackOptions options, String jwtSecret,
                                 Map<String, String> shopSecrets, JavaLauncher launcher, Path logDir, Path workDir,
                                 ClassDataSharing cds) {
        ClassDataSharing.Launch run = cds.launch(jar(repo, spec), jvmOptions(System.getenv("KEFU_SERVICE_JVM_OPTIONS")));
        List<String> command = launcher.jarCommand(run.jvmOptions(), run.jar(),
                arguments(spec, options, jwtSecret, shopSecrets));
        return new ServiceProcess(spec, options.servicePort(spec), options.managementPort(spec),
                new ChildProcess(spec.name(), command, logDir.resolve(spec.name() + ".log"), workDir));
    }

    ServiceSpec spec() {
        return spec;
    }

    String name() {
        return spec.name();
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    int managementPort() {
        return managementPort;
    }

    /** Actuator's base URL: its own port, not the service's. */
    String managementUrl() {
        return "http://127.0.0.1:" + managementPort + "/actuator";
    }

    URI readinessUri() {
        return URI.create(managementUrl() + "/health/readiness");
    }

    ChildProcess child() {
        return child;
    }
}
