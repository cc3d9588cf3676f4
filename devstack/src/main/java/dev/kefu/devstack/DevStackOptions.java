package dev.kefu.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The devstack's command line. Every option can also come from the environment ({@code KEFU_*}); the command line
 * wins. Base ports are the public contract (DESIGN.md section 3); {@code --port-offset} moves all of them at once so a
 * second stack (a test's) can run beside the developer's.
 */
public final class DevStackOptions {

    public static final int GATEWAY_PORT = 8080;
    public static final int KAFKA_PORT = 9092;
    public static final int CONTROLLER_PORT = 9093;
    public static final int MONGO_PORT = 27017;
    /** Each service's management (actuator) port is its own port plus this: gateway 8180, order-service 8181... */
    public static final int MANAGEMENT_PORT_DISTANCE = 100;

    /** Replica n (from 2) of a service listens on its port + (n - 1) x this: order-service 8281, 8481 (actuator +100). */
    public static final int REPLICA_PORT_DISTANCE = 200;

    /**
     * At most as many replicas as the topics have partitions (the devstack creates 3): a consumer beyond that gets no
     * partition and does nothing.
     */
    public static final int MAX_REPLICAS = 3;

    static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(300); // bounds only a failure: 5 JVMs on 2 busy cores take minutes

    public static final String USAGE = """
            Usage: devstack/run [--build] [options]      (or: java -jar devstack/target/kefu-devstack.jar [options])

            Starts Kefu on 127.0.0.1: a Kafka broker, a MongoDB wire-protocol server, the topics and the five services.
            Ctrl-C stops everything it started.

              --data-dir=DIR       where Kafka, Mongo, logs and secrets live        (KEFU_DATA_DIR, default <repo>/.kefu-data)
              --reset              delete the data dir first (all data, secrets, logs) (KEFU_RESET=true)
              --port-offset=N      add N to every port                                (KEFU_PORT_OFFSET, default 0)
              --json-logs          services log ECS JSON                              (KEFU_JSON_LOGS=true)
              --repo=DIR           the Kefu checkout holding the service jars        (KEFU_REPO, default: found from cwd)
              --services=LIST      which services to start: all, none, or names, e.g. gateway,order-service
                                                                                      (KEFU_SERVICES, default all)
              --add-shop=ID        add a shop (lowercase letters, digits, '-'), generate and store its webhook secret,
                                   then start; repeatable, or comma-separated         (KEFU_ADD_SHOP)
              --shop=ID.SETTING=VALUE  a shop setting handed to every service as kefu.shops.ID.SETTING, e.g.
                                   --shop=shop-demo.delivery-url=http://127.0.0.1:9999/kefu (outbound messages are
                                   POSTed there), --shop=shop-demo.first-response-target=PT5S; settings: see
                                   docs/shops.md; repeatable                          (KEFU_SHOP, comma-separated)
              --replicas=NAME=N    run N instances (1-3, as many as the topics' partitions) of a back-end service,
                                   e.g. order-service=2,conversation-service=2; they share its consumer groups,
                                   due work and database; the gateway calls the first (KEFU_REPLICAS, comma-separated)
              --startup-timeout=S  seconds to wait for the services to be ready       (KEFU_STARTUP_TIMEOUT, default 300)
              --mongo-oplog        enable the Mongo oplog (change streams); it grows without bound (KEFU_MONGO_OPLOG=true)
              --mongo-insert-log=DB.COLL:FIELD  append "<epoch micros> <ns> <_id> <FIELD>" to <data-dir>/mongo-inserts.log
                                   for every document inserted there (benchmarks: "stored" without polling; repeatable,
                                   or comma-separated)                                (KEFU_MONGO_INSERT_LOG)
              --kafka-static-membership=false  the services' consumers join their groups as dynamic members (no
                                   kefu.kafka.instance-id): a restarted service then waits for the broker to drop its
                                   predecessor (session.timeout.ms) before it gets its partitions (KEFU_KAFKA_STATIC_MEMBERSHIP)
              --cds=false          run the services from their jars, without the class-data sharing cache in
                                   <data-dir>/cds (devstack/README.md "Faster starts")  (KEFU_CDS, default true)
              --help               this text

            Ports (plus the offset): gateway 8080, order-service 8081, conversation-service 8082,
            aftersales-service 8083, review-service 8084, Kafka 9092 (controller 9093), MongoDB 27017; each
            service's actuator (health, metrics) on its port + 100: 8180-8184. Replica n of a service (from 2):
            its ports + (n - 1) x 200, e.g. order-service-2 on 8281 (actuator 8381), order-service-3 on 8481.
            A service or the broker that exits on its own is restarted (after 1 s, 2 s, 4 s... up to 30 s).
            Shops and their webhook secrets: <data-dir>/shops.properties (shopId=whsec_...), editable while stopped.
            """;

    private Path dataDir;
    private boolean reset;
    private int portOffset;
    private boolean jsonLogs;
    private Path repo;
    private List<String> services = ServiceSpec.names();
    private final List<String> addShops = new ArrayList<>();
    private final Map<String, String> shopSettings = new LinkedHashMap<>();
    private final Map<String, Integer> replicas = new LinkedHashMap<>();
    private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
    private boolean mongoOplog;
    private boolean kafkaStaticMembership = true;
    private boolean cds = true;
    private final List<MongoInsertLog.Watch> mongoInsertLog = new ArrayList<>();
    private boolean help;

    private DevStackOptions() {
    }

    /**
     * Reads the environment first, then the arguments.
     *
     * @throws IllegalArgumentException with a message fit for the user when an option is unknown or malformed
     */
    public static DevStackOptions parse(String[] args, Map<String, String> env) {
        DevStackOptions o = new DevStackOptions();
        o.apply("data-dir", env.get("KEFU_DATA_DIR"), "KEFU_DATA_DIR");
        o.apply("reset", env.get("KEFU_RESET"), "KEFU_RESET");
        o.apply("port-offset", env.get("KEFU_PORT_OFFSET"), "KEFU_PORT_OFFSET");
        o.apply("json-logs", env.get("KEFU_JSON_LOGS"), "KEFU_JSON_LOGS");
        o.apply("repo", env.get("KEFU_REPO"), "KEFU_REPO");
        o.apply("services", env.get("KEFU_SERVICES"), "KEFU_SERVICES");
        o.apply("add-shop", env.get("KEFU_ADD_SHOP"), "KEFU_ADD_SHOP");
        o.apply("shop", env.get("KEFU_SHOP"), "KEFU_SHOP");
        o.apply("replicas", env.get("KEFU_REPLICAS"), "KEFU_REPLICAS");
        o.apply("startup-timeout", env.get("KEFU_STARTUP_TIMEOUT"), "KEFU_STARTUP_TIMEOUT");
        o.apply("mongo-oplog", env.get("KEFU_MONGO_OPLOG"), "KEFU_MONGO_OPLOG");
        o.apply("mongo-insert-log", env.get("KEFU_MONGO_INSERT_LOG"), "KEFU_MONGO_INSERT_LOG");
        o.apply("kafka-static-membership", env.get("KEFU_KAFKA_STATIC_MEMBERSHIP"), "KEFU_KAFKA_STATIC_MEMBERSHIP");
        o.apply("cds", env.get("KEFU_CDS"), "KEFU_CDS");
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                o.help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (options start with --; see --help)");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            String value = eq < 0 ? null : arg.substring(eq + 1);
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + " (see --help)");
            }
            if (value == null && !isFlag(name)) {
                throw new IllegalArgumentException("option --" + name + " needs a value: --" + name + "=...");
            }
            o.apply(name, value == null ? "true" : value, "--" + name);
        }
        o.validatePorts();
        o.validateReplicas();
        return o;
    }

    private static final List<String> KNOWN = List.of("data-dir", "reset", "port-offset", "json-logs", "repo",
            "services", "add-shop", "shop", "replicas", "startup-timeout", "mongo-oplog", "mongo-insert-log",
            "kafka-static-membership", "cds");

    private static boolean isFlag(String name) {
        return name.equals("reset") || name.equals("json-logs") || name.equals("mongo-oplog")
                || name.equals("kafka-static-membership") || name.equals("cds");
    }

    private void apply(String name, String value, String source) {
        if (value == null) {
            return;
        }
        switch (name) {
            case "data-dir" -> dataDir = nonBlankPath(value, source);
            case "reset" -> reset = bool(value, source);
            case "port-offset" -> portOffset = integer(value, source);
            case "json-logs" -> jsonLogs = bool(value, source);
            case "repo" -> repo = nonBlankPath(value, source);
            case "services" -> services = serviceList(value, source);
            case "add-shop" -> Arrays.stream(value.split(","))
                    .map(String::trim).filter(s -> !s.isEmpty())
                    .forEach(id -> {
                        if (!ShopSecrets.isValidShopId(id)) {
                            throw new IllegalArgumentException(source + ": '" + id + "' is not a valid shop id ("
                                    + ShopSecrets.SHOP_ID_RULE + ")");
                        }
                        if (!addShops.contains(id)) {
                            addShops.add(id);
                        }
                    });
            case "shop" -> Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .forEach(setting -> shopSetting(setting, source));
            case "replicas" -> Arrays.stream(value.split(",")).map(String::trim).filter(r -> !r.isEmpty())
                    .forEach(r -> replicaCount(r, source));
            case "startup-timeout" -> {
                int seconds = integer(value, source);
                if (seconds <= 0) {
                    throw new IllegalArgumentException(source + " must be positive");
                }
                startupTimeout = Duration.ofSeconds(seconds);
            }
            case "mongo-oplog" -> mongoOplog = bool(value, source);
            case "kafka-static-membership" -> kafkaStaticMembership = bool(value, source);
            case "cds" -> cds = bool(value, source);
            case "mongo-insert-log" -> Arrays.stream(value.split(","))
                    .map(String::trim).filter(s -> !s.isEmpty())
                    .forEach(spec -> mongoInsertLog.add(MongoInsertLog.Watch.parse(spec, source)));
            default -> throw new IllegalArgumentException("unknown option --" + name + " (see --help)");
        }
    }

    /** {@code NAME=N}: a back-end service and 1 to {@value #MAX_REPLICAS} instances of it. */
    private void replicaCount(String spec, String source) {
        int eq = spec.indexOf('=');
        if (eq < 1) {
            throw new IllegalArgumentException(source + ": expected NAME=N, e.g. order-service=2, got '" + spec + "'");
        }
        String name = spec.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        ServiceSpec service = ServiceSpec.byName(name);
        if (service == null) {
            throw new IllegalArgumentException(source + ": unknown service '" + name + "' (known: "
                    + String.join(", ", ServiceSpec.backends().stream().map(ServiceSpec::name).toList()) + ")");
        }
        if (service.isGateway()) {
            throw new IllegalArgumentException(source + ": the gateway is the stack's one public address and runs "
                    + "once; replicas are for the back-end services");
        }
        int n = integer(spec.substring(eq + 1), source + " " + name);
        if (n < 1 || n > MAX_REPLICAS) {
            throw new IllegalArgumentException(source + ": " + name + "=" + n + " is outside 1-" + MAX_REPLICAS
                    + " (the topics have " + MAX_REPLICAS + " partitions; a consumer beyond them gets none)");
        }
        replicas.put(name, n);
    }

    /** Replicas of a service the run does not start would be silently ignored: say so instead. */
    private void validateReplicas() {
        List<String> absent = replicas.keySet().stream().filter(name -> !services.contains(name)).toList();
        if (!absent.isEmpty()) {
            throw new IllegalArgumentException("--replicas names " + String.join(", ", absent)
                    + ", which --services does not start");
        }
    }

    /** {@code ID.SETTING=VALUE}: a valid shop id, a known setting, any value (the services check it at start). */
    private void shopSetting(String spec, String source) {
        int dot = spec.indexOf('.');
        int eq = spec.indexOf('=');
        if (dot < 1 || eq < dot + 2) {
            throw new IllegalArgumentException(source + ": expected ID.SETTING=VALUE, e.g. "
                    + "shop-demo.delivery-url=http://127.0.0.1:9999/kefu, got '" + spec + "'");
        }
        String shop = spec.substring(0, dot);
        String setting = spec.substring(dot + 1, eq);
        if (!ShopSecrets.isValidShopId(shop)) {
            throw new IllegalArgumentException(source + ": '" + shop + "' is not a valid shop id ("
                    + ShopSecrets.SHOP_ID_RULE + ")");
        }
        if (!SHOP_SETTINGS.contains(setting)) {
            throw new IllegalArgumentException(source + ": unknown shop setting '" + setting + "' (known: "
                    + String.join(", ", SHOP_SETTINGS) + ")");
        }
        shopSettings.put("kefu.shops." + shop + "." + setting, spec.substring(eq + 1));
    }

    /** The settings of platform's ShopSettings, as properties; the webhook secret comes from shops.properties. */
    static final List<String> SHOP_SETTINGS = List.of("name", "agent-name", "agent-number", "language", "time-zone",
            "business-hours", "quiet-hours", "greeting-window", "first-response-target", "payment-reminder-after",
            "auto-answer-logistics", "delivery-url", "reports-delivery", "fees.agent-max-discount",
            "fees.supervisor-max-discount", "fees.max-discount-percent", "sla.first-response", "sla.next-response",
            "sla.resolution.complaint", "sla.resolution.refund", "sla.resolution.returns", "sla.resolution.exchange",
            "sla.follow-up-after");

    private static Path nonBlankPath(String value, String source) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(source + " must not be empty");
        }
        return Path.of(value);
    }

    private static boolean bool(String value, String source) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "", "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(source + ": expected true or false, got '" + value + "'");
        };
    }

    private static int integer(String value, String source) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": expected a whole number, got '" + value + "'");
        }
    }

    private static List<String> serviceList(String value, String source) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("all") || v.isEmpty()) {
            return ServiceSpec.names();
        }
        if (v.equals("none")) {
            return List.of();
        }
        List<String> chosen = new ArrayList<>();
        for (String name : v.split(",")) {
            String n = name.trim();
            if (n.isEmpty()) {
                continue;
            }
            if (ServiceSpec.byName(n) == null) {
                throw new IllegalArgumentException(source + ": unknown service '" + n + "' (known: "
                        + String.join(", ", ServiceSpec.names()) + ", or all / none)");
            }
            if (!chosen.contains(n)) {
                chosen.add(n);
            }
        }
        return List.copyOf(chosen);
    }

    private void validatePorts() {
        int lowest = GATEWAY_PORT + portOffset;
        int highest = MONGO_PORT + portOffset;
        if (lowest < 1024 || highest > 65535) {
            throw new IllegalArgumentException("--port-offset=" + portOffset + " puts ports outside 1024-65535 (allowed: "
                    + (1024 - GATEWAY_PORT) + " to " + (65535 - MONGO_PORT) + ")");
        }
    }

    /** A base port from DESIGN.md section 3 moved by the offset. */
    public int port(int base) {
        return base + portOffset;
    }

    public int kafkaPort() {
        return port(KAFKA_PORT);
    }

    public int controllerPort() {
        return port(CONTROLLER_PORT);
    }

    public int mongoPort() {
        return port(MONGO_PORT);
    }

    public int servicePort(ServiceSpec service) {
        return port(service.basePort());
    }

    /** Where replica {@code replica} (1 = the first) of the service listens. */
    public int servicePort(ServiceSpec service, int replica) {
        return servicePort(service) + (replica - 1) * REPLICA_PORT_DISTANCE;
    }

    /** Where replica {@code replica}'s actuator listens: its port + {@value #MANAGEMENT_PORT_DISTANCE}. */
    public int managementPort(ServiceSpec service, int replica) {
        return managementPort(service) + (replica - 1) * REPLICA_PORT_DISTANCE;
    }

    /** How many instances of the service to run ({@code --replicas}; 1 unless given). */
    public int replicas(ServiceSpec service) {
        return replicas.getOrDefault(service.name(), 1);
    }

    /** Where the service's actuator listens (health, metrics): its port + {@value #MANAGEMENT_PORT_DISTANCE}. */
    public int managementPort(ServiceSpec service) {
        return port(service.basePort() + MANAGEMENT_PORT_DISTANCE);
    }

    /**
     * The checkout holding the service jars: {@code --repo}, else the first directory upwards from {@code cwd} that
     * holds {@code pom.xml} and {@code order-service/} (or {@code devstack/}), else the checkout this jar was built in
     * ({@code <repo>/devstack/target/kefu-devstack.jar}).
     */
    public static Path resolveRepo(Path explicit, Path cwd, Path ownJar) {
        if (explicit != null) {
            return explicit.toAbsolutePath().normalize();
        }
        for (Path dir = cwd.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (looksLikeRepo(dir)) {
                return dir;
            }
        }
        if (ownJar != null) {
            Path target = ownJar.toAbsolutePath().normalize().getParent();
            Path module = target == null ? null : target.getParent();
            Path root = module == null ? null : module.getParent();
            if (root != null && looksLikeRepo(root)) {
                return root;
            }
        }
        return null;
    }

    static boolean looksLikeRepo(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml"))
                && (Files.isDirectory(dir.resolve("order-service")) || Files.isDirectory(dir.resolve("devstack")));
    }

    /** {@code --data-dir}, else {@code <repo>/.kefu-data}. */
    public Path dataDir(Path resolvedRepo) {
        if (dataDir != null) {
            return dataDir.toAbsolutePath().normalize();
        }
        return resolvedRepo.resolve(".kefu-data");
    }

    public Path explicitDataDir() {
        return dataDir;
    }

    public boolean reset() {
        return reset;
    }

    public int portOffset() {
        return portOffset;
    }

    public boolean jsonLogs() {
        return jsonLogs;
    }

    public Path explicitRepo() {
        return repo;
    }

    /** Names of the services to start, in {@link ServiceSpec#ALL} order. */
    public List<ServiceSpec> services() {
        return ServiceSpec.ALL.stream().filter(s -> services.contains(s.name())).toList();
    }

    public List<String> addShops() {
        return List.copyOf(addShops);
    }

    /** {@code --shop} settings as {@code kefu.shops.<id>.<setting>} properties, in the order given. */
    public Map<String, String> shopSettings() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(shopSettings));
    }

    public Duration startupTimeout() {
        return startupTimeout;
    }

    public boolean mongoOplog() {
        return mongoOplog;
    }

    /** Collections whose inserts are logged with their time (empty: no log). */
    public List<MongoInsertLog.Watch> mongoInsertLog() {
        return List.copyOf(mongoInsertLog);
    }

    /** Whether the services get a {@code kefu.kafka.instance-id} (static group membership); by default they do. */
    public boolean kafkaStaticMembership() {
        return kafkaStaticMembership;
    }

    /** Whether the services run with the class-data sharing cache ({@link ClassDataSharing}); by default they do. */
    public boolean cds() {
        return cds;
    }

    public boolean help() {
        return help;
    }
}
