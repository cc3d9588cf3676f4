package dev.kefu.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevStackOptionsTest {

    private static DevStackOptions parse(String... args) {
        return DevStackOptions.parse(args, Map.of());
    }

    @Test
    void defaultsAreTheContractPorts() {
        DevStackOptions o = parse();
        assertThat(o.portOffset()).isZero();
        assertThat(o.servicePort(ServiceSpec.GATEWAY)).isEqualTo(8080);
        assertThat(ServiceSpec.ALL).extracting(o::servicePort).containsExactly(8080, 8081, 8082, 8083, 8084);
        assertThat(ServiceSpec.ALL).extracting(o::managementPort).containsExactly(8180, 8181, 8182, 8183, 8184);
        assertThat(o.kafkaPort()).isEqualTo(9092);
        assertThat(o.controllerPort()).isEqualTo(9093);
        assertThat(o.mongoPort()).isEqualTo(27017);
        assertThat(o.reset()).isFalse();
        assertThat(o.jsonLogs()).isFalse();
        assertThat(o.mongoOplog()).isFalse();
        assertThat(o.services()).isEqualTo(ServiceSpec.ALL);
        assertThat(o.addShops()).isEmpty();
        assertThat(o.startupTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(o.explicitDataDir()).isNull();
        assertThat(o.explicitRepo()).isNull();
        assertThat(o.cds()).isTrue();
    }

    @Test
    void classDataSharingCanBeTurnedOff() {
        assertThat(parse("--cds=false").cds()).isFalse();
        assertThat(DevStackOptions.parse(new String[0], Map.of("KEFU_CDS", "false")).cds()).isFalse();
        assertThat(DevStackOptions.parse(new String[] {"--cds"}, Map.of("KEFU_CDS", "false")).cds()).isTrue();
    }

    @Test
    void shopSettingsBecomeKefuShopsPropertiesAndTyposAreRefused() {
        DevStackOptions o = parse("--shop=shop-demo.delivery-url=http://127.0.0.1:9999/kefu?x=1",
                "--shop=shop-demo.first-response-target=PT5S,shop-b.fees.agent-max-discount=10");
        assertThat(o.shopSettings()).containsExactly(
                Map.entry("kefu.shops.shop-demo.delivery-url", "http://127.0.0.1:9999/kefu?x=1"),
                Map.entry("kefu.shops.shop-demo.first-response-target", "PT5S"),
                Map.entry("kefu.shops.shop-b.fees.agent-max-discount", "10"));
        assertThatThrownBy(() -> parse("--shop=shop-demo.delivery-uri=http://x")).hasMessageContaining("unknown shop setting 'delivery-uri'");
        assertThatThrownBy(() -> parse("--shop=Shop Demo.name=x")).hasMessageContaining("not a valid shop id");
        assertThatThrownBy(() -> parse("--shop=shop-demo")).hasMessageContaining("ID.SETTING=VALUE");
    }

    @Test
    void portOffsetMovesEveryPort() {
        DevStackOptions o = parse("--port-offset=1000");
        assertThat(ServiceSpec.ALL).extracting(o::servicePort).containsExactly(9080, 9081, 9082, 9083, 9084);
        // a second stack at +1000 (devstack/README.md) meets none of the first's ports, management ones included
        assertThat(ServiceSpec.ALL).extracting(o::managementPort).containsExactly(9180, 9181, 9182, 9183, 9184);
        assertThat(o.kafkaPort()).isEqualTo(10092);
        assertThat(o.controllerPort()).isEqualTo(10093);
        assertThat(o.mongoPort()).isEqualTo(28017);
    }

    @Test
    void portOffsetMustKeepPortsInRange() {
        assertThatThrownBy(() -> parse("--port-offset=40000")).hasMessageContaining("outside 1024-65535");
        assertThatThrownBy(() -> parse("--port-offset=-7100")).hasMessageContaining("outside 1024-65535");
        assertThat(parse("--port-offset=-100").servicePort(ServiceSpec.GATEWAY)).isEqualTo(7980);
    }

    @Test
    void readsEveryOption() {
        DevStackOptions o = parse("--data-dir=/tmp/kefu-x", "--reset", "--json-logs", "--repo=/src/kefu",
                "--services=gateway,order-service", "--add-shop=shop-a", "--add-shop=shop-b,shop-a",
                "--startup-timeout=30", "--mongo-oplog");
        assertThat(o.explicitDataDir()).isEqualTo(Path.of("/tmp/kefu-x"));
        assertThat(o.dataDir(Path.of("/elsewhere"))).isEqualTo(Path.of("/tmp/kefu-x"));
        assertThat(o.reset()).isTrue();
        assertThat(o.jsonLogs()).isTrue();
        assertThat(o.explicitRepo()).isEqualTo(Path.of("/src/kefu"));
        assertThat(o.services()).extracting(ServiceSpec::name).containsExactly("gateway", "order-service");
        assertThat(o.addShops()).containsExactly("shop-a", "shop-b");
        assertThat(o.startupTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.mongoOplog()).isTrue();
    }

    @Test
    void servicesKeepTheirCanonicalOrderAndAcceptAllOrNone() {
        assertThat(parse("--services=review-service,gateway").services()).extracting(ServiceSpec::name)
                .containsExactly("gateway", "review-service");
        assertThat(parse("--services=none").services()).isEmpty();
        assertThat(parse("--services=all").services()).isEqualTo(ServiceSpec.ALL);
        assertThatThrownBy(() -> parse("--services=billing")).hasMessageContaining("unknown service 'billing'");
    }

    @Test
    void environmentIsReadAndTheCommandLineWins() {
        Map<String, String> env = Map.of("KEFU_DATA_DIR", "/env/data", "KEFU_PORT_OFFSET", "200",
                "KEFU_RESET", "true", "KEFU_JSON_LOGS", "1", "KEFU_SERVICES", "none", "KEFU_ADD_SHOP", "shop-env");
        DevStackOptions fromEnv = DevStackOptions.parse(new String[0], env);
        assertThat(fromEnv.explicitDataDir()).isEqualTo(Path.of("/env/data"));
        assertThat(fromEnv.portOffset()).isEqualTo(200);
        assertThat(fromEnv.reset()).isTrue();
        assertThat(fromEnv.jsonLogs()).isTrue();
        assertThat(fromEnv.services()).isEmpty();
        assertThat(fromEnv.addShops()).containsExactly("shop-env");

        DevStackOptions overridden = DevStackOptions.parse(
                new String[] {"--port-offset=1000", "--reset=false", "--data-dir=/cli/data"}, env);
        assertThat(overridden.portOffset()).isEqualTo(1000);
        assertThat(overridden.reset()).isFalse();
        assertThat(overridden.explicitDataDir()).isEqualTo(Path.of("/cli/data"));
    }

    @Test
    void rejectsWhatItDoesNotUnderstand() {
        assertThatThrownBy(() -> parse("--bogus")).hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> parse("--bogus=1")).hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> parse("reset")).hasMessageContaining("unexpected argument 'reset'");
        assertThatThrownBy(() -> parse("--port-offset")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse("--port-offset=ten")).hasMessageContaining("expected a whole number");
        assertThatThrownBy(() -> parse("--reset=maybe")).hasMessageContaining("expected true or false");
        assertThatThrownBy(() -> parse("--add-shop=Shop_Upper")).hasMessageContaining("not a valid shop id");
        assertThatThrownBy(() -> parse("--startup-timeout=0")).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> DevStackOptions.parse(new String[0], Map.of("KEFU_PORT_OFFSET", "x")))
                .hasMessageContaining("KEFU_PORT_OFFSET");
        assertThat(parse("--help").help()).isTrue();
        assertThat(parse("-h").help()).isTrue();
    }

    @Test
    void replicasAreCountedPerBackendAndBoundedByThePartitions() {
        DevStackOptions o = parse("--replicas=order-service=2, conversation-service=3");
        assertThat(o.replicas(ServiceSpec.byName("order-service"))).isEqualTo(2);
        assertThat(o.replicas(ServiceSpec.byName("conversation-service"))).isEqualTo(3);
        assertThat(o.replicas(ServiceSpec.byName("review-service"))).isEqualTo(1);
        assertThat(o.replicas(ServiceSpec.GATEWAY)).isEqualTo(1);
        assertThat(DevStackOptions.parse(new String[0], Map.of("KEFU_REPLICAS", "aftersales-service=2"))
                .replicas(ServiceSpec.byName("aftersales-service"))).isEqualTo(2);
        assertThat(o.servicePort(ServiceSpec.byName("order-service"), 2)).isEqualTo(8281);
        assertThat(o.managementPort(ServiceSpec.byName("order-service"), 3)).isEqualTo(8581);

        assertThatThrownBy(() -> parse("--replicas=order-service=4")).hasMessageContaining("outside 1-3");
        assertThatThrownBy(() -> parse("--replicas=order-service=0")).hasMessageContaining("outside 1-3");
        assertThatThrownBy(() -> parse("--replicas=order-service")).hasMessageContaining("expected NAME=N");
        assertThatThrownBy(() -> parse("--replicas=billing=2")).hasMessageContaining("unknown service 'billing'");
        assertThatThrownBy(() -> parse("--replicas=gateway=2")).hasMessageContaining("runs once");
        assertThatThrownBy(() -> parse("--replicas=order-service=two")).hasMessageContaining("expected a whole number");
        assertThatThrownBy(() -> parse("--services=gateway", "--replicas=order-service=2"))
                .hasMessageContaining("which --services does not start");
    }

    @Test
    void replicaPortsStayClearOfEveryOtherPort() {
        DevStackOptions o = parse();
        java.util.Set<Integer> ports = new java.util.HashSet<>(List.of(o.kafkaPort(), o.controllerPort(), o.mongoPort()));
        for (ServiceSpec s : ServiceSpec.ALL) {
            for (int r = 1; r <= DevStackOptions.MAX_REPLICAS; r++) {
                assertThat(ports.add(o.servicePort(s, r))).as(s.name() + " " + r).isTrue();
                assertThat(ports.add(o.managementPort(s, r))).as(s.name() + " management " + r).isTrue();
            }
        }
    }

    @Test
    void defaultDataDirIsInTheRepo() {
        assertThat(parse().dataDir(Path.of("/src/kefu"))).isEqualTo(Path.of("/src/kefu/.kefu-data"));
    }

    @Test
    void findsTheRepoUpwardsFromTheWorkingDirectory(@TempDir Path tmp) throws IOException {
        Path repo = tmp.resolve("kefu");
        Files.createDirectories(repo.resolve("order-service/src/main"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        assertThat(DevStackOptions.resolveRepo(null, repo.resolve("order-service/src/main"), null)).isEqualTo(repo);
        assertThat(DevStackOptions.resolveRepo(null, repo, null)).isEqualTo(repo);
        assertThat(DevStackOptions.resolveRepo(Path.of("/explicit"), repo, null)).isEqualTo(Path.of("/explicit"));
    }

    @Test
    void fallsBackToTheCheckoutTheJarWasBuiltIn(@TempDir Path tmp) throws IOException {
        Path repo = tmp.resolve("kefu");
        Files.createDirectories(repo.resolve("devstack/target"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path jar = repo.resolve("devstack/target/kefu-devstack.jar");
        assertThat(DevStackOptions.resolveRepo(null, elsewhere, jar)).isEqualTo(repo);
        assertThat(DevStackOptions.resolveRepo(null, elsewhere, null)).isNull();
    }
}
