package dev.kefu.platform.security;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The agent-token decoder of each {@link SecurityMode}, all with the same claim checks ({@link AgentClaims}). */
public final class AgentTokenDecoders {

    /**
     * An identity provider: its issuer URL (keys found by OIDC discovery, tokens' {@code iss} must equal it) or its
     * JWK set URL (with an optional expected {@code iss}); an optional audience the tokens must name; the signature
     * algorithms accepted (asymmetric only: an HS256 token signed with a public key is refused).
     */
    public record Provider(String issuerUri, String jwkSetUri, String issuer, String audience, String algorithms) {
    }

    private AgentTokenDecoders() {
    }

    static ReactiveJwtDecoder local(JwtTokens tokens, Duration maxLifetime, Duration skew) {
        NimbusReactiveJwtDecoder decoder = (NimbusReactiveJwtDecoder) tokens.decoder();
        decoder.setJwtValidator(validator(JwtTokens.ISSUER, null, maxLifetime, skew));
        return decoder;
    }

    public static ReactiveJwtDecoder oidc(Provider provider, Duration maxLifetime, Duration skew) {
        boolean byIssuer = present(provider.issuerUri());
        if (byIssuer == present(provider.jwkSetUri())) {
            throw new IllegalStateException("kefu.security.mode=oidc needs exactly one of kefu.security.issuer-uri "
                    + "(OIDC discovery) or kefu.security.jwk-set-uri (the identity provider's keys); for a stack on "
                    + "one machine use kefu.security.mode=local");
        }
        Set<SignatureAlgorithm> algorithms = algorithms(provider.algorithms());
        NimbusReactiveJwtDecoder decoder = (byIssuer
                ? NimbusReactiveJwtDecoder.withIssuerLocation(provider.issuerUri())
                : NimbusReactiveJwtDecoder.withJwkSetUri(provider.jwkSetUri()))
                .jwsAlgorithms(accepted -> accepted.addAll(algorithms))
                .build();
        String issuer = present(provider.issuer()) ? provider.issuer() : byIssuer ? provider.issuerUri() : null;
        decoder.setJwtValidator(validator(issuer, provider.audience(), maxLifetime, skew));
        return decoder;
    }

    static Set<SignatureAlgorithm> algorithms(String names) {
        Set<SignatureAlgorithm> algorithms = new LinkedHashSet<>();
        for (String name : Arrays.stream(names.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList()) {
            SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
            if (algorithm == null) {
                throw new IllegalStateException("kefu.security.algorithms: '" + name + "' is not an asymmetric JWS "
                        + "algorithm (RS256, RS384, RS512, ES256, ES384, ES512, PS256...); shared-secret HS256 is "
                        + "only for kefu.security.mode=local");
            }
            algorithms.add(algorithm);
        }
        if (algorithms.isEmpty()) {
            throw new IllegalStateException("kefu.security.algorithms names no algorithm");
        }
        return algorithms;
    }

    private static OAuth2TokenValidator<Jwt> validator(String issuer, String audience, Duration maxLifetime,
                                                       Duration skew) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(skew);
        timestamps.setAllowEmptyExpiryClaim(false);
        validators.add(timestamps);
        if (issuer != null) {
            validators.add(new JwtIssuerValidator(issuer));
        }
        if (present(audience)) {
            validators.add(new JwtAudienceValidator(audience));
        }
        validators.add(new AgentClaims(maxLifetime, skew));
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
