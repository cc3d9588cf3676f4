package dev.kefu.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where the stack under test is and how big each scenario is. {@code quick} shrinks every size for a smoke run of a
 * few minutes; its figures are not the (fewer stored orders, shorter runs).
 */
public record BenchConfig(Path dataDir, int portOffset, long devstackPid, Path benchJar, int clockTicks,
                          boolean quick, List<String> only, Sizes sizes) {

    public static final String SHOP = "shop-demo";
    /** The devstack's second demo shop (always present in its shops.properties). */
    public static final String RIVAL_SHOP = "shop-rival";

    public record Sizes(int storedOrders, int windowOrders, Duration idleSample, Duration idleSettle,
                        int latencyRate, Duration latencyRun, Duration latencyDrain, Duration kafkaBaselineRun,
                        Duration ingestWarmup, Duration ingestRun, int ingestConnections,
                        int overviewRounds, Duration overviewCap, int backlogEvents, Duration catchUpCap,
                        int streams, int streamRate, Duration streamRun, Duration streamDrain,
                        int scalingOrders, int simulateRate, Duration simulateRun, Duration simulateDrain) {
    }

    public static Sizes full() {
        return new Sizes(200_000, 4_000, Duration.ofSeconds(30), Duration.ofSeconds(20),
                200, Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(20),
                Duration.ofSeconds(15), Duration.ofSeconds(10), 64,
                100, Duration.ofSeconds(60), 100_000, Duration.ofMinutes(40),
                500, 20, Duration.ofSeconds(15), Duration.ofSeconds(10),
                10_000, 200, Duration.ofMinutes(5), Duration.ofMinutes(3));
    }

    public static Sizes quickSizes() {
        return new Sizes(10_000, 1_000, Duration.ofSeconds(10), Duration.ofSeconds(10),
                200, Duration.ofSeconds(15), Duration.ofSeconds(20), Duration.ofSeconds(10),
                Duration.ofSeconds(8), Duration.ofSeconds(5), 64,
                30, Duration.ofSeconds(20), 20_000, Duration.ofMinutes(8),
                500, 10, Duration.ofSeconds(8), Duration.ofSeconds(10),
                500, 200, Duration.ofSeconds(30), Duration.ofSeconds(90));
    }

    public boolean runs(String scenario) {
        return only.isEmpty() || only.contains(scenario);
    }

    public int port(int base) {
        return base + portOffset;
    }

    public String kafka() {
        return "127.0.0.1:" + port(9092);
    }

    public String mongoUri() {
        return "mongodb://127.0.0.1:" + port(27017);
    }

    public String gateway() {
        return "http://127.0.0.1:" + port(8080);
    }

    public String service(int basePort) {
        return "http://127.0.0.1:" + port(basePort);
    }

    /** The gateway's actuator (its own port, the service port + 100 in the devstack). */
    public String gatewayManagement() {
        return "http://127.0.0.1:" + port(8180);
    }

    public Path insertLog() {
        return dataDir.resolve("mongo-inserts.log");
    }

    /** "200k" or "20k": how the stored-orders level is named in figure titles. */
    public String storedLabel() {
        return sizes.storedOrders() % 1000 == 0 ? sizes.storedOrders() / 1000 + "k" : Integer.toString(sizes.storedOrders());
    }
}
