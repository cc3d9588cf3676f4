package dev.kefu.devstack;

import dev.kefu.events.Topics;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The deployment manifests cannot rot apart from the code: the Strimzi topics are exactly the contract's topics, their
 * dead letters and the gateway's delivery retry topics, with the configured partitions; each consumer service's KEDA
 * triggers name every consumer group its code listens with, never scale past the partitions and read the broker the
 * services use, with their credentials; the operator's rules and dashboard are compose's; every overlay renders (when kubectl is installed).
 */
class DeployManifestsTest {

    private static final Path REPO = repo();
    private static final Path K8S = REPO.resolve("deploy/k8s");
    private static final Pattern GROUP = Pattern.compile("static final String \\w*GROUP\\w* = \"([^\"]+)\"");

    @Test
    void theStrimziTopicsAreTheContractsTopicsTheirDeadLettersAndTheDeliveryRetries() throws IOException {
        List<Map<String, Object>> topics = documents(K8S.resolve("components/strimzi-topics/topics.yaml"));
        Set<String> expected = new TreeSet<>();
        for (String topic : Topics.all()) {
            expected.add(topic);
            expected.add(Topics.deadLetter(topic));
        }
        deliveryBackoff().forEach(delay -> expected.add(Topics.deliveryRetry(delay)));

        assertThat(topics).allSatisfy(t -> assertThat(t.get("kind")).isEqualTo("KafkaTopic"));
        assertThat(topics.stream().map(t -> (String) spec(t).get("topicName")).collect(Collectors.toList()))
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        // what a rebuild reads must outlive the data it rebuilds (docs/operations.md, "Rebuild a service from Kafka")
        assertThat(topics.stream().filter(t -> "-1".equals(map(spec(t).get("config")).get("retention.ms")))
                .map(t -> (String) spec(t).get("topicName")).collect(Collectors.toList()))
                .containsExactlyInAnyOrderElementsOf(Topics.kept());
        int partitions = Integer.parseInt(config().get("KEFU_KAFKA_PARTITIONS"));
        assertThat(topics).allSatisfy(t -> assertThat(spec(t).get("partitions")).isEqualTo(partitions));
    }

    @Test
    void eachConsumerServiceScalesOnTheLagOfEveryGroupItListensWithAndNeverPastThePartitions() throws IOException {
        Map<String, Map<String, Object>> scaled = documents(K8S.resolve("components/keda/scaledobjects.yaml")).stream()
                .collect(Collectors.toMap(d -> (String) metadata(d).get("name"), d -> d));
        int partitions = Integer.parseInt(config().get("KEFU_KAFKA_PARTITIONS"));

        assertThat(scaled.keySet()).containsExactlyInAnyOrderElementsOf(
                ServiceSpec.backends().stream().map(ServiceSpec::name).toList());
        for (ServiceSpec service : ServiceSpec.backends()) {
            Map<String, Object> spec = spec(scaled.get(service.name()));
            assertThat(spec.get("maxReplicaCount")).as(service.name()).isEqualTo(partitions);
            List<Map<String, Object>> kafka = triggers(spec).stream().filter(t -> "kafka".equals(t.get("type")))
                    .toList();
            // the broker and credentials the service itself uses
            assertThat(kafka).extracting(t -> meta(t).get("bootstrapServersFromEnv"))
                    .containsOnly("SPRING_KAFKA_BOOTSTRAP_SERVERS");
            assertThat(kafka).extracting(t -> map(t.get("authenticationRef")).get("name")).containsOnly("kefu-kafka");
            assertThat(kafka).extracting(t -> (String) meta(t).get("consumerGroup")).as(service.name())
                    .containsExactlyInAnyOrderElementsOf(groupsOf(service));
        }
    }

    @Test
    void theOperatorsRulesAndDashboardAreComposes() throws IOException {
        Map<String, Object> rules = documents(K8S.resolve("components/monitoring/prometheusrule.yaml")).get(0);
        Map<String, Object> alerts = documents(REPO.resolve("deploy/prometheus/alerts.yml")).get(0);
        assertThat(spec(rules).get("groups")).isEqualTo(alerts.get("groups"));
        assertThat(Files.readString(K8S.resolve("components/monitoring/kefu.json")))
                .isEqualTo(Files.readString(REPO.resolve("deploy/grafana/dashboards/kefu.json")));
    }

    @Test
    void composeRunsMongoAsAReplicaSetEnablesNothingDevOnlyAndPinsEveryImage() throws IOException {
        String text = Files.readString(REPO.resolve("docker-compose.yml"));
        Map<String, Object> compose = documents(REPO.resolve("docker-compose.yml")).get(0);
        Map<String, Object> services = map(compose.get("services"));

        for (Map.Entry<String, Object> service : services.entrySet()) {
            Map<String, Object> spec = map(service.getValue());
            String image = String.valueOf(spec.get("image"));
            assertThat(image).as(service.getKey() + "'s image").contains(":").doesNotEndWith(":latest");
            Object dependsOn = spec.get("depends_on");
            Set<String> needed = dependsOn instanceof Map<?, ?> m ? m.keySet().stream().map(String::valueOf)
                    .collect(Collectors.toSet()) : dependsOn instanceof List<?> l ? l.stream().map(String::valueOf)
                    .collect(Collectors.toSet()) : Set.of();
            assertThat(services.keySet()).as(service.getKey() + " depends on").containsAll(needed);
            for (Object port : spec.get("ports") instanceof List<?> l ? l : List.of()) {
                if (!"gateway".equals(service.getKey())) {
                    assertThat(String.valueOf(port)).as(service.getKey() + " publishes only on loopback")
                            .startsWith("127.0.0.1:");
                }
            }
        }
        List<String> mongod = ((List<?>) map(services.get("mongo")).get("command")).stream().map(String::valueOf).toList();
        assertThat(mongod).containsSequence("--replSet", "rs0");
        assertThat(text).contains("SPRING_MONGODB_URI: mongodb://mongo:27017/?replicaSet=rs0");
        // no secret or password with a default: each comes from the shell, or compose refuses to start
        assertThat(text).doesNotContainPattern("(SECRET|PASSWORD)\\w*\\}?: \\$\\{\\w+:-")
                .doesNotContain("GF_AUTH_ANONYMOUS_ENABLED: \"true\"");
    }

    @Test
    void theImageIsLayeredOnAPinnedBaseAndStartsFromItsClassDataArchive() throws IOException {
        String dockerfile = Files.readString(REPO.resolve("Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^ARG BASE=eclipse-temurin:\\d+\\.\\d+\\.\\d+_\\d+-jre")
                .contains("extract --layers").contains("-XX:ArchiveClassesAtExit=app.jsa")
                .contains("\"-XX:SharedArchiveFile=app.jsa\"");
        assertThat(dockerfile.lines().filter(l -> l.startsWith("FROM ")))
                .allSatisfy(from -> assertThat(from).startsWith("FROM ${BASE}"));
    }

    @Test
    void theDashboardsReadTheProvisionedPrometheus() throws IOException {
        Map<String, Object> provisioned = documents(REPO.resolve("deploy/grafana/provisioning/datasources/prometheus.yml"))
                .get(0);
        Object uid = map(((List<?>) provisioned.get("datasources")).get(0)).get("uid");
        try (Stream<Path> files = Files.list(REPO.resolve("deploy/grafana/dashboards"))) {
            for (Path dashboard : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                // a YAML parser reads JSON: every panel and query names the provisioned data source
                Map<String, Object> board = documents(dashboard).get(0);
                List<?> panels = (List<?>) board.get("panels");
                assertThat(panels).as(dashboard.toString()).isNotEmpty();
                for (Object panel : panels) {
                    assertThat(map(map(panel).get("datasource")).get("uid")).as(dashboard + " panel").isEqualTo(uid);
                    for (Object target : (List<?>) map(panel).getOrDefault("targets", List.of())) {
                        assertThat(map(map(target).get("datasource")).get("uid")).isEqualTo(uid);
                        assertThat(String.valueOf(map(target).get("expr"))).isNotBlank();
                    }
                }
            }
        }
    }

    @Test
    void everyOverlayRenders() throws Exception {
        assumeThat(onPath("kubectl")).as("kubectl is not installed: the overlays are not rendered here").isTrue();
        try (Stream<Path> overlays = Files.list(K8S.resolve("overlays"))) {
            for (Path overlay : overlays.sorted().toList()) {
                Process render = new ProcessBuilder("kubectl", "kustomize", overlay.toString())
                        .redirectErrorStream(true).start();
                String output = new String(render.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(render.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(render.exitValue()).as(overlay + ":\n" + output).isZero();
                assertThat(output).contains("kind: Deployment");
            }
        }
    }

    /** The consumer groups a service's listeners use: its own (the application name) and each GROUP constant. */
    private static Set<String> groupsOf(ServiceSpec service) throws IOException {
        Set<String> groups = new TreeSet<>(Set.of(service.name()));
        try (Stream<Path> sources = Files.walk(REPO.resolve(service.name()).resolve("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith("Listener.java")).toList()) {
                Matcher m = GROUP.matcher(Files.readString(source));
                while (m.find()) {
                    groups.add(m.group(1));
                }
            }
        }
        return groups;
    }

    private static List<Duration> deliveryBackoff() throws IOException {
        Map<String, Object> gateway = documents(REPO.resolve("gateway/src/main/resources/application.yml")).get(0);
        Map<String, Object> delivery = map(map(map(gateway.get("kefu")).get("gateway")).get("delivery"));
        List<Duration> backoff = new ArrayList<>();
        for (Object delay : (List<?>) delivery.get("backoff")) {
            backoff.add(Duration.parse(delay.toString()));
        }
        return backoff;
    }

    private static Map<String, String> config() throws IOException {
        return Files.readAllLines(K8S.resolve("base/kefu-config.env")).stream()
                .filter(line -> line.contains("=") && !line.startsWith("#"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
    }

    private static List<Map<String, Object>> documents(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new LoaderOptions()).loadAll(Files.readString(file))) {
            if (document != null) {
                documents.add(map(document));
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> spec(Map<String, Object> document) {
        return map(document.get("spec"));
    }

    private static Map<String, Object> metadata(Map<String, Object> document) {
        return map(document.get("metadata"));
    }

    private static Map<String, Object> meta(Map<String, Object> trigger) {
        return map(trigger.get("metadata"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> triggers(Map<String, Object> spec) {
        return (List<Map<String, Object>>) spec.get("triggers");
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    /** The checkout, found the way the devstack finds it. */
    private static Path repo() {
        Path repo = DevStackOptions.resolveRepo(null, Path.of(""), null);
        if (repo == null) {
            throw new IllegalStateException("not inside the Kefu checkout");
        }
        return repo;
    }
}
