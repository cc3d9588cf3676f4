package dev.kefu.system;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.kefu.system.StackProbe.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Broker faults injected into the running local stack while signed webhooks flow through the gateway: the broker
 * killed with SIGKILL (by the pid the devstack writes to {@code <data-dir>/pids/}) and restarted by the devstack's
 * supervision, then frozen. What must hold: every webhook the gateway accepted (202) is applied exactly once, the
 * consumer groups catch up (lag 0), while the broker is away a client is answered 503 with a {@code Retry-After}
 * within the ack timeout, never left waiting, and with the broker unreachable every service still stops within its
 * grace period. Instances killed mid-stream: {@link ReplicasIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    private static final int PORT_OFFSET = 4000;
    private static final String SHOP = "shop-demo";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path dataDir;

    static LocalStack stack;
    static StackProbe probe;

    @BeforeAll
    static void startTheStack() throws Exception {
        List<String> options = LocalStack.shopHoursAroundNow(SHOP);
        Map<String, String> env = Map.of(
                "KEFU_GATEWAY_WEBHOOKS_ACK_TIMEOUT", ACK_TIMEOUT.toString(),
                // the test is the only sender: the rate limits are not under test here
                "KEFU_GATEWAY_WEBHOOKS_RATE_PER_SECOND", "2000",
                "KEFU_GATEWAY_WEBHOOKS_BURST", "5000");
        stack = LocalStack.start(PORT_OFFSET, dataDir, options, env);
        System.out.println("devstack ready in " + stack.startedIn().toSeconds() + " s");
        probe = new StackProbe(stack, SHOP);
        // Warm the stack up (JIT, connections, the groups' first fetches) with traffic of its own: the broker test
        // bounds every answer from its first webhook on, and a cold gateway right after the start is not what it tests.
        try (Webhooks warmUp = new Webhooks(stack.gateway(), SHOP, stack.webhookSecret(SHOP), Duration.ofSeconds(5))) {
            warmUp.createAndPay(orders("w", 20, 10), 50).get(2, TimeUnit.MINUTES);
        }
    }

    @AfterAll
    static void stopItByPid() {
        if (probe != null) {
            probe.close();
        }
        if (stack != null) {
            stack.closeAndCheckNothingLeft();
        }
    }

    @Test
    @Order(1)
    void aBrokerKilledAndRestartedLosesNoAcceptedWebhookAndNoClientWaitsPastTheAckTimeout() throws Exception {
        List<Webhooks.Order> orders = orders("b", 40, 15); // 600 orders: 1,200 webhooks, and their retries
        Map<String, Set<TopicPartition>> partitions = new LinkedHashMap<>();
        for (String group : List.of("order-service", "conversation-service")) {
            partitions.put(group, StackProbe.assignedPartitions(probe.describe(group)));
        }
        try (Webhooks webhooks = new Webhooks(stack.gateway(), SHOP, stack.webhookSecret(SHOP), Duration.ofSeconds(5));
             SchedulingStall stall = new SchedulingStall()) {
            CompletableFuture<Void> sent = webhooks.createAndPay(orders, 25);
            await().atMost(Duration.ofSeconds(60)).until(() -> webhooks.ordersDone.get() >= 150);
            long killedPid = probe.pid("kafka");
            Instant killed = Instant.now();
            ProcessHandle.of(killedPid).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> probe.pid("kafka") != killedPid);
            Instant restarted = Instant.now();
            sent.get(4, TimeUnit.MINUTES);

            List<Webhooks.Answer> answers = List.copyOf(webhooks.answers);
            Map<Integer, Long> byStatus = answers.stream()
                    .collect(Collectors.groupingBy(Webhooks.Answer::status, java.util.TreeMap::new, Collectors.counting()));
            Webhooks.Answer slowest = answers.stream().max(java.util.Comparator.comparingLong(Webhooks.Answer::millis))
                    .orElseThrow();
            long maxMillis = slowest.millis();
            long stallMillis = stall.longestMillis();
            Instant firstRefusal = answers.stream().filter(a -> a.status() != 202).map(Webhooks.Answer::at)
                    .min(Instant::compareTo).orElse(null);
            Instant lastRefusal = answers.stream().filter(a -> a.status() != 202).map(Webhooks.Answer::at)
                    .max(Instant::compareTo).orElse(null);
            Duration applied = awaitAppliedExactlyOnce(orders, Duration.ofMinutes(3));
            Duration caughtUp = probe.awaitNoLag(partitions, Duration.ofMinutes(1));
            System.out.printf(Locale.ROOT, "FAULTS broker: restarted %.1f s after the kill; answers %s; refusals from"
                            + " %s to %s; slowest answer %d ms (ack timeout %d ms), answered %.1f s after the kill;"
                            + " the test JVM's longest stall %d ms; all applied once %.1f s after the"
                            + " last 202, lag 0 %.1f s later%n",
                    Duration.between(killed, restarted).toMillis() / 1000.0, byStatus,
                    firstRefusal == null ? "-" : Duration.between(killed, firstRefusal).toMillis() / 1000.0 + " s",
                    lastRefusal == null ? "-" : Duration.between(killed, lastRefusal).toMillis() / 1000.0 + " s",
                    maxMillis, ACK_TIMEOUT.toMillis(), Duration.between(killed, slowest.at()).toMillis() / 1000.0,
                    stallMillis, applied.toMillis() / 1000.0, caughtUp.toMillis() / 1000.0);

            assertThat(answers).filteredOn(a -> a.status() != 202)
                    .as("the broker was away: some webhooks must have been refused").isNotEmpty()
                    .allSatisfy(a -> {
                        assertThat(a.status()).as(a.toString()).isEqualTo(503);
                        assertThat(a.retryAfter()).as(a.toString()).isNotNull();
                    });
            // The gateway's own clock (http.server.requests, from the request's arrival to its answer): no answer
            // past the ack timeout plus 2 s of scheduling (the next histogram bucket at or past 7 s: 7.2 s). The
            // timeout itself is the gateway's; what comes after it is CPU on a 2-core machine that also hosts the
            // client, the broker's restart and five services reconnecting (CI saw answers up to 6.4 s). A timeout
            // that did not apply (a send blocked for max.block.ms, 10 s) still fails this. The client's figure above
            // adds connecting and reading, and any time the test JVM itself could not run (its longest stall, measured
            // over the same period, is added to the bound: it is not the gateway's doing).
            Duration scheduled = ACK_TIMEOUT.plusSeconds(2);
            GatewayAnswerTimes gatewaySide = GatewayAnswerTimes.read(8180 + PORT_OFFSET, "/webhooks/{shopId}");
            System.out.println("FAULTS broker, gateway side: " + gatewaySide.describe(scheduled));
            assertThat(gatewaySide.slowerThan(scheduled)).as(gatewaySide.describe(scheduled)).isZero();
            // The client's own wait is only checked for a hang (four ack timeouts, plus the test JVM's stall): on a
            // loaded 2-core machine it has run 2-4 s past the gateway's figure (client 9.4 s while the gateway's
            // slowest was 5.6 s, the test JVM's stall 60 ms; once 17.7 s), time spent before the gateway's handler
            // starts its clock (connecting, the accept queue, the JDK client's selector), not yet explained.
            assertThat(maxMillis).as("no client hangs")
                    .isLessThan(ACK_TIMEOUT.multipliedBy(4).toMillis() + stallMillis);
        }
    }

    @Test
    @Order(2)
    void withTheBrokerUnreachableEveryServiceStillStopsWithinItsGracePeriod() throws Exception {
        // Frozen (SIGSTOP), not killed: the supervisor would restart a dead broker at once, and a frozen one is the
        // harder case (connections hang instead of being refused). The devstack SIGKILLs it after its own grace.
        long broker = probe.pid("kafka");
        Map<String, CompletableFuture<ProcessHandle>> exits = new LinkedHashMap<>();
        for (String service : List.of("gateway", "order-service", "conversation-service", "aftersales-service",
                "review-service")) {
            exits.put(service, ProcessHandle.of(probe.pid(service)).orElseThrow().onExit());
        }
        signal("STOP", broker);
        try {
            Thread.sleep(2_000); // the services' clients are now waiting on it
            long start = System.nanoTime();
            Map<String, Duration> stopped = new java.util.concurrent.ConcurrentHashMap<>();
            exits.forEach((service, exit) -> exit.thenRun(() ->
                    stopped.put(service, Duration.ofNanos(System.nanoTime() - start))));
            stack.close();
            System.out.println("FAULTS stop with the broker frozen: launcher gone after "
                    + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms; services exited after " + stopped);
            assertThat(stack.isAlive()).isFalse();
            // The devstack SIGKILLs a service still alive 15 s after asking it to stop: each must be gone before.
            assertThat(stopped).hasSize(exits.size()).allSatisfy((service, after) ->
                    assertThat(after).as(service).isLessThan(Duration.ofSeconds(14)));
        } finally {
            ProcessHandle.of(broker).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor())
                .as("kill -" + signal + " " + pid).isZero();
    }

    // ---- what the stack did with the webhooks

    /**
     * Waits until every order is PAID and its buyer's conversation holds exactly one payment thank-you for it; fails
     * at once on a second one (a duplicate never goes away). Returns how long that took.
     */
    private static Duration awaitAppliedExactlyOnce(List<Webhooks.Order> orders, Duration within) {
        long start = System.nanoTime();
        Map<String, List<String>> byBuyer = orders.stream().collect(Collectors.groupingBy(Webhooks.Order::buyerId,
                LinkedHashMap::new, Collectors.mapping(Webhooks.Order::orderId, Collectors.toList())));
        Set<String> done = new HashSet<>();
        await().atMost(within).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (var buyer : byBuyer.entrySet()) {
                if (done.contains(buyer.getKey())) {
                    continue;
                }
                JsonNode list = json(probe.get("/api/orders?limit=200&buyerId=" + buyer.getKey()));
                Map<String, String> status = new HashMap<>();
                list.forEach(o -> status.put(o.get("orderId").asString(), o.get("status").asString()));
                Map<String, Integer> thanks = new HashMap<>();
                String conversation = probe.get("/api/conversations/" + buyer.getKey() + "?limit=500");
                if (conversation != null) {
                    for (JsonNode m : json(conversation).get("messages")) {
                        if ("payment-received".equals(m.path("scriptKey").asString(null))) {
                            thanks.merge(m.path("orderId").asString(""), 1, Integer::sum);
                        }
                    }
                }
                assertThat(thanks.values()).as("thank-yous per order of " + buyer.getKey()).allMatch(n -> n == 1);
                assertThat(status).as("orders of " + buyer.getKey()).hasSize(buyer.getValue().size());
                assertThat(status.values()).as("orders of " + buyer.getKey()).allMatch("PAID"::equals);
                assertThat(thanks.keySet()).as("thanked orders of " + buyer.getKey())
                        .containsExactlyInAnyOrderElementsOf(buyer.getValue());
                done.add(buyer.getKey());
            }
        });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static List<Webhooks.Order> orders(String run, int buyers, int ordersPerBuyer) {
        String tag = run + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        List<Webhooks.Order> orders = new ArrayList<>();
        for (int o = 0; o < ordersPerBuyer; o++) {
            for (int b = 0; b < buyers; b++) {
                orders.add(Webhooks.Order.of(SHOP, "TB-F-" + tag + "-" + b + "-" + o, "tb_f_" + tag + "_" + b));
            }
        }
        return orders;
    }
}
