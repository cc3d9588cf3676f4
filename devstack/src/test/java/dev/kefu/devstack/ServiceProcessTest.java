package dev.kefu.devstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceProcessTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef0123";

    private final Map<String, String> shops = new LinkedHashMap<>(Map.of("shop-demo", "whsec_AAAA"));

    @Test
    void aBackendGetsItsPortKafkaMongoAndTheJwtSecret() {
        DevStackOptions o = DevStackOptions.parse(new String[] {"--port-offset=1000"}, Map.of());
        List<String> args = ServiceProcess.arguments(ServiceSpec.byName("order-service"), 1, o, SECRET, shops);
        assertThat(args).containsExactly(
                "--server.port=9081",
                "--server.address=127.0.0.1",
                "--kefu.security.mode=local",
                "--spring.kafka.bootstrap-servers=127.0.0.1:10092",
                "--spring.mongodb.uri=mongodb://127.0.0.1:28017",
                "--kefu.security.jwt-secret=" + SECRET,
                "--management.server.port=9181",
                "--management.server.address=127.0.0.1",
                "--kefu.kafka.instance-id=devstack-order-service");
    }

    @Test
    void aSecondReplicaHasItsOwnPortsNameAndGroupMembership() {
        DevStackOptions o = DevStackOptions.parse(new String[] {"--port-offset=1000", "--replicas=order-service=3"},
                Map.of());
        ServiceSpec order = ServiceSpec.byName("order-service");
        assertThat(ServiceProcess.arguments(order, 2, o, SECRET, shops)).contains(
                "--server.port=9281", "--management.server.port=9381",
                "--kefu.kafka.instance-id=devstack-order-service-replica2");
        ServiceProcess third = ServiceProcess.create(order, 3, Path.of("/src/kefu"), o, SECRET, shops,
                new JavaLauncher(Path.of("/jdk/bin/java"), "/cp"), Path.of("/data/logs"), Path.of("/data"),
                ClassDataSharing.off());
        assertThat(third.name()).isEqualTo("order-service-3");
        assertThat(third.child().name()).isEqualTo("order-service-3");
        assertThat(third.child().logFile()).isEqualTo(Path.of("/data/logs/order-service-3.log"));
        assertThat(third.url()).isEqualTo("http://127.0.0.1:9481");
        assertThat(third.managementUrl()).isEqualTo("http://127.0.0.1:9581/actuator");
        // the same jar: every replica is the same service
        assertThat(third.child().command()).contains(Path.of("/src/kefu/order-service/target/order-service.jar")
                .toString());
    }

    @Test
    void theGatewayCallsTheFirstReplica() {
        DevStackOptions o = DevStackOptions.parse(new String[] {"--replicas=order-service=2"}, Map.of());
        assertThat(ServiceProcess.arguments(ServiceSpec.GATEWAY, 1, o, SECRET, shops))
                .contains("--kefu.services.order=http://127.0.0.1:8081");
    }

    @Test
    void everyServiceGetsTheShopSettings() {
        DevStackOptions o = DevStackOptions.parse(new String[] {"--shop=shop-demo.first-response-target=PT5S"}, Map.of());
        for (ServiceSpec spec : ServiceSpec.ALL) {
            assertThat(ServiceProcess.arguments(spec, 1, o, SECRET, shops))
                    .contains("--kefu.shops.shop-demo.first-response-target=PT5S");
        }
    }

    @Test
    void theGatewayAlsoGetsTheServicesAndTheShops() {
        shops.put("shop-rival", "whsec_BBBB");
        DevStackOptions o = DevStackOptions.parse(new String[0], Map.of());
        List<String> args = ServiceProcess.arguments(ServiceSpec.GATEWAY, 1, o, SECRET, shops);
        assertThat(args).containsExactly(
                "--server.port=8080",
                "--server.address=127.0.0.1",
                "--kefu.security.mode=local",
                "--spring.kafka.bootstrap-servers=127.0.0.1:9092",
                "--spring.mongodb.uri=mongodb://127.0.0.1:27017",
                "--kefu.security.jwt-secret=" + SECRET,
                "--management.server.port=8180",
                "--management.server.address=127.0.0.1",
                "--kefu.kafka.instance-id=devstack-gateway",
                "--kefu.services.order=http://127.0.0.1:8081",
                "--kefu.services.conversation=http://127.0.0.1:8082",
                "--kefu.services.aftersales=http://127.0.0.1:8083",
                "--kefu.services.review=http://127.0.0.1:8084",
                "--kefu.shops.shop-demo.webhook-secret=whsec_AAAA",
                "--kefu.shops.shop-rival.webhook-secret=whsec_BBBB");
    }

    @Test
    void staticKafkaMembershipCanBeTurnedOffForMeasuring() {
        DevStackOptions o = DevStackOptions.parse(new String[] {"--kafka-static-membership=false"}, Map.of());
        assertThat(ServiceProcess.arguments(ServiceSpec.byName("order-service"), 1, o, SECRET, shops))
                .noneMatch(arg -> arg.startsWith("--kefu.kafka.instance-id"));
        assertThat(DevStackOptions.parse(new String[0], Map.of("KEFU_KAFKA_STATIC_MEMBERSHIP", "false"))
                .kafkaStaticMembership()).isFalse();
    }

    @Test
    void jsonLogsAreEcs() {
        DevStackOptions o = DevStackOptions.parse(new String[] {"--json-logs"}, Map.of());
        assertThat(ServiceProcess.arguments(ServiceSpec.byName("review-service"), 1, o, SECRET, shops))
                .contains("--logging.structured.format.console=ecs");
    }

    @Test
    void jarsAreNamedAfterTheirModule() {
        assertThat(ServiceProcess.jar(Path.of("/src/kefu"), ServiceSpec.GATEWAY))
                .isEqualTo(Path.of("/src/kefu/gateway/target/gateway.jar"));
        assertThat(ServiceProcess.jar(Path.of("/src/kefu"), ServiceSpec.byName("aftersales-service")))
                .isEqualTo(Path.of("/src/kefu/aftersales-service/target/aftersales-service.jar"));
    }

    @Test
    void servicesRunWithSmallHeapsFromTheirJar() {
        JavaLauncher launcher = new JavaLauncher(Path.of("/jdk/bin/java"), "/cp/classes");
        DevStackOptions o = DevStackOptions.parse(new String[0], Map.of());
        ServiceProcess s = ServiceProcess.create(ServiceSpec.byName("order-service"), 1, Path.of("/src/kefu"), o, SECRET,
                shops, launcher, Path.of("/data/logs"), Path.of("/data"), ClassDataSharing.off());
        assertThat(s.child().command()).startsWith("/jdk/bin/java", "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-XX:TrimNativeHeapInterval=10000", "-jar", Path.of("/src/kefu/order-service/target/order-service.jar").toString(),
                "--server.port=8081");
        assertThat(s.child().logFile()).isEqualTo(Path.of("/data/logs/order-service.log"));
        // the probe is on the management port; the public one has no /actuator
        assertThat(s.readinessUri()).hasToString("http://127.0.0.1:8181/actuator/health/readiness");
        assertThat(s.managementUrl()).isEqualTo("http://127.0.0.1:8181/actuator");
    }

    @Test
    void theJvmFlagsCanBeReplacedForMeasuring() {
        assertThat(ServiceProcess.jvmOptions(null)).isEqualTo(ServiceProcess.JVM_OPTIONS);
        assertThat(ServiceProcess.jvmOptions(" ")).isEqualTo(ServiceProcess.JVM_OPTIONS);
        assertThat(ServiceProcess.jvmOptions(" -Xmx512m  -XX:TieredStopAtLevel=1 "))
                .containsExactly("-Xmx512m", "-XX:TieredStopAtLevel=1");
    }
}
