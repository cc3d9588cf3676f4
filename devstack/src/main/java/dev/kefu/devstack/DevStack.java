package dev.kefu.devstack;

import dev.kefu.events.Topics;
import dev.kefu.platform.security.JwtTokens;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Kefu on one machine, with one command: a MongoDB wire-protocol server (in this JVM), a real Kafka broker (a child
 * JVM), the topics, then the five services (child JVMs, started in parallel); waits until each is ready, prints where
 * everything is, and on Ctrl-C stops what it started: services, then the broker, then Mongo.
 *
 * <p>Tests wait for the line {@code KEFU READY gateway=http://127.0.0.1:<port>} on stdout.
 */
public final class DevStack {

    static final String READY_LINE = "KEFU READY gateway=";
    static final String MARKER_FILE = ".kefu-devstack";
    static final String LOCK_FILE = "devstack.lock";
    static final String PID_DIR = "pids";
    static final int TOPIC_PARTITIONS = 3;
    static final int DEAD_LETTER_PARTITIONS = 1;
    static final String DEV_AGENT = "dev-agent";
    static final List<String> DEV_ROLES = List.of("agent", "supervisor");
    static final Duration DEV_TOKEN_TTL = Duration.ofHours(12);
    static final Duration STOP_GRACE = Duration.ofSeconds(15);
    static final String EXAMPLE_BUYER = "tb_buyer_8c1f";

    private final DevStackOptions options;
    private final JavaLauncher launcher;
    private final PrintStream out;
    private final Instant started;
    private final SecureRandom random = new SecureRandom();

    private Path repo;
    private Path dataDir;
    private Path logDir;
    private FileChannel lockChannel;
    private FileLock lock;
    private OrphanGuard guard;
    private MongoWireServer mongo;
    private KafkaBroker kafka;
    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();
    private Supervisor supervisor;
    private ClassDataSharing cds;
    private volatile boolean stopping;
    private boolean stopped;

    DevStack(DevStackOptions options, JavaLauncher launcher, PrintStream out, Instant started) {
        this.options = options;
        this.launcher = launcher;
        this.out = out;
        this.started = started;
    }

    public static void main(String[] args) {
        // The JVM's own start: devstack/run execs java in place of the script, so the process start would count the build.
        Instant started = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        DevStackOptions options;
        try {
            options = DevStackOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("devstack: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(DevStackOptions.USAGE);
            return;
        }
        DevStack stack = new DevStack(options, JavaLauncher.current(), System.out, started);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "devstack-stop"));
        try {
            stack.run();
        } catch (StartupException e) {
            stack.fail(e.getMessage(), e.culprits());
        } catch (IllegalArgumentException e) {
            stack.fail(e.getMessage(), List.of());
        } catch (Exception e) {
            if (!stack.stopping) {
                e.printStackTrace();
            }
            stack.fail(e.toString(), List.of());
        }
        try {
            new CountDownLatch(1).await(); // until Ctrl-C: the shutdown hook stops the stack
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Prints why the start failed (with the culprits' log tails) and exits non-zero; the hook stops the rest. */
    private void fail(String message, List<ChildProcess> culprits) {
        if (stopping) {
            return; // Ctrl-C during the start: the stop is under way, the failure is its consequence
        }
        System.err.println();
        System.err.println("devstack: " + message);
        for (ChildProcess c : culprits) {
            List<String> tail = c.logTail(30);
            System.err.println("---- last " + tail.size() + " lines of " + c.logFile() + " ----");
            tail.forEach(line -> System.err.println("  " + line));
            System.err.println("----");
        }
        System.exit(1);
    }

    void run() throws IOException, InterruptedException {
        out.println("Kefu devstack" + (options.portOffset() == 0 ? "" : " (ports +" + options.portOffset() + ")"));
        Path cwd = Path.of("").toAbsolutePath();
        repo = DevStackOptions.resolveRepo(options.explicitRepo(), cwd, launcher.ownJar());
        List<ServiceSpec> wanted = options.services();
        if (repo == null && (!wanted.isEmpty() || options.explicitDataDir() == null)) {
            throw new StartupException("cannot find the Kefu checkout (a directory with pom.xml and order-service/) "
                    + "from " + cwd + "; run from inside it or pass --repo=DIR");
        }
        checkJars(wanted);

        dataDir = options.dataDir(repo);
        prepareDataDir();
        logDir = dataDir.resolve("logs");
        Files.createDirectories(logDir);
        // read by logback.xml when the first library logs (the Mongo server, below)
        System.setProperty("kefu.devstack.log", logDir.resolve("devstack.log").toString());
        String jwtSecret = Secrets.jwtSecret(dataDir.resolve("jwt-secret"), random);
        ShopSecrets shops = loadShops();

        checkPortsFree(wanted);
        guard = OrphanGuard.start();

        mongo = new MongoWireServer(dataDir.resolve("mongo"), options.mongoPort(), options.mongoOplog(),
                options.mongoInsertLog(), dataDir.resolve("mongo-inserts.log"));
        mongo.start();
        step("mongo", mongo.uri() + "  (data in " + dataDir.resolve("mongo") + ")");
        if (Files.exists(dataDir.resolve("mongo.mv"))) {
            step("mongo", "ignoring " + dataDir.resolve("mongo.mv") + ", the former H2 data file (--reset deletes it)");
        }

        cds = new ClassDataSharing(options.cds(), dataDir, launcher);
        cds.prepare(wanted.stream().map(s -> ServiceProcess.jar(repo, s)).toList(), m -> step("cds", m));
        startKafka();

        for (ServiceSpec spec : wanted) {
            for (int replica = 1; replica <= options.replicas(spec); replica++) {
                ServiceProcess service = ServiceProcess.create(spec, replica, repo, options, jwtSecret, shops.secrets(),
                        launcher, logDir, dataDir, cds);
                launch(service.child(), OrphanGuard.SERVICES);
                services.add(service);
                step(service.name(), "starting on :" + service.port() + " (actuator :" + service.managementPort()
                        + ", pid " + service.child().pid() + ")  log " + service.child().logFile());
            }
        }
        if (!wanted.isEmpty()) {
            step("cds", cds.summary());
        }
        new HealthWait().awaitReady(services, options.startupTimeout(),
                s -> step(s.name(), "ready  " + s.url()));

        String token = new JwtTokens(jwtSecret, DEV_TOKEN_TTL).issue(ShopSecrets.DEMO_SHOP, DEV_AGENT, DEV_ROLES);
        Path tokenFile = dataDir.resolve("dev-token");
        Files.writeString(tokenFile, token + "\n", StandardCharsets.UTF_8);
        Secrets.ownerOnly(tokenFile);
        watchAfterReady();
        printBanner(shops, token, tokenFile);
        cds.trainAfterReady(logDir, m -> step("cds", m));
    }

    private void checkJars(List<ServiceSpec> wanted) {
        List<String> missing = wanted.stream()
                .map(s -> ServiceProcess.jar(repo, s))
                .filter(jar -> !Files.isRegularFile(jar))
                .map(Path::toString)
                .toList();
        if (!missing.isEmpty()) {
            throw new StartupException("service jar(s) missing:\n  " + String.join("\n  ", missing)
                    + "\nrun ./mvnw -DskipTests install first (or devstack/run --build)");
        }
    }

    /** Creates (or resets) the data dir and locks it, so two stacks never share one. */
    private void prepareDataDir() throws IOException {
        if (Files.exists(dataDir)) {
            boolean ours = Files.exists(dataDir.resolve(MARKER_FILE)) || isEmptyDir(dataDir);
            if (!ours) {
                throw new StartupException(dataDir + " exists, is not empty and is not a devstack data dir (no "
                        + MARKER_FILE + " in it); pick another --data-dir");
            }
        }
        Files.createDirectories(dataDir);
        Path lockFile = dataDir.resolve(LOCK_FILE);
        lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        lock = lockChannel.tryLock();
        if (lock == null) {
            String holder = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            throw new StartupException("another devstack is using " + dataDir
                    + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                    + "; stop it, or start this one with another --data-dir and --port-offset");
        }
        lockChannel.truncate(0);
        lockChannel.write(java.nio.ByteBuffer.wrap(
                (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        if (options.reset()) {
            deleteContents(dataDir, Path.of(LOCK_FILE));
            step("reset", "deleted everything in " + dataDir);
        }
        Path marker = dataDir.resolve(MARKER_FILE);
        if (!Files.exists(marker)) {
            Files.writeString(marker, "Kefu devstack data dir: Kafka logs, the Mongo file, secrets, service logs.\n"
                    + "devstack/run --reset deletes all of it.\n", StandardCharsets.UTF_8);
        }
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    private static void deleteContents(Path dir, Path keep) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (entry.getFileName().equals(keep)) {
                    continue;
                }
                try (Stream<Path> tree = Files.walk(entry)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private ShopSecrets loadShops() throws IOException {
        ShopSecrets shops = ShopSecrets.load(dataDir.resolve("shops.properties"), random);
        ShopSecrets.DEMO_SHOPS.forEach(shops::ensure);
        List<String> generated = new ArrayList<>(shops.fillMissing());
        for (String id : options.addShops()) {
            if (shops.ensure(id)) {
                generated.add(id);
            } else {
                step("shop", id + " exists already; its secret is unchanged");
            }
        }
        shops.saveIfChanged();
        for (String id : generated) {
            step("shop", "added " + id + "  webhook secret " + shops.secret(id));
        }
        return shops;
    }

    private void checkPortsFree(List<ServiceSpec> wanted) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("MongoDB", options.mongoPort());
        ports.put("Kafka", options.kafkaPort());
        ports.put("Kafka controller", options.controllerPort());
        for (ServiceSpec s : wanted) {
            for (int replica = 1; replica <= options.replicas(s); replica++) {
                String name = ServiceProcess.instanceName(s, replica);
                ports.put(name, options.servicePort(s, replica));
                ports.put(name + " management", options.managementPort(s, replica));
            }
        }
        List<String> busy = new ArrayList<>();
        ports.forEach((what, port) -> {
            if (!isFree(port)) {
                busy.add(what + " 127.0.0.1:" + port);
            }
        });
        if (!busy.isEmpty()) {
            throw new StartupException("port(s) in use: " + String.join(", ", busy)
                    + "\nis another devstack running? stop it, or use --port-offset=N");
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void startKafka() throws IOException, InterruptedException {
        kafka = new KafkaBroker(dataDir, logDir.resolve("kafka.log"), options.kafkaPort(), options.controllerPort(),
                launcher);
        boolean formatted = kafka.isFormatted();
        if (!formatted) {
            step("kafka", "formatting storage in " + dataDir.resolve("kafka"));
        }
        String clusterId = kafka.prepare();
        if (clusterId != null) {
            step("kafka", "formatted, cluster id " + clusterId);
        }
        ChildProcess broker = kafka.brokerProcess();
        launch(broker, OrphanGuard.BROKER);
        step("kafka", "starting broker (pid " + broker.pid() + ")  log " + broker.logFile());
        kafka.awaitReady(Duration.ofSeconds(90));
        step("kafka", "ready  " + kafka.bootstrapServers());
        KafkaBroker.TopicReport topics = kafka.ensureTopics(KafkaBroker.wantedTopics(Topics.all(), Topics::deadLetter,
                TOPIC_PARTITIONS, DEAD_LETTER_PARTITIONS), Duration.ofSeconds(60));
        kafka.close(); // the admin client: not needed any more
        step("topics", topics.created().size() + " created, " + topics.existing().size() + " existed"
                + (topics.grown().isEmpty() ? "" : ", partitions added to " + topics.grown())
                + "  (" + Topics.all().size() + " x " + TOPIC_PARTITIONS + " partitions + their -dlt x "
                + DEAD_LETTER_PARTITIONS + ")");
    }

    /** Starts a child unless a stop is under way (a Ctrl-C during the start must not leave one behind). */
    private synchronized void launch(ChildProcess child, int stage) throws IOException {
        if (stopping) {
            throw new StartupException("stopping");
        }
        child.start();
        guard.watch(child, stage);
        writePid(child);
    }

    /** {@code <data-dir>/pids/<name>.pid}: the child's current pid, for a test that kills it (by pid, never by name). */
    private void writePid(ChildProcess child) {
        try {
            Path pids = dataDir.resolve(PID_DIR);
            Files.createDirectories(pids);
            Path tmp = pids.resolve(child.name() + ".pid.tmp");
            Files.writeString(tmp, child.pid() + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, pids.resolve(child.name() + ".pid"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            step(child.name(), "could not write its pid file: " + e.getMessage());
        }
    }

    /**
     * After the start, a child that exits on its own (a crash, a kill) is started again with the same command, data
     * dir and port, after a back-off (1 s, 2 s, 4 s... up to 30 s; from 1 s again once it had been up a minute). The
     * broker too: the services keep running while it is away and reconnect when it is back.
     */
    private void watchAfterReady() {
        supervisor = new Supervisor(this::relaunch, new Supervisor.Events() {
            @Override
            public void exited(ChildProcess child, int code, Duration upFor, Duration restartIn, int exitsInARow) {
                step(child.name(), String.format(Locale.ROOT, "exited (code %d) after %.1f s; restarting in %s"
                                + " (exit %d in a row)  log %s", code, upFor.toMillis() / 1000.0,
                        human(restartIn), exitsInARow, child.logFile()));
            }

            @Override
            public void restarted(ChildProcess child) {
                step(child.name(), "restarted (pid " + child.pid() + ")");
            }

            @Override
            public void restartFailed(ChildProcess child, Exception cause, Duration retryIn) {
                if (!stopping) {
                    step(child.name(), "could not restart: " + cause.getMessage() + "; again in " + human(retryIn));
                }
            }
        }, Backoff::standard, System::nanoTime);
        for (ServiceProcess s : services) {
            supervisor.supervise(s.child());
        }
        supervisor.supervise(kafka.process());
    }

    private void relaunch(ChildProcess child) throws IOException {
        launch(child, child == kafka.process() ? OrphanGuard.BROKER : OrphanGuard.SERVICES);
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private void printBanner(ShopSecrets shops, String token, Path tokenFile) {
        String gateway = "http://127.0.0.1:" + options.servicePort(ServiceSpec.GATEWAY);
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        StringBuilder b = new StringBuilder();
        String rule = "=".repeat(100);
        b.append('\n').append(rule).append('\n');
        b.append(String.format(Locale.ROOT, " Kefu is running (ready in %.1f s)%n%n", seconds));
        for (ServiceProcess s : services) {
            b.append(String.format(Locale.ROOT, " %-22s %-24s actuator %s%n", s.name(), s.url(), s.managementUrl()));
        }
        if (services.isEmpty()) {
            b.append(" (no services started: --services=none)\n");
        }
        b.append(String.format(Locale.ROOT, " %-22s %s%n", "Kafka", kafka.bootstrapServers()));
        b.append(String.format(Locale.ROOT, " %-22s %s%n", "MongoDB", mongo.uri()));
        b.append(String.format(Locale.ROOT, " %-22s %s%n", "data dir", dataDir));
        b.append(String.format(Locale.ROOT, " %-22s %s%n%n", "logs", logDir));
        b.append(" Shops and their webhook secrets (").append(shops.file()).append("):\n");
        shops.secrets().forEach((id, secret) -> b.append(String.format(Locale.ROOT, "   %-20s %s%n", id, secret)));
        b.append("   webhooks: POST ").append(gateway).append("/webhooks/{shopId}, Standard Webhooks signature\n");
        b.append("   add a shop: stop, then devstack/run --add-shop=my-shop (or add a line my-shop= to the file)\n\n");
        b.append(" Dev agent token for ").append(ShopSecrets.DEMO_SHOP).append(" (roles ")
                .append(String.join(", ", DEV_ROLES)).append(", valid ").append(DEV_TOKEN_TTL.toHours())
                .append(" h; also in ").append(tokenFile).append("):\n");
        b.append("   export KEFU_TOKEN='").append(token).append("'\n");
        b.append("   curl -s -H \"Authorization: Bearer $KEFU_TOKEN\" ").append(gateway)
                .append("/api/customers/").append(EXAMPLE_BUYER).append("/overview\n\n");
        b.append(" Ctrl-C stops everything.\n");
        b.append(rule).append('\n');
        out.print(b);
        out.println(READY_LINE + gateway);
        out.flush();
    }

    private void step(String what, String message) {
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        out.printf(Locale.ROOT, "[%5.1fs] %-21s %s%n", seconds, what, message);
        out.flush();
    }

    boolean isStopping() {
        return stopping;
    }

    /** Stops what this run started, in order: services, broker, Mongo. Idempotent; run by the shutdown hook. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopping = true;
        stopped = true;
        if (supervisor != null) {
            supervisor.close();
        }
        if (cds != null) {
            cds.close();
        }
        List<ChildProcess> serviceChildren = services.stream().map(ServiceProcess::child)
                .filter(ChildProcess::isAlive).toList();
        if (!serviceChildren.isEmpty()) {
            step("stop", "services (" + String.join(", ", serviceChildren.stream().map(ChildProcess::name).toList())
                    + ")");
            List<String> killed = ChildProcess.stopAll(serviceChildren, STOP_GRACE);
            if (!killed.isEmpty()) {
                step("stop", "killed after " + STOP_GRACE.toSeconds() + " s: " + killed);
            }
        }
        if (kafka != null) {
            kafka.close();
            ChildProcess broker = kafka.process();
            if (broker != null && broker.isAlive()) {
                step("stop", "kafka (pid " + broker.pid() + ")");
                List<String> killed = ChildProcess.stopAll(List.of(broker), STOP_GRACE);
                if (!killed.isEmpty()) {
                    step("stop", "killed kafka after " + STOP_GRACE.toSeconds() + " s");
                }
            }
        }
        if (mongo != null) {
            step("stop", "mongo");
            mongo.stop();
        }
        if (guard != null) {
            guard.release();
        }
        try {
            if (lock != null) {
                lock.release();
                lockChannel.close();
            }
        } catch (IOException ignored) {
            // released with the process anyway
        }
        if (mongo != null) {
            step("stop", "done");
        }
    }
}
