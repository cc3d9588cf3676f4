package dev.kefu.platform.security;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Agent tokens: HS256 JWTs with the claims {@code shop} and {@code roles}, signed with the secret every Kefu
 * process shares ({@code kefu.security.jwt-secret}). The gateway and the services verify the same way.
 */
public class JwtTokens {

    public static final String ISSUER = "kefu";
    public static final String SHOP_CLAIM = "shop";
    public static final String ROLES_CLAIM = "roles";

    private final SecretKey key;
    private final Duration ttl;

    public JwtTokens(String secret, Duration ttl) {
        byte[] bytes = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalArgumentException("kefu.security.jwt-secret must be set to at least 32 bytes");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
        this.ttl = ttl;
    }

    public String issue(String shopId, String agentId, List<String> roles) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(agentId)
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .claim(SHOP_CLAIM, shopId)
                .claim(ROLES_CLAIM, roles)
                .build();
        return NimbusJwtEncoder.withSecretKey(key).build()
                .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }

    public ReactiveJwtDecoder decoder() {
        return NimbusReactiveJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
    }
}
