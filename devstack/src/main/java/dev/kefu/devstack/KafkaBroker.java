package dev.kefu.devstack;

import dev.kefu.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Apache Kafka broker in KRaft combined mode (broker and controller in one node), run as a child JVM from the
 * devstack's own class path. Its storage is formatted once per data dir ({@code --standalone}: a one-voter dynamic
 * quorum); the topics are created with the admin client.
 */
final class KafkaBroker implements AutoCloseable {

    static final String KAFKA_MAIN = "kafka.Kafka";
    static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    static final String LOGBACK_CONFIG = "kefu-broker-logback.xml";

    private final Path dataDir;
    private final Path logDirs;
    private final Path configFile;
    private final Path logFile;
    private final int port;
    private final int controllerPort;
    private final JavaLauncher launcher;
    private ChildProcess broker;
    private Admin admin;

    KafkaBroker(Path dataDir, Path logFile, int port, int controllerPort, JavaLauncher launcher) {
        this.dataDir = dataDir;
        this.logDirs = dataDir.resolve("kafka");
        this.configFile = dataDir.resolve("kafka-server.properties");
        this.logFile = logFile;
        this.port = port;
        this.controllerPort = controllerPort;
        this.launcher = launcher;
    }

    /** The single-node server.properties: PLAINTEXT for clients, CONTROLLER for the quorum, both on 127.0.0.1. */
    static String serverProperties(Path logDirs, int port, int controllerPort) {
        String dirs = logDirs.toAbsolutePath().toString().replace('\\', '/');
        return """
                # Written by the Kefu devstack at every start; edits are overwritten.
                process.roles=broker,controller
                node.id=1
                controller.quorum.bootstrap.servers=127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                # The log cleaner (compacting __consumer_offsets) allocates its dedupe buffer on the heap at start:
                # 128 MiB by default, about 150 of the idle broker's 175 MiB live heap. 16 MiB holds the offsets of
                # ~500k keys per cleaning pass, plenty for a dev broker's few consumer groups.
                log.cleaner.dedupe.buffer.size=16777216
                # The controller appends a no-op record to the metadata log when it has nothing else to write, by
                # default every 500 ms (its raft-io thread: 0.2%% of a core on the idle devstack). 5 s do for one node.
                metadata.max.idle.interval.ms=5000
                """.formatted(port, controllerPort, dirs);
    }

    /**
     * The broker's heap: up to 512 MiB as before, but the serial collector from a 32 MiB start. With G1 (the default)
     * and {@code -Xms128m} the idle broker kept about 370 MiB of heap committed (250 used, of it the log cleaner's
     * 128 MiB buffer). Measured idle after the start: broker RSS 478 MiB with G1, 371 with these flags, 246 with the
     * smaller cleaner buffer too (one run each); bench footprint, both with the small buffer: median 338 (G1,
     * -Xms128m) vs 244 MiB (docs/benchmarks.md). No hsperfdata and the native heap trimmed, as for the services
     * ({@link ServiceProcess#JVM_OPTIONS}).
     */
    static final List<String> HEAP_OPTIONS = List.of("-Xms32m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:-UsePerfData",
            ServiceProcess.TRIM_NATIVE_HEAP);

    static List<String> jvmOptions() {
        return jvmOptions(System.getenv("KEFU_KAFKA_JVM_OPTIONS"));
    }

    /** {@code KEFU_KAFKA_JVM_OPTIONS} (space-separated) replaces the heap flags, for measuring. */
    static List<String> jvmOptions(String override) {
        List<String> options = new ArrayList<>(override == null || override.isBlank() ? HEAP_OPTIONS
                : List.of(override.trim().split("\\s+")));
        options.add("-Djava.awt.headless=true");
        options.add("-Dlogback.configurationFile=" + LOGBACK_CONFIG);
        return options;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    boolean isFormatted() {
        return Files.exists(logDirs.resolve("meta.properties"));
    }

    /** Writes server.properties (every start: the ports may have moved) and formats the storage if it never was. */
    String prepare() throws IOException, InterruptedException {
        Files.createDirectories(logDirs);
        Files.writeString(configFile, serverProperties(logDirs, port, controllerPort), StandardCharsets.UTF_8);
        if (isFormatted()) {
            return null;
        }
        String clusterId = Uuid.randomUuid().toString();
        ChildProcess format = new ChildProcess("kafka-format", launcher.command(jvmOptions(), STORAGE_TOOL,
                List.of("format", "-t", clusterId, "-c", configFile.toString(), "--standalone")), logFile, dataDir);
        Process p = format.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new StartupException("formatting the Kafka storage took over 60 s", format);
        }
        if (p.exitValue() != 0 || !isFormatted()) {
            throw new StartupException("formatting the Kafka storage failed (exit " + p.exitValue() + ")", format);
        }
        return clusterId;
    }

    /** The broker's process, not started yet: the devstack starts it (and watches it) like its other children. */
    ChildProcess brokerProcess() {
        if (broker == null) {
            broker = new ChildProcess("kafka",
                    launcher.command(jvmOptions(), KAFKA_MAIN, List.of(configFile.toString())), logFile, dataDir);
        }
        return broker;
    }

    ChildProcess process() {
        return broker;
    }

    /** Waits until the broker answers a describeCluster, failing early if its process dies. */
    void awaitReady(Duration timeout) throws InterruptedException {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "kefu-devstack");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 100);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 200);
        config.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 500);
        admin = Admin.create(config);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!broker.isAlive()) {
                throw new StartupException("the Kafka broker exited (code " + broker.process().exitValue() + ")", broker);
            }
            try {
                Collection<Node> nodes = admin.describeCluster().nodes().get(1, TimeUnit.SECONDS);
                if (!nodes.isEmpty()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new StartupException("the Kafka broker did not answer within " + timeout.toSeconds() + " s", broker);
            }
            Thread.sleep(200);
        }
    }

    private static final String RETENTION_MS = "retention.ms";
    private static final String KEPT = "-1";

    /**
     * What a rebuild reads is kept forever (as in deploy/k8s/components/strimzi-topics); the rest has the broker's
     * default retention (7 days).
     */
    static Map<String, String> retention(String topic) {
        return Topics.kept().contains(topic) ? Map.of(RETENTION_MS, KEPT) : Map.of();
    }

    /** The topics Kefu needs, name to partition count. */
    static Map<String, Integer> wantedTopics(List<String> topics, java.util.function.UnaryOperator<String> deadLetter,
                                             int partitions, int deadLetterPartitions) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        topics.forEach(t -> wanted.put(t, partitions));
        topics.forEach(t -> wanted.put(deadLetter.apply(t), deadLetterPartitions));
        return wanted;
    }

    record TopicReport(List<String> created, List<String> existing, List<String> grown) {
    }

    /**
     * Creates the missing topics (replication 1) and grows any that have fewer partitions than wanted (one that a
     * client auto-created, say). A broker that is still fenced right after start refuses creation briefly: retried.
     */
    TopicReport ensureTopics(Map<String, Integer> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> created = new ArrayList<>();
        List<String> grown = new ArrayList<>();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                throw new StartupException("the Kafka broker exited while the topics were created", broker);
            }
            try {
                Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                List<NewTopic> missing = wanted.entrySet().stream()
                        .filter(e -> !existing.contains(e.getKey()))
                        .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1).configs(retention(e.getKey())))
                        .toList();
                if (!missing.isEmpty()) {
                    Map<String, org.apache.kafka.common.KafkaFuture<Void>> results =
                            admin.createTopics(missing).values();
                    for (var r : results.entrySet()) {
                        try {
                            r.getValue().get(10, TimeUnit.SECONDS);
                            created.add(r.getKey());
                        } catch (ExecutionException e) {
                            if (!(e.getCause() instanceof TopicExistsException)) {
                                throw e;
                            }
                        }
                    }
                }
                Map<String, TopicDescription> described =
                        admin.describeTopics(wanted.keySet()).allTopicNames().get(10, TimeUnit.SECONDS);
                Map<String, NewPartitions> grow = new HashMap<>();
                described.forEach((name, d) -> {
                    if (d.partitions().size() < wanted.get(name)) {
                        grow.put(name, NewPartitions.increaseTo(wanted.get(name)));
                    }
                });
                if (!grow.isEmpty()) {
                    admin.createPartitions(grow).all().get(10, TimeUnit.SECONDS);
                    grown.addAll(grow.keySet());
                }
                // topics of a data directory older than Topics.kept(): kept from now on (a no-op when they are)
                Map<ConfigResource, Collection<AlterConfigOp>> keep = new HashMap<>();
                wanted.keySet().stream().filter(Topics.kept()::contains).forEach(t -> keep.put(
                        new ConfigResource(ConfigResource.Type.TOPIC, t),
                        List.of(new AlterConfigOp(new ConfigEntry(RETENTION_MS, KEPT), AlterConfigOp.OpType.SET))));
                if (!keep.isEmpty()) {
                    admin.incrementalAlterConfigs(keep).all().get(10, TimeUnit.SECONDS);
                }
                List<String> old = wanted.keySet().stream().filter(t -> !created.contains(t)).toList();
                return new TopicReport(List.copyOf(created), old, List.copyOf(grown));
            } catch (ExecutionException | TimeoutException e) {
                last = e;
                Thread.sleep(300);
            }
        }
        throw new StartupException("could not create the Kafka topics: "
                + (last == null ? "timed out" : String.valueOf(last.getCause() == null ? last : last.getCause())), broker);
    }

    /** Closes the admin client (the broker itself is stopped with the other children). */
    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
