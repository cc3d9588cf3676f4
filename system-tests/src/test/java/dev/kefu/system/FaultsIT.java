package dev.kefu.system;

import dev.kefu.events.kafka.EventJson;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults injected into the running local stack while signed webhooks flow through the gateway. The stack runs two
 * instances of each consumer service ({@code devstack/run --replicas}), sharing consumer groups, due work and
 * database. Instances and the broker are killed with SIGKILL (by the pid the devstack writes to
 * {@code <data-dir>/pids/}) and restarted by the devstack's supervision. What must hold: every webhook the gateway
 * accepted (202) is applied exactly once and every effect it causes (a thank-you, a 催付 reminder, a delay apology, a
 * bad-review follow-up, an after-sales case) happens exactly once, none lost, whichever instance held the work when
 * its twin died; the consumer groups catch up (lag 0); a restarted instance gets its partitions back within seconds;
 * while the broker is away a client is answered 503 with a {@code Retry-After} within the ack timeout, never left
 * waiting.
 *
 * <p>Membership: {@code -Dkefu.faults.membership=static} (default: the devstack's static membership),
 * {@code dynamic} (no instance ids, kefu-defaults' 10 s session timeout) or {@code dynamic-45s} (the Kafka client's
 * default session timeout, as before): only {@code static} bounds the rejoin, the others measure it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    private static final int PORT_OFFSET = 4000;
    private static final String SHOP = "shop-demo";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    private static final String MEMBERSHIP = System.getProperty("kefu.faults.membership", "static");
    /**
     * A restarted service, once ready, has all its partitions back within this (static membership). Measured in CI on
     * 2 cores while 3,000 webhooks flow: order-service 0.3 s; conversation-service (nine consumers in three
     * listeners) 10.6 s and 19.7 s in two runs, so the bound leaves room for that spread.
     */
    private static final Duration REJOIN_BOUND = Duration.ofSeconds(30);
    /** Each runs twice in this stack (the devstack's --replicas); the replica test kills the second of each. */
    private static final List<String> CONSUMER_SERVICES = List.of("order-service", "conversation-service",
            "aftersales-service", "review-service");
    /** The consumer group of each service whose members show an instance at work on the test's input. */
    private static final Map<String, String> WORK_GROUP = Map.of("order-service", "order-service",
            "conversation-service", "conversation-service", "aftersales-service", "aftersales-case-causes",
            "review-service", "review-service");
    /**
     * The shop's 催付 delay: an order left unpaid is reminded this long after it was created. Longer than a killed
     * instance's partitions can stall (session timeout, rebalance, the backlog after it): the reminder goes by what
     * order-service and conversation-service have applied, and a payment still queued behind a dead consumer is not
     * known yet (measured: at 15 s on a machine at load 50, one paid order was reminded).
     */
    private static final Duration REMINDER_AFTER = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    static LocalStack stack;
    static Admin admin;
    static String token;
    static GatewayClient kefu;

    @BeforeAll
    static void startTheStack() throws Exception {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        List<String> options = new ArrayList<>(List.of(
                "--replicas=" + CONSUMER_SERVICES.stream().map(s -> s + "=2").collect(Collectors.joining(",")),
                "--shop=" + SHOP + ".payment-reminder-after=PT" + REMINDER_AFTER.toSeconds() + "S",
                "--shop=" + SHOP + ".time-zone=UTC",
                "--shop=" + SHOP + ".business-hours=" + now.minusHours(3).format(hhmm) + "-" + now.plusHours(3).format(hhmm),
                "--shop=" + SHOP + ".quiet-hours=" + now.plusHours(4).format(hhmm) + "-" + now.plusHours(5).format(hhmm)));
        Map<String, String> env = new HashMap<>(Map.of(
                "KEFU_GATEWAY_WEBHOOKS_ACK_TIMEOUT", ACK_TIMEOUT.toString(),
                // the test is the only sender: the rate limits are not under test here
                "KEFU_GATEWAY_WEBHOOKS_RATE_PER_SECOND", "2000",
                "KEFU_GATEWAY_WEBHOOKS_BURST", "5000"));
        if (!MEMBERSHIP.equals("static")) {
            options.add("--kafka-static-membership=false");
        }
        if (MEMBERSHIP.equals("dynamic-45s")) {
            env.put("SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS", "45000");
        }
        stack = LocalStack.start(PORT_OFFSET, dataDir, options, env);
        System.out.println("devstack ready in " + stack.startedIn().toSeconds() + " s (membership " + MEMBERSHIP + ")");
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        admin = Admin.create(config);
        kefu = new GatewayClient(stack.gateway());
        token = kefu.devToken(SHOP);
    }

    @AfterAll
    static void stopItByPid() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        if (stack != null) {
            List<ProcessHandle> children = stack.descendants();
            stack.close();
            assertThat(children).noneMatch(ProcessHandle::isAlive);
        }
    }

    @Test
    @Order(1)
    void withTwoOfEachConsumerServiceOneKilledMidStreamEveryEffectHappensOnceAndNoneIsLost() throws Exception {
        String tag = "r" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        List<Unit> units = units(tag, 40, 8); // 320 orders: 800 webhooks
        Map<String, Set<TopicPartition>> partitions = new LinkedHashMap<>();
        for (String service : CONSUMER_SERVICES) {
            String group = WORK_GROUP.get(service);
            // both instances at work before the stream: the one to be killed owns partitions of its group
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                ConsumerGroupDescription d = describe(group);
                assertThat(d.groupState()).as(group).isEqualTo(GroupState.STABLE);
                assertThat(assignedPartitions(d)).as(group).isNotEmpty();
                if (MEMBERSHIP.equals("static")) {
                    assertThat(owned(d, service, 2)).as("partitions of " + group + " owned by " + service + "-2")
                            .isNotEmpty();
                    assertThat(owned(d, service, 1)).as("partitions of " + group + " owned by " + service)
                            .isNotEmpty();
                }
            });
            partitions.put(group, assignedPartitions(describe(group)));
        }
        long start = System.nanoTime();
        try (Webhooks webhooks = new Webhooks(stack.gateway(), SHOP, stack.webhookSecret(SHOP), Duration.ofSeconds(5))) {
            CompletableFuture<Void> sent = webhooks.inOrder(units.stream().map(Unit::webhooks).toList(), 12);
            await().atMost(Duration.ofSeconds(60)).until(() -> webhooks.ordersDone.get() >= 60);
            // the second instance of each, one every 3 s while the stream goes on; the devstack restarts each
            List<CompletableFuture<Rejoin>> rejoins = new ArrayList<>();
            for (String service : CONSUMER_SERVICES) {
                rejoins.add(CompletableFuture.supplyAsync(() -> killAndRejoin(service + "-2", WORK_GROUP.get(service),
                        partitions.get(WORK_GROUP.get(service)))));
                Thread.sleep(3_000);
            }
            assertThat(webhooks.ordersDone.get()).as("the kills fell within the stream").isLessThan(units.size());
            sent.get(4, TimeUnit.MINUTES);
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            for (CompletableFuture<Rejoin> r : rejoins) {
                System.out.println("FAULTS " + MEMBERSHIP + " " + r.get(4, TimeUnit.MINUTES));
            }

            assertThat(webhooks.answers).allMatch(a -> a.status() == 202, "every webhook accepted at once");
            Duration applied = awaitEveryEffectOnce(units, Duration.ofMinutes(3));
            Duration caughtUp = awaitNoLag(partitions, Duration.ofMinutes(1));
            System.out.printf(Locale.ROOT, "FAULTS replicas: %d webhooks of %d orders in %.1f s, every effect once"
                            + " %.1f s after the last was accepted, lag 0 %.1f s later%n", webhooks.answers.size(),
                    units.size(), sendSeconds, applied.toMillis() / 1000.0, caughtUp.toMillis() / 1000.0);
            if (MEMBERSHIP.equals("static")) {
                for (CompletableFuture<Rejoin> r : rejoins) {
                    assertThat(r.get().readyToAssigned()).as(r.get().instance()).isLessThan(REJOIN_BOUND);
                }
            }
            // and it stays once: a late duplicate (a lease run out, a redelivery) would show now
            Thread.sleep(20_000);
            awaitEveryEffectOnce(units, Duration.ofSeconds(30));
        }
    }

    @Test
    @Order(2)
    void aBrokerKilledAndRestartedLosesNoAcceptedWebhookAndNoClientWaitsPastTheAckTimeout() throws Exception {
        List<Webhooks.Order> orders = orders("b", 40, 15); // 600 orders: 1,200 webhooks, and their retries
        Map<String, Set<TopicPartition>> partitions = new LinkedHashMap<>();
        for (String group : List.of("order-service", "conversation-service")) {
            partitions.put(group, assignedPartitions(describe(group)));
        }
        try (Webhooks webhooks = new Webhooks(stack.gateway(), SHOP, stack.webhookSecret(SHOP), Duration.ofSeconds(5))) {
            CompletableFuture<Void> sent = webhooks.createAndPay(orders, 25);
            await().atMost(Duration.ofSeconds(60)).until(() -> webhooks.ordersDone.get() >= 150);
            long killedPid = pid("kafka");
            Instant killed = Instant.now();
            ProcessHandle.of(killedPid).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> pid("kafka") != killedPid);
            Instant restarted = Instant.now();
            sent.get(4, TimeUnit.MINUTES);

            List<Webhooks.Answer> answers = List.copyOf(webhooks.answers);
            Map<Integer, Long> byStatus = answers.stream()
                    .collect(Collectors.groupingBy(Webhooks.Answer::status, java.util.TreeMap::new, Collectors.counting()));
            long maxMillis = answers.stream().mapToLong(Webhooks.Answer::millis).max().orElse(0);
            Instant firstRefusal = answers.stream().filter(a -> a.status() != 202).map(Webhooks.Answer::at)
                    .min(Instant::compareTo).orElse(null);
            Instant lastRefusal = answers.stream().filter(a -> a.status() != 202).map(Webhooks.Answer::at)
                    .max(Instant::compareTo).orElse(null);
            Duration applied = awaitAppliedExactlyOnce(orders, Duration.ofMinutes(3));
            Duration caughtUp = awaitNoLag(partitions, Duration.ofMinutes(1));
            System.out.printf(Locale.ROOT, "FAULTS broker: restarted %.1f s after the kill; answers %s; refusals from"
                            + " %s to %s; slowest answer %d ms (ack timeout %d ms); all applied once %.1f s after the"
                            + " last 202, lag 0 %.1f s later%n",
                    Duration.between(killed, restarted).toMillis() / 1000.0, byStatus,
                    firstRefusal == null ? "-" : Duration.between(killed, firstRefusal).toMillis() / 1000.0 + " s",
                    lastRefusal == null ? "-" : Duration.between(killed, lastRefusal).toMillis() / 1000.0 + " s",
                    maxMillis, ACK_TIMEOUT.toMillis(), applied.toMillis() / 1000.0, caughtUp.toMillis() / 1000.0);

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
            // adds connecting and reading, bounded loosely: it is not the gateway's doing.
            Duration scheduled = ACK_TIMEOUT.plusSeconds(2);
            GatewayAnswerTimes gatewaySide = GatewayAnswerTimes.read(8180 + PORT_OFFSET, "/webhooks/{shopId}");
            System.out.println("FAULTS broker, gateway side: " + gatewaySide.describe(scheduled));
            assertThat(gatewaySide.slowerThan(scheduled)).as(gatewaySide.describe(scheduled)).isZero();
            assertThat(maxMillis).isLessThan(ACK_TIMEOUT.plusSeconds(4).toMillis());
        }
    }

    @Test
    @Order(3)
    void withTheBrokerUnreachableEveryServiceStillStopsWithinItsGracePeriod() throws Exception {
        // Frozen (SIGSTOP), not killed: the supervisor would restart a dead broker at once, and a frozen one is the
        // harder case (connections hang instead of being refused). The devstack SIGKILLs it after its own grace.
        long broker = pid("kafka");
        Map<String, CompletableFuture<ProcessHandle>> exits = new LinkedHashMap<>();
        List<String> instances = new ArrayList<>(List.of("gateway"));
        CONSUMER_SERVICES.forEach(s -> instances.addAll(List.of(s, s + "-2")));
        for (String instance : instances) {
            exits.put(instance, ProcessHandle.of(pid(instance)).orElseThrow().onExit());
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
                JsonNode list = json(get("/api/orders?limit=200&buyerId=" + buyer.getKey()));
                Map<String, String> status = new HashMap<>();
                list.forEach(o -> status.put(o.get("orderId").asString(), o.get("status").asString()));
                Map<String, Integer> thanks = new HashMap<>();
                String conversation = get("/api/conversations/" + buyer.getKey() + "?limit=500");
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

    /** What one order of the replica test is, which webhooks make it, and the effects it must have once. */
    enum Kind { PAID, UNPAID, DELAYED, BAD_REVIEW }

    record Unit(Kind kind, String orderId, String buyerId, String reviewId, List<Webhooks.Signed> webhooks) {

        /** The proactive messages (by script) this order must cause, each exactly once. */
        List<String> messages() {
            return switch (kind) {
                case PAID -> List.of("payment-received");
                case UNPAID -> List.of("payment-reminder");
                case DELAYED -> List.of("payment-received", "delivery-exception");
                case BAD_REVIEW -> List.of("payment-received", "bad-review-followup");
            };
        }

        /** The after-sales case this order must open, exactly one, or null. */
        String caseId() {
            return switch (kind) {
                case DELAYED -> "LG-" + orderId;
                case BAD_REVIEW -> "RR-" + reviewId;
                default -> null;
            };
        }

        String status() {
            return switch (kind) {
                case UNPAID -> "CREATED";
                case DELAYED -> "SHIPPED";
                default -> "PAID";
            };
        }
    }

    /** {@code buyers} buyers with {@code perBuyer} orders each, the kinds in turn: paid, left unpaid, delayed, badly reviewed. */
    private static List<Unit> units(String tag, int buyers, int perBuyer) {
        List<Unit> units = new ArrayList<>();
        Kind[] kinds = Kind.values();
        for (int o = 0; o < perBuyer; o++) {
            for (int b = 0; b < buyers; b++) {
                Kind kind = kinds[(o + b) % kinds.length];
                String buyer = "tb_f_" + tag + "_" + b;
                String orderId = "TB-F-" + tag + "-" + b + "-" + o;
                String reviewId = kind == Kind.BAD_REVIEW ? "rv-" + orderId : null;
                units.add(new Unit(kind, orderId, buyer, reviewId, webhooks(kind, orderId, buyer, reviewId)));
            }
        }
        return units;
    }

    private static List<Webhooks.Signed> webhooks(Kind kind, String orderId, String buyer, String reviewId) {
        Webhooks.Order order = Webhooks.Order.of(SHOP, orderId, buyer);
        List<Webhooks.Signed> flow = new ArrayList<>(List.of(new Webhooks.Signed(order.createdId(), order.created())));
        if (kind == Kind.UNPAID) {
            return flow;
        }
        flow.add(new Webhooks.Signed(order.paidId(), order.paid()));
        if (kind == Kind.DELAYED) {
            ObjectNode shipped = Fixtures.json(EventTypes.MARKETPLACE_ORDER_SHIPPED);
            shipped.put("shopId", SHOP).put("orderId", orderId).put("buyerId", buyer)
                    .put("shippedAt", Instant.now().toString());
            flow.add(Webhooks.Signed.of("order.shipped", shipped));
            // the fixture's scan: the carrier failed to deliver
            ObjectNode failed = Fixtures.json(EventTypes.MARKETPLACE_LOGISTICS_TRACE);
            failed.put("shopId", SHOP).put("orderId", orderId).put("buyerId", buyer)
                    .put("occurredAt", Instant.now().toString());
            flow.add(Webhooks.Signed.of("logistics.trace", failed));
        }
        if (kind == Kind.BAD_REVIEW) {
            ObjectNode review = Fixtures.json(EventTypes.MARKETPLACE_REVIEW_POSTED);
            review.put("shopId", SHOP).put("orderId", orderId).put("buyerId", buyer).put("reviewId", reviewId)
                    .put("rating", 1).put("content", "质量太差了，和描述不符，非常失望")
                    .put("postedAt", Instant.now().toString());
            flow.add(Webhooks.Signed.of("review.posted", review));
        }
        return flow;
    }

    /**
     * Waits until every order has its status, each proactive message it causes (thank-you, 催付 reminder, delay
     * apology, bad-review follow-up) is in its buyer's conversation once, and each case it opens is there once; fails
     * at once on a second one (a duplicate never goes away). Returns how long that took.
     */
    private static Duration awaitEveryEffectOnce(List<Unit> units, Duration within) {
        long start = System.nanoTime();
        Map<String, List<Unit>> byBuyer = units.stream().collect(Collectors.groupingBy(Unit::buyerId,
                LinkedHashMap::new, Collectors.toList()));
        Set<String> scripts = units.stream().flatMap(u -> u.messages().stream()).collect(Collectors.toSet());
        Set<String> done = new HashSet<>();
        await().atMost(within).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (var buyer : byBuyer.entrySet()) {
                if (done.contains(buyer.getKey())) {
                    continue;
                }
                Map<String, Integer> sent = new HashMap<>(); // "<script> <orderId>" → times
                String conversation = get("/api/conversations/" + buyer.getKey() + "?limit=500");
                if (conversation != null) {
                    for (JsonNode m : json(conversation).get("messages")) {
                        String script = m.path("scriptKey").asString("");
                        if (scripts.contains(script)) {
                            sent.merge(script + " " + m.path("orderId").asString(""), 1, Integer::sum);
                        }
                    }
                }
                assertThat(sent).as("proactive messages of " + buyer.getKey()).allSatisfy((what, times) ->
                        assertThat(times).as(what).isEqualTo(1));
                Map<String, Integer> cases = new HashMap<>();
                json(get("/api/cases?limit=200&buyerId=" + buyer.getKey())).path("items")
                        .forEach(c -> cases.merge(c.get("caseId").asString(), 1, Integer::sum));
                assertThat(cases).as("cases of " + buyer.getKey()).allSatisfy((id, times) ->
                        assertThat(times).as(id).isEqualTo(1));
                Map<String, String> status = new HashMap<>();
                json(get("/api/orders?limit=200&buyerId=" + buyer.getKey()))
                        .forEach(o -> status.put(o.get("orderId").asString(), o.get("status").asString()));

                List<String> expectedMessages = new ArrayList<>();
                List<String> expectedCases = new ArrayList<>();
                Map<String, String> expectedStatus = new HashMap<>();
                for (Unit u : buyer.getValue()) {
                    u.messages().forEach(script -> expectedMessages.add(script + " " + u.orderId()));
                    if (u.caseId() != null) {
                        expectedCases.add(u.caseId());
                    }
                    expectedStatus.put(u.orderId(), u.status());
                }
                assertThat(status).as("orders of " + buyer.getKey()).isEqualTo(expectedStatus);
                assertThat(sent.keySet()).as("proactive messages of " + buyer.getKey())
                        .containsExactlyInAnyOrderElementsOf(expectedMessages);
                assertThat(cases.keySet()).as("cases of " + buyer.getKey())
                        .containsExactlyInAnyOrderElementsOf(expectedCases);
                done.add(buyer.getKey());
            }
        });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static Duration awaitNoLag(Map<String, Set<TopicPartition>> partitions, Duration within) {
        long start = System.nanoTime();
        await().atMost(within).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (var group : partitions.entrySet()) {
                assertThat(lag(group.getKey(), group.getValue())).as("lag of " + group.getKey()).isZero();
            }
        });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static long lag(String group, Set<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            lag += end.getValue().offset() - (at == null ? 0 : at.offset());
        }
        return lag;
    }

    // ---- kill and rejoin

    record Rejoin(String instance, Duration killToRestart, Duration killToReady, Duration readyToAssigned,
                  List<String> instanceIds) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: kill→restarted %.1f s, kill→ready %.1f s, ready→all partitions "
                            + "assigned %.1f s (kill→assigned %.1f s); members %s", instance,
                    killToRestart.toMillis() / 1000.0, killToReady.toMillis() / 1000.0,
                    readyToAssigned.toMillis() / 1000.0, killToReady.plus(readyToAssigned).toMillis() / 1000.0,
                    instanceIds);
        }
    }

    /**
     * SIGKILLs one instance ({@code order-service-2}), lets the devstack restart it, and times its way back into
     * {@code group}: stable again with as many members as before, one of them new, and every partition assigned.
     */
    private static Rejoin killAndRejoin(String instance, String group, Set<TopicPartition> partitions) {
        try {
            ConsumerGroupDescription old = describe(group);
            Set<String> before = old.members().stream().map(MemberDescription::consumerId).collect(Collectors.toSet());
            long pid = pid(instance);
            long kill = System.nanoTime();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> pid(instance) != pid);
            long restarted = System.nanoTime();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ready(managementPort(instance)));
            long ready = System.nanoTime();
            List<String> instanceIds = new ArrayList<>();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
                ConsumerGroupDescription now = describe(group);
                boolean rejoined = now.members().size() == before.size()
                        && now.members().stream().anyMatch(m -> !before.contains(m.consumerId()));
                if (now.groupState() == GroupState.STABLE && rejoined
                        && assignedPartitions(now).containsAll(partitions)) {
                    now.members().forEach(m -> instanceIds.add(m.groupInstanceId().orElse("(dynamic)")));
                    return true;
                }
                return false;
            });
            long assigned = System.nanoTime();
            instanceIds.sort(null);
            return new Rejoin(instance, Duration.ofNanos(restarted - kill), Duration.ofNanos(ready - kill),
                    Duration.ofNanos(assigned - ready), instanceIds);
        } catch (Exception e) {
            throw new IllegalStateException(instance, e);
        }
    }

    /** The actuator port the devstack gives an instance: 8180 + the service's place, + 200 per replica after the first. */
    private static int managementPort(String instance) {
        int replica = instance.matches(".*-\\d") ? instance.charAt(instance.length() - 1) - '0' : 1;
        String service = replica == 1 ? instance : instance.substring(0, instance.length() - 2);
        int place = List.of("gateway", "order-service", "conversation-service", "aftersales-service", "review-service")
                .indexOf(service);
        assertThat(place).as(instance).isNotNegative();
        return 8180 + PORT_OFFSET + place + (replica - 1) * 200;
    }

    /** The partitions of {@code group} held by the consumers of one instance (static membership: by instance id). */
    private static Set<TopicPartition> owned(ConsumerGroupDescription group, String service, int replica) {
        String prefix = "devstack-" + service + (replica == 1 ? "" : "-replica" + replica) + "-";
        return group.members().stream()
                .filter(m -> m.groupInstanceId().map(id -> id.startsWith(prefix)
                        && (replica != 1 || !id.startsWith("devstack-" + service + "-replica"))).orElse(false))
                .flatMap(m -> m.assignment().topicPartitions().stream())
                .collect(Collectors.toSet());
    }

    private static ConsumerGroupDescription describe(String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
    }

    private static Set<TopicPartition> assignedPartitions(ConsumerGroupDescription group) {
        return group.members().stream().flatMap(m -> m.assignment().topicPartitions().stream())
                .collect(Collectors.toSet());
    }

    /** The child's current pid, as the devstack wrote it at its last (re)start. */
    private static long pid(String child) throws Exception {
        return Long.parseLong(Files.readString(stack.dataDir.resolve("pids").resolve(child + ".pid")).strip());
    }

    private static boolean ready(int managementPort) {
        try {
            HttpResponse<Void> r = GatewayClient.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                    + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    // ---- HTTP

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

    /** The body of a 200, null for a 404 (nothing there yet); anything else fails. */
    private static String get(String path) throws Exception {
        HttpResponse<String> response = kefu.call("GET", path, token, null);
        if (response.statusCode() == 404) {
            return null;
        }
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static JsonNode json(String text) {
        return text == null ? EventJson.mapper().createArrayNode() : EventJson.mapper().readTree(text);
    }
}
