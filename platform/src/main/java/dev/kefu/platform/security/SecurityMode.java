package dev.kefu.platform.security;

import java.util.Locale;

/**
 * How agent tokens are verified ({@code kefu.security.mode}).
 * <ul>
 *   <li>{@code oidc} (the default): RS256/ES256 tokens of an identity provider, verified against its keys
 *       ({@code kefu.security.issuer-uri} or {@code kefu.security.jwk-set-uri}); no Kefu process holds a signing key.</li>
 *   <li>{@code local}: HS256 tokens signed with a secret every process shares ({@code kefu.security.jwt-secret}), and
 *       the gateway's {@code POST /auth/dev-token}. For a stack on one machine: every port binds to loopback only
 *       ({@link LocalModeBinding}).</li>
 * </ul>
 */
public enum SecurityMode {
    OIDC, LOCAL;

    public static final String PROPERTY = "kefu.security.mode";

    static SecurityMode of(String value) {
        if (value == null || value.isBlank()) {
            return OIDC;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(PROPERTY + " must be oidc or local, not '" + value + "'");
        }
    }
}
