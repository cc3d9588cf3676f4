package dev.kefu.system;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static dev.kefu.system.StackProbe.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replicas without double effects, end to end: the local stack with two instances of each consumer service
 * ({@code devstack/run --replicas}), sharing consumer groups (partitions spread over the instances by
 * {@code InstanceSpreadAssignor}), due work and database. While paid, unpaid, delayed and badly reviewed orders flow as
 * signed webhooks, the second instance of each is killed with SIGKILL (by the pid the devstack writes to
 * {@code <data-dir>/pids/}) and restarted by the devstack. What must hold: every webhook accepted (202), and every
 * effect (a thank-you, a 催付 reminder, a delay apology, a bad-review follow-up, an after-sales case) exactly once,
 * none lost, whichever instance held the work when its twin died; the groups catch up (lag 0); a restarted instance
 * gets its partitions back within seconds.
 *
 * <p>Membership: {@code -Dkefu.faults.membership=static} (default: the devstack's static membership),
 * {@code dynamic} (no instance ids, kefu-defaults' 10 s session timeout) or {@code dynamic-45s} (the Kafka client's
 * default session timeout): only {@code static} bounds the rejoin, the others measure it.
 */
class ReplicasIT {

    // Below the ephemeral range, apart from WalkingSkeletonIT's (+3000), FaultsIT's (+4000) and bench's (+5000..7000)
    // ports; replica 2 adds 200 to a service's ports.
    private static final int PORT_OFFSET = 2000;
    private static final String SHOP = "shop-demo";
    private static final String MEMBERSHIP = System.getProperty("kefu.faults.membership", "static");
    /**
     * A restarted instance, once ready, has all its partitions back within this (static membership). Measured on 2
     * cores while the orders flow: order, aftersales and review 0.3 s; conversation-service (18 members: three
     * listeners x 3 threads x 2 instances) 13.4 s.
     */
    private static final Duration REJOIN_BOUND = Duration.ofSeconds(30);
    /** Each runs twice in this stack; the test kills the second of each. */
    private static final List<String> CONSUMER_SERVICES = List.of("order-service", "conversation-service",
            "aftersales-service", "review-service");
    /** The consumer group of each service whose members show an instance at work on the test's input. */
    private static final Map<String, String> WORK_GROUP = Map.of("order-service", "order-service",
            "conversation-service", "conversation-service", "aftersales-service", "aftersales-case-causes",
            "review-service", "review-service");
    /**
     * The shop's 催付 delay: an order left unpaid is reminded this long after it was created. Shorter than a killed
     * instance's partitions can stall (session timeout, rebalance, the backlog after it): a reminder waits until the
     * marketplace's input from before its due time is applied (InputProgress), so a payment queued behind the dead
     * instance holds it instead of being missed (before that guard, reminders at 15 s and at 60 s each chased a buyer
     * who had paid, on a machine at load 40-60).
     */
    private static final Duration REMINDER_AFTER = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;

    static LocalStack stack;
    static StackProbe probe;

    @BeforeAll
    static void startTheStackWithTwoOfEach() throws Exception {
        List<String> options = new ArrayList<>(List.of(
                "--replicas=" + CONSUMER_SERVICES.stream().map(s -> s + "=2").collect(Collectors.joining(",")),
                "--shop=" + SHOP + ".payment-reminder-after=PT" + REMINDER_AFTER.toSeconds() + "S"));
        options.addAll(LocalStack.shopHoursAroundNow(SHOP));
        Map<String, String> env = new HashMap<>(Map.of(
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
        System.out.println("devstack ready in " + stack.startedIn().toSeconds() + " s (membership " + MEMBERSHIP
                + ", two of each consumer service)");
        probe = new StackProbe(stack, SHOP);
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
    void withTwoOfEachConsumerServiceOneKilledMidStreamEveryEffectHappensOnceAndNoneIsLost() throws Exception {
        String tag = "r" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        List<Unit> units = units(tag, 40, 8); // 320 orders: 800 webhooks
        Map<String, Set<TopicPartition>> partitions = new LinkedHashMap<>();
        for (String service : CONSUMER_SERVICES) {
            String group = WORK_GROUP.get(service);
            // both instances at work before the stream: the one to be killed owns partitions of its group
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                ConsumerGroupDescription d = probe.describe(group);
                assertThat(d.groupState()).as(group).isEqualTo(GroupState.STABLE);
                assertThat(StackProbe.assignedPartitions(d)).as(group).isNotEmpty();
                if (MEMBERSHIP.equals("static")) {
                    assertThat(owned(d, service, 2)).as("partitions of " + group + " owned by " + service + "-2")
                            .isNotEmpty();
                    assertThat(owned(d, service, 1)).as("partitions of " + group + " owned by " + service)
                            .isNotEmpty();
                }
            });
            partitions.put(group, StackProbe.assignedPartitions(probe.describe(group)));
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
                System.out.println("REPLICAS " + MEMBERSHIP + " " + r.get(4, TimeUnit.MINUTES));
            }

            assertThat(webhooks.answers).allMatch(a -> a.status() == 202, "every webhook accepted at once");
            Map<String, Instant> acceptedAt = new HashMap<>();
            webhooks.answers.stream().filter(a -> a.status() == 202).forEach(a -> acceptedAt.putIfAbsent(a.id(), a.at()));
            Set<String> paidLate = paidAfterReminderDue(units, acceptedAt);
            Duration slowestPayment = units.stream().filter(u -> u.kind() != Kind.UNPAID)
                    .map(u -> Duration.between(u.started().get(), acceptedAt.get(Webhooks.Order.paidIdOf(u.orderId()))))
                    .max(Duration::compareTo).orElse(Duration.ZERO);
            System.out.printf(Locale.ROOT, "REPLICAS: slowest flow start → order.paid accepted %.1f s; %d paid orders"
                            + " paid only after their reminder was due (a reminder may stand for them): %s%n",
                    slowestPayment.toMillis() / 1000.0, paidLate.size(), paidLate);
            Duration applied = awaitEveryEffectOnce(units, paidLate, Duration.ofMinutes(3));
            Duration caughtUp = probe.awaitNoLag(partitions, Duration.ofMinutes(1));
            System.out.printf(Locale.ROOT, "REPLICAS: %d webhooks of %d orders in %.1f s, every effect once"
                            + " %.1f s after the last was accepted, lag 0 %.1f s later%n", webhooks.answers.size(),
                    units.size(), sendSeconds, applied.toMillis() / 1000.0, caughtUp.toMillis() / 1000.0);
            if (MEMBERSHIP.equals("static")) {
                for (CompletableFuture<Rejoin> r : rejoins) {
                    assertThat(r.get().readyToAssigned()).as(r.get().instance()).isLessThan(REJOIN_BOUND);
                }
            }
            // and it stays once: a late duplicate (a lease run out, a redelivery) would show now
            Thread.sleep(20_000);
            awaitEveryEffectOnce(units, paidLate, Duration.ofSeconds(30));
        }
    }

    /** What one order of the replica test is, which webhooks make it, and the effects it must have once. */
    enum Kind { PAID, UNPAID, DELAYED, BAD_REVIEW }

    /**
     * {@code webhooks} makes the order's webhooks when its flow starts, so their times are the times they are sent;
     * {@code started} is that moment (the order's {@code createdAt} is a little later).
     */
    record Unit(Kind kind, String orderId, String buyerId, String reviewId, Supplier<List<Webhooks.Signed>> webhooks,
                AtomicReference<Instant> started) {

        static Unit of(Kind kind, String orderId, String buyerId, String reviewId) {
            AtomicReference<Instant> started = new AtomicReference<>();
            return new Unit(kind, orderId, buyerId, reviewId, () -> {
                started.set(Instant.now());
                return ReplicasIT.webhooks(kind, orderId, buyerId, reviewId);
            }, started);
        }

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
                units.add(Unit.of(kind, orderId, buyer, reviewId));
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
     * The orders whose {@code order.paid} was accepted only after their 催付 reminder was due. On a loaded machine a
     * flow can take that long (the gateway slow to ack while four instances restart); the payment's record then came
     * after the due time, so by the marketplace's own clock the buyer had not paid when the reminder was owed, and
     * order-service may rightly send it. For every other paid order a reminder is a fault: its payment's record was
     * written before the reminder's due time ({@code createdAt} + the delay, and {@code createdAt} is after the flow
     * started), so InputProgress must have held the reminder until the payment was applied.
     */
    private static Set<String> paidAfterReminderDue(List<Unit> units, Map<String, Instant> acceptedAt) {
        return units.stream().filter(u -> u.kind() != Kind.UNPAID)
                .filter(u -> !acceptedAt.get(Webhooks.Order.paidIdOf(u.orderId()))
                        .isBefore(u.started().get().plus(REMINDER_AFTER)))
                .map(Unit::orderId).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * Waits until every order has its status, each proactive message it causes (thank-you, 催付 reminder, delay
     * apology, bad-review follow-up) is in its buyer's conversation once, and each case it opens is there once; fails
     * at once on a second one (a duplicate never goes away). A paid order in {@code paidLate} may also have had its
     * reminder, once. Returns how long that took.
     */
    private static Duration awaitEveryEffectOnce(List<Unit> units, Set<String> paidLate, Duration within) {
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
                String conversation = probe.get("/api/conversations/" + buyer.getKey() + "?limit=500");
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
                json(probe.get("/api/cases?limit=200&buyerId=" + buyer.getKey())).path("items")
                        .forEach(c -> cases.merge(c.get("caseId").asString(), 1, Integer::sum));
                assertThat(cases).as("cases of " + buyer.getKey()).allSatisfy((id, times) ->
                        assertThat(times).as(id).isEqualTo(1));
                Map<String, String> status = new HashMap<>();
                json(probe.get("/api/orders?limit=200&buyerId=" + buyer.getKey()))
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
                Set<String> messages = new HashSet<>(sent.keySet());
                paidLate.forEach(orderId -> messages.remove("payment-reminder " + orderId));
                assertThat(messages).as("proactive messages of " + buyer.getKey())
                        .containsExactlyInAnyOrderElementsOf(expectedMessages);
                assertThat(cases.keySet()).as("cases of " + buyer.getKey())
                        .containsExactlyInAnyOrderElementsOf(expectedCases);
                done.add(buyer.getKey());
            }
        });
        return Duration.ofNanos(System.nanoTime() - start);
    }

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
            ConsumerGroupDescription old = probe.describe(group);
            Set<String> before = old.members().stream().map(MemberDescription::consumerId).collect(Collectors.toSet());
            long pid = probe.pid(instance);
            long kill = System.nanoTime();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> probe.pid(instance) != pid);
            long restarted = System.nanoTime();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> probe.ready(instance));
            long ready = System.nanoTime();
            List<String> instanceIds = new ArrayList<>();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
                ConsumerGroupDescription now = probe.describe(group);
                boolean rejoined = now.members().size() == before.size()
                        && now.members().stream().anyMatch(m -> !before.contains(m.consumerId()));
                if (now.groupState() == GroupState.STABLE && rejoined
                        && StackProbe.assignedPartitions(now).containsAll(partitions)) {
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

    /** The partitions of {@code group} held by the consumers of one instance (static membership: by instance id). */
    private static Set<TopicPartition> owned(ConsumerGroupDescription group, String service, int replica) {
        String prefix = "devstack-" + service + (replica == 1 ? "" : "-replica" + replica) + "-";
        return group.members().stream()
                .filter(m -> m.groupInstanceId().map(id -> id.startsWith(prefix)
                        && (replica != 1 || !id.startsWith("devstack-" + service + "-replica"))).orElse(false))
                .flatMap(m -> m.assignment().topicPartitions().stream())
                .collect(Collectors.toSet());
    }

}
