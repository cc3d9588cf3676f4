package dev.kefu.platform.security;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local security mode (a shared secret, dev tokens for the asking) never listens beyond loopback. */
class LocalModeBindingTest {

    static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new LocalModeBinding().postProcessEnvironment(env, null);
        return env;
    }

    @Test
    void localModeBindsToLoopbackUnlessToldOtherwise() {
        StandardEnvironment env = environment(Map.of("kefu.security.mode", "local", "management.server.port", "9081",
                "server.port", "8081"));
        assertThat(env.getProperty("server.address")).isEqualTo("127.0.0.1");
        assertThat(env.getProperty("management.server.address")).isEqualTo("127.0.0.1");
        // management on the public port: no address of its own to set (Boot refuses one)
        assertThat(environment(Map.of("kefu.security.mode", "local")).getProperty("management.server.address")).isNull();
        assertThat(environment(Map.of("kefu.security.mode", "local", "server.address", "::1"))
                .getProperty("server.address")).isEqualTo("::1");
    }

    @Test
    void localModeOnAnyOtherAddressStopsTheProcess() {
        assertThatThrownBy(() -> environment(Map.of("kefu.security.mode", "local", "server.address", "0.0.0.0")))
                .hasMessageContaining("server.address is 0.0.0.0");
        assertThatThrownBy(() -> environment(Map.of("kefu.security.mode", "LOCAL", "management.server.port", "9081",
                "management.server.address", "10.0.0.5"))).hasMessageContaining("management.server.address is 10.0.0.5");
        assertThatThrownBy(() -> environment(Map.of("kefu.security.mode", "dev")))
                .hasMessageContaining("must be oidc or local");
    }

    @Test
    void oidcModeLeavesTheAddressesAlone() {
        assertThat(environment(Map.of("server.address", "0.0.0.0")).getProperty("server.address")).isEqualTo("0.0.0.0");
        assertThat(environment(Map.of()).getProperty("server.address")).isNull();
    }
}
