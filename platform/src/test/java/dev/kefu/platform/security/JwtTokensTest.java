package dev.kefu.platform.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtTokensTest {

    private final JwtTokens tokens = new JwtTokens("0123456789abcdef0123456789abcdef", Duration.ofMinutes(5));

    @Test
    void anIssuedTokenDecodesToTheAgentAndTheirShop() {
        Jwt jwt = tokens.decoder().decode(tokens.issue("shop-demo", "agent-8", List.of("agent"))).block();

        assertThat(Agent.of(jwt)).isEqualTo(new Agent("shop-demo", "agent-8", List.of("agent")));
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRejected() {
        String forged = new JwtTokens("another-secret-another-secret-another", Duration.ofMinutes(5))
                .issue("shop-demo", "agent-8", List.of("admin"));

        assertThatThrownBy(() -> tokens.decoder().decode(forged).block())
                .isInstanceOf(org.springframework.security.oauth2.jwt.BadJwtException.class)
                .hasRootCauseMessage("Signed JWT rejected: Invalid signature");
    }

    @Test
    void aShortSecretIsRefusedAtStartup() {
        assertThatThrownBy(() -> new JwtTokens("short", Duration.ofMinutes(5)))
                .hasMessageContaining("kefu.security.jwt-secret");
    }
}
