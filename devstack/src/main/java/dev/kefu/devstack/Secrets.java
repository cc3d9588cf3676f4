package dev.kefu.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The JWT secret every Kefu process shares, generated once per data dir so agent tokens survive restarts. */
final class Secrets {

    static final int JWT_SECRET_BYTES = 32;

    private Secrets() {
    }

    /** Reads {@code file}, or writes a new secret (32 random bytes, base64) there first. */
    static String jwtSecret(Path file, SecureRandom random) throws IOException {
        if (Files.exists(file)) {
            String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (secret.getBytes(StandardCharsets.UTF_8).length < JWT_SECRET_BYTES) {
                throw new IllegalArgumentException(file + " holds a JWT secret shorter than " + JWT_SECRET_BYTES
                        + " bytes; delete the file to have a new one generated");
            }
            return secret;
        }
        byte[] bytes = new byte[JWT_SECRET_BYTES];
        random.nextBytes(bytes);
        String secret = Base64.getEncoder().encodeToString(bytes);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        ownerOnly(file);
        return secret;
    }

    /** rw------- where the file system has POSIX permissions; elsewhere nothing. */
    static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: the data dir's own permissions are all there is
        }
    }
}
