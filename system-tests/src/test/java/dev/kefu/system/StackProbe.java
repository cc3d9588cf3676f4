package dev.kefu.system;

import dev.kefu.events.kafka.EventJson;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the fault tests read from a running local stack from outside: its consumer groups and their lag (the broker's
 * admin API), its children's pids (the devstack's pid files), an instance's readiness (its management port) and the
 * gateway's API as one shop's agent.
 */
final class StackProbe implements AutoCloseable {

    /** The devstack's services in port order: gateway 8080, order-service 8081... (DESIGN.md). */
    private static final List<String> SERVICES = List.of("gateway", "order-service", "conversation-service",
            "aftersales-service", "review-service");

    private final LocalStack stack;
    private final Admin admin;
    private final GatewayClient kefu;
    private final String token;

    StackProbe(LocalStack stack, String shop) throws Exception {
        this.stack = stack;
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        this.admin = Admin.create(config);
        this.kefu = new GatewayClient(stack.gateway());
        this.token = kefu.devToken(shop);
    }

    ConsumerGroupDescription describe(String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
    }

    static Set<TopicPartition> assignedPartitions(ConsumerGroupDescription group) {
        return group.members().stream().flatMap(m -> m.assignment().topicPartitions().stream())
                .collect(Collectors.toSet());
    }

    /** Waits until every group has committed up to the end of every partition it held; returns how long that took. */
    Duration awaitNoLag(Map<String, Set<TopicPartition>> partitions, Duration within) {
        long start = System.nanoTime();
        await().atMost(within).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (var group : partitions.entrySet()) {
                assertThat(lag(group.getKey(), group.getValue())).as("lag of " + group.getKey()).isZero();
            }
        });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private long lag(String group, Set<TopicPartition> partitions) throws Exception {
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

    /** The child's current pid ({@code kafka}, {@code order-service-2}), as the devstack wrote it at its last (re)start. */
    long pid(String child) throws Exception {
        return Long.parseLong(Files.readString(stack.dataDir.resolve("pids").resolve(child + ".pid")).strip());
    }

    /** The actuator port the devstack gives an instance: 8180 + the service's place, + 200 per replica after the first. */
    int managementPort(String instance) {
        int replica = instance.matches(".*-\\d") ? instance.charAt(instance.length() - 1) - '0' : 1;
        String service = replica == 1 ? instance : instance.substring(0, instance.length() - 2);
        int place = SERVICES.indexOf(service);
        assertThat(place).as(instance).isNotNegative();
        return 8180 + stack.portOffset + place + (replica - 1) * 200;
    }

    boolean ready(String instance) {
        try {
            HttpResponse<Void> r = GatewayClient.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + managementPort(instance) + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** The body of a 200 from the gateway's API, null for a 404 (nothing there yet); anything else fails. */
    String get(String path) throws Exception {
        HttpResponse<String> response = kefu.call("GET", path, token, null);
        if (response.statusCode() == 404) {
            return null;
        }
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** {@link #get}'s body as JSON; an absent one as an empty array. */
    static JsonNode json(String text) {
        return text == null ? EventJson.mapper().createArrayNode() : EventJson.mapper().readTree(text);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
