package dev.kefu.platform.testing;

import dev.kefu.platform.security.JwtTokens;

import java.time.Duration;
import java.util.List;

/** Agent tokens for tests, signed with the secret {@link KefuServiceIT} configures. */
public final class TestTokens {

    public static final String SECRET = "test-secret-test-secret-test-secret-0123456789";
    private static final JwtTokens TOKENS = new JwtTokens(SECRET, Duration.ofHours(1));

    private TestTokens() {
    }

    public static String agentOf(String shopId) {
        return TOKENS.issue(shopId, "agent-8", List.of("agent"));
    }

    public static String issue(String shopId, String agentId, List<String> roles) {
        return TOKENS.issue(shopId, agentId, roles);
    }
}
