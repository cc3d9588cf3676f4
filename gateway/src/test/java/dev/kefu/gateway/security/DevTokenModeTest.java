package dev.kefu.gateway.security;

import dev.kefu.platform.security.JwtTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The dev token endpoint exists in the local security mode only: never by default, never in oidc mode. */
class DevTokenModeTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withBean(JwtTokens.class, () -> new JwtTokens("0123456789abcdef0123456789abcdef", Duration.ofHours(1)))
            .withUserConfiguration(DevTokenController.class);

    @Test
    void onlyTheLocalModeMintsDevTokens() {
        context.run(c -> assertThat(c).doesNotHaveBean(DevTokenController.class));
        context.withPropertyValues("kefu.security.mode=oidc")
                .run(c -> assertThat(c).doesNotHaveBean(DevTokenController.class));
        context.withPropertyValues("kefu.security.mode=local")
                .run(c -> assertThat(c).hasSingleBean(DevTokenController.class));
    }
}
