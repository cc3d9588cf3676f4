package dev.kefu.platform.security;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * In the local security mode a shared secret signs tokens and the gateway hands them out to whoever asks, so nothing
 * may listen beyond this machine: the public address (and the management one, on a port of its own) default to
 * 127.0.0.1, and any other address stops the process at start.
 */
public class LocalModeBinding implements EnvironmentPostProcessor {

    static final String LOOPBACK = "127.0.0.1";
    static final List<String> ADDRESSES = List.of("server.address", "management.server.address");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (SecurityMode.of(environment.getProperty(SecurityMode.PROPERTY)) != SecurityMode.LOCAL) {
            return;
        }
        Map<String, Object> defaults = new HashMap<>();
        String managementPort = environment.getProperty("management.server.port");
        boolean separateManagementPort = managementPort != null && !managementPort.isBlank()
                && !managementPort.equals(environment.getProperty("server.port")) && !managementPort.equals("-1");
        for (String property : separateManagementPort ? ADDRESSES : ADDRESSES.subList(0, 1)) {
            String address = environment.getProperty(property);
            if (address == null || address.isBlank()) {
                defaults.put(property, LOOPBACK);
            } else if (!isLoopback(address)) {
                throw new IllegalStateException(SecurityMode.PROPERTY + "=local (a shared token secret, dev tokens for "
                        + "anyone who asks) listens on loopback only, but " + property + " is " + address
                        + "; use kefu.security.mode=oidc with an identity provider anywhere else");
            }
        }
        if (!defaults.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource("kefuLocalModeBinding", defaults));
        }
    }

    static boolean isLoopback(String address) {
        try {
            for (InetAddress resolved : InetAddress.getAllByName(address.trim())) {
                if (!resolved.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
