package dev.kefu.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsTest {

    @Test
    void theJwtSecretIsGeneratedOnceAndReused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("jwt-secret");
        String first = Secrets.jwtSecret(file, new SecureRandom());
        assertThat(Base64.getDecoder().decode(first)).hasSize(32);
        assertThat(first.getBytes(StandardCharsets.UTF_8).length).isGreaterThanOrEqualTo(32);
        assertThat(Secrets.jwtSecret(file, new SecureRandom())).isEqualTo(first);
    }

    @Test
    void aTooShortSecretIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("jwt-secret");
        Files.writeString(file, "short\n");
        assertThatThrownBy(() -> Secrets.jwtSecret(file, new SecureRandom())).hasMessageContaining("shorter than 32");
    }
}
