package dev.kefu.platform.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Agent tokens as production verifies them: RS256 and ES256 tokens of an identity provider (a JWKS and an OIDC
 * discovery document served on 127.0.0.1), and the claim rules every mode shares.
 */
class AgentTokensTest {

    static final String AUDIENCE = "kefu";
    static final Duration MAX_LIFETIME = Duration.ofHours(12);
    static final Duration SKEW = Duration.ofSeconds(60);

    static HttpServer idp;
    static String issuer;
    static RSAKey rsa;
    static ECKey ec;

    @BeforeAll
    static void startIdentityProvider() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + idp.getAddress().getPort() + "/realms/kefu";
        String jwks = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString();
        String discovery = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/certs\","
                + "\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"],\"subject_types_supported\":[\"public\"],"
                + "\"response_types_supported\":[\"code\"],\"authorization_endpoint\":\"" + issuer + "/auth\"}";
        serve("/realms/kefu/certs", jwks);
        serve("/realms/kefu/.well-known/openid-configuration", discovery);
        idp.start();
    }

    static void serve(String path, String json) {
        idp.createContext(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    @AfterAll
    static void stopIdentityProvider() {
        idp.stop(0);
    }

    static ReactiveJwtDecoder byIssuer() {
        return AgentTokenDecoders.oidc(new AgentTokenDecoders.Provider(issuer, null, null, AUDIENCE, "RS256,ES256"),
                MAX_LIFETIME, SKEW);
    }

    static ReactiveJwtDecoder byJwkSet() {
        return AgentTokenDecoders.oidc(new AgentTokenDecoders.Provider(null, issuer + "/certs", issuer, null,
                "RS256,ES256"), MAX_LIFETIME, SKEW);
    }

    static JWTClaimsSet.Builder agentClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).subject("agent-8").audience(AUDIENCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("shop", "shop-demo").claim("roles", List.of("agent"));
    }

    static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    static String rs256(Consumer<JWTClaimsSet.Builder> change) throws Exception {
        JWTClaimsSet.Builder claims = agentClaims();
        change.accept(claims);
        return sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, rsa.getKeyID(), claims.build());
    }

    @Test
    void rs256AndEs256TokensOfTheIdentityProviderAreAgents() throws Exception {
        String rsToken = rs256(c -> { });
        String esToken = sign(new ECDSASigner(ec), JWSAlgorithm.ES256, ec.getKeyID(), agentClaims().build());

        for (ReactiveJwtDecoder decoder : List.of(byIssuer(), byJwkSet())) {
            assertThat(Agent.of(decoder.decode(rsToken).block())).isEqualTo(new Agent("shop-demo", "agent-8", List.of("agent")));
            assertThat(Agent.of(decoder.decode(esToken).block()).shopId()).isEqualTo("shop-demo");
        }
    }

    @Test
    void anHs256TokenIsRefusedInOidcModeEvenSignedWithThePublicKey() throws Exception {
        // The classic algorithm confusion: the public key's bytes used as an HMAC secret.
        byte[] publicKeyAsSecret = rsa.toPublicJWK().toRSAPublicKey().getEncoded();
        String confused = sign(new MACSigner(publicKeyAsSecret), JWSAlgorithm.HS256, rsa.getKeyID(), agentClaims().build());
        String shared = sign(new MACSigner("test-secret-test-secret-test-secret-0123456789"), JWSAlgorithm.HS256,
                null, agentClaims().build());

        for (String token : List.of(confused, shared)) {
            assertThatThrownBy(() -> byIssuer().decode(token).block()).isInstanceOf(BadJwtException.class);
        }
        assertThatThrownBy(() -> AgentTokenDecoders.algorithms("RS256,HS256"))
                .hasMessageContaining("'HS256' is not an asymmetric");
    }

    @Test
    void aTokenOfAnotherKeyIssuerOrAudienceIsRefused() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        String forged = sign(new RSASSASigner(stranger), JWSAlgorithm.RS256, "rsa-1", agentClaims().build());
        assertThatThrownBy(() -> byIssuer().decode(forged).block()).isInstanceOf(BadJwtException.class);

        assertThatThrownBy(() -> byIssuer().decode(rs256(c -> c.issuer("http://127.0.0.1:1/other"))).block())
                .isInstanceOf(JwtValidationException.class).hasMessageContaining("iss");
        assertThatThrownBy(() -> byIssuer().decode(rs256(c -> c.audience("another-app"))).block())
                .isInstanceOf(JwtValidationException.class).hasMessageContaining("aud");
    }

    @Test
    void aTokenWithoutExpiryOrLivingLongerThanTheMaximumIsRefused() throws Exception {
        Instant now = Instant.now();
        assertThatThrownBy(() -> byIssuer().decode(rs256(c -> c.expirationTime(null))).block())
                .isInstanceOf(JwtValidationException.class).hasMessageContaining("exp is required");
        assertThatThrownBy(() -> byIssuer().decode(rs256(c -> c.expirationTime(Date.from(now.plus(Duration.ofDays(30))))))
                .block()).isInstanceOf(JwtValidationException.class).hasMessageContaining("longer than the maximum of PT12H");
        // Without iat (the decoder makes one up just before exp), the lifetime counts from now.
        assertThatThrownBy(() -> byIssuer().decode(rs256(c -> c.issueTime(null)
                .expirationTime(Date.from(now.plus(Duration.ofHours(13)))))).block())
                .isInstanceOf(JwtValidationException.class).hasMessageContaining("longer than the maximum");
        assertThat(byIssuer().decode(rs256(c -> c.issueTime(null))).block()).isNotNull();
        assertThatThrownBy(() -> byIssuer().decode(rs256(c -> c.issueTime(Date.from(now.minusSeconds(3600)))
                .expirationTime(Date.from(now.minusSeconds(120))))).block())
                .isInstanceOf(JwtValidationException.class).hasMessageContaining("expired");
    }

    @Test
    void claimsOfTheWrongTypeAreRefusedNamingTheClaimNeverACastFailure() throws Exception {
        Map<String, Consumer<JWTClaimsSet.Builder>> wrong = Map.of(
                "claim shop", c -> c.claim("shop", List.of("shop-demo", "shop-rival")),
                "claim shop ", c -> c.claim("shop", Map.of("id", "shop-demo")),
                "claim shop  ", c -> c.claim("shop", "shop:demo"),
                "claim shop   ", c -> c.claim("shop", null),
                "claim roles", c -> c.claim("roles", "admin"),
                "claim roles ", c -> c.claim("roles", List.of("agent", 7)),
                "claim sub", c -> c.subject(null),
                "claim sub ", c -> c.subject("x".repeat(129)));
        wrong.forEach((named, change) -> assertThatThrownBy(() -> byIssuer().decode(rs256(change)).block())
                .as(named).isInstanceOf(JwtValidationException.class).hasMessageContaining(named.trim()));
        // A numeric or object exp cannot be read as a time: refused as a bad token, not a server error.
        assertThatThrownBy(() -> byIssuer().decode(rs256(c -> c.claim("exp", "tomorrow"))).block())
                .isInstanceOf(JwtException.class);
    }

    @Test
    void oidcModeNeedsExactlyOneWayToFindTheKeys() {
        assertThatThrownBy(() -> AgentTokenDecoders.oidc(new AgentTokenDecoders.Provider(null, null, null, null, "RS256"),
                MAX_LIFETIME, SKEW)).hasMessageContaining("exactly one of kefu.security.issuer-uri");
        assertThatThrownBy(() -> AgentTokenDecoders.oidc(new AgentTokenDecoders.Provider(issuer, issuer + "/certs", null,
                null, "RS256"), MAX_LIFETIME, SKEW)).hasMessageContaining("exactly one");
    }

    @Test
    void localModeChecksTheSameClaims() {
        JwtTokens tokens = new JwtTokens("0123456789abcdef0123456789abcdef", Duration.ofHours(13));
        ReactiveJwtDecoder local = AgentTokenDecoders.local(
                new JwtTokens("0123456789abcdef0123456789abcdef", Duration.ofHours(1)), MAX_LIFETIME, SKEW);
        assertThatThrownBy(() -> local.decode(tokens.issue("shop-demo", "agent-8", List.of("agent"))).block())
                .isInstanceOf(JwtValidationException.class).hasMessageContaining("longer than the maximum");
        Jwt ok = local.decode(new JwtTokens("0123456789abcdef0123456789abcdef", Duration.ofHours(1))
                .issue("shop-demo", "agent-8", List.of("agent"))).block();
        assertThat(Agent.of(ok).agentId()).isEqualTo("agent-8");
    }

    @Test
    void localModeListensOnLoopbackOnly() {
        assertThat(LocalModeBinding.isLoopback("127.0.0.1")).isTrue();
        assertThat(LocalModeBinding.isLoopback("::1")).isTrue();
        assertThat(LocalModeBinding.isLoopback("localhost")).isTrue();
        assertThat(LocalModeBinding.isLoopback("0.0.0.0")).isFalse();
        assertThat(LocalModeBinding.isLoopback("10.1.2.3")).isFalse();
    }
}
