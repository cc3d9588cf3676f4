package dev.kefu.devstack;

import java.util.List;

/**
 * One Kefu service as the devstack runs it: its module (and jar) name, its base port, and for the back-end services
 * the key under which the gateway finds it ({@code kefu.services.<key>}).
 */
public record ServiceSpec(String name, int basePort, String gatewayKey) {

    public static final ServiceSpec GATEWAY = new ServiceSpec("gateway", 8080, null);

    public static final List<ServiceSpec> ALL = List.of(
            GATEWAY,
            new ServiceSpec("order-service", 8081, "order"),
            new ServiceSpec("conversation-service", 8082, "conversation"),
            new ServiceSpec("aftersales-service", 8083, "aftersales"),
            new ServiceSpec("review-service", 8084, "review"));

    public boolean isGateway() {
        return gatewayKey == null;
    }

    public static List<String> names() {
        return ALL.stream().map(ServiceSpec::name).toList();
    }

    public static ServiceSpec byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    public static List<ServiceSpec> backends() {
        return ALL.stream().filter(s -> !s.isGateway()).toList();
    }
}
