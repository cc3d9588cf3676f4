package dev.kefu.devstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One instance of a Kefu service run from its packaged jar ({@code <repo>/<name>/target/<name>.jar}) as a child JVM.
 * Replica 1 is named as the service; replica n (from 2) is {@code <service>-n}, with its own ports, log and pid file.
 */
final class ServiceProcess {

    /**
     * Small heaps and the serial GC: five services fit on a 2-core laptop. Full tiered compilation (not C1 only,
     * {@code -XX:TieredStopAtLevel=1}): measured on the gateway's signed-webhook ingest, C1-only code ran at about a
     * third of C2's throughput under load (numbers: embedded-mongo/README.md). No hsperfdata
     * ({@code -XX:-UsePerfData}): its statistics sampler wakes every JVM 20 times a second, about 0.07% of a core each
     * when idle, for jps and jstat only ({@code jcmd <pid>} still attaches). The native heap trimmed every 10 s
     * ({@link #TRIM_NATIVE_HEAP}).
     */
    static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:-UsePerfData",
            ServiceProcess.TRIM_NATIVE_HEAP);

    /**
     * glibc keeps what the JIT compilers and short-lived threads freed (malloc arenas) instead of giving it back; the
     * JVM returns it every 10 s (JDK 17.0.9+). Measured with {@code jcmd <pid> System.trim_native_heap} on a loaded
     * stack: 20-24 MiB of each service's RSS was such free memory. One malloc_trim per 10 s costs nothing measurable.
     */
    static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=10000";

    private final ServiceSpec spec;
    private final int replica;
    private final int port;
    private final int managementPort;
    private final ChildProcess child;

    ServiceProcess(ServiceSpec spec, int replica, int port, int managementPort, ChildProcess child) {
        this.spec = spec;
        this.replica = replica;
        this.port = port;
        this.managementPort = managementPort;
        this.child = child;
    }

    static Path jar(Path repo, ServiceSpec spec) {
        return repo.resolve(spec.name()).resolve("target").resolve(spec.name() + ".jar");
    }

    /** {@code order-service}, {@code order-service-2}...: the child's name in logs, pid files and the console. */
    static String instanceName(ServiceSpec spec, int replica) {
        return replica == 1 ? spec.name() : spec.name() + "-" + replica;
    }

    /**
     * {@code devstack-order-service}, {@code devstack-order-service-replica2}: the consumers' group.instance.id prefix
     * (listener and thread follow). Not {@code -2}: a listener numbered 2 would make replica 1's ids look like it.
     */
    static String kafkaInstanceId(ServiceSpec spec, int replica) {
        return "devstack-" + spec.name() + (replica == 1 ? "" : "-replica" + replica);
    }

    /** What the devstack hands one instance: where it listens, where Kafka and Mongo are, the shared JWT secret. */
    static List<String> arguments(ServiceSpec spec, int replica, DevStackOptions options, String jwtSecret,
                                  Map<String, String> shopSecrets) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + options.servicePort(spec, replica));
        // Local security (HS256 with the shared secret, the dev token) is refused on any address but loopback.
        args.add("--server.address=127.0.0.1");
        args.add("--kefu.security.mode=local");
        args.add("--spring.kafka.bootstrap-servers=127.0.0.1:" + options.kafkaPort());
        args.add("--spring.mongodb.uri=mongodb://127.0.0.1:" + options.mongoPort());
        args.add("--kefu.security.jwt-secret=" + jwtSecret);
        // Actuator (probes, health details, metrics) on its own port, on loopback too; the public port has none.
        args.add("--management.server.port=" + options.managementPort(spec, replica));
        args.add("--management.server.address=127.0.0.1");
        // Static Kafka membership: a restarted instance takes its partitions back at once (one process per name here).
        if (options.kafkaStaticMembership()) {
            args.add("--kefu.kafka.instance-id=" + kafkaInstanceId(spec, replica));
        }
        if (options.jsonLogs()) {
            args.add("--logging.structured.format.console=ecs");
        }
        // Every service reads the shops' settings it needs (the greeting, the reminder, the delivery URL...).
        options.shopSettings().forEach((property, value) -> args.add("--" + property + "=" + value));
        if (spec.isGateway()) {
            // The first instance of each: the gateway calls one address per service (a load balancer's in production).
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

    static ServiceProcess create(ServiceSpec spec, int replica, Path repo, DevStackOptions options, String jwtSecret,
                                 Map<String, String> shopSecrets, JavaLauncher launcher, Path logDir, Path workDir,
                                 ClassDataSharing cds) {
        ClassDataSharing.Launch run = cds.launch(jar(repo, spec), jvmOptions(System.getenv("KEFU_SERVICE_JVM_OPTIONS")));
        List<String> command = launcher.jarCommand(run.jvmOptions(), run.jar(),
                arguments(spec, replica, options, jwtSecret, shopSecrets));
        String name = instanceName(spec, replica);
        return new ServiceProcess(spec, replica, options.servicePort(spec, replica),
                options.managementPort(spec, replica),
                new ChildProcess(name, command, logDir.resolve(name + ".log"), workDir));
    }

    ServiceSpec spec() {
        return spec;
    }

    String name() {
        return instanceName(spec, replica);
    }

    int replica() {
        return replica;
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
