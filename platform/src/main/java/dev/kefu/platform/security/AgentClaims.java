package dev.kefu.platform.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What an agent token must hold, whoever issued it: a {@code sub} (the agent), a {@code shop} that can key documents,
 * {@code roles} as a list of strings (or none), and an {@code exp} no further from its {@code iat} (or from now) than
 * the maximum lifetime. A claim of the wrong type is a refusal (401) naming it, never a cast failure (500).
 */
public final class AgentClaims implements OAuth2TokenValidator<Jwt> {

    static final int MAX_AGENT_ID_LENGTH = 128;

    private final Duration maxLifetime;
    private final Duration clockSkew;

    public AgentClaims(Duration maxLifetime, Duration clockSkew) {
        if (maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("kefu.security.max-token-lifetime must be positive, not " + maxLifetime);
        }
        this.maxLifetime = maxLifetime;
        this.clockSkew = clockSkew;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        List<String> problems = problems(jwt.getClaims());
        return problems.isEmpty() ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(problems.stream()
                        .map(p -> new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, p, null)).toList());
    }

    /** Each claim that is missing, of the wrong type or out of bounds, as a sentence naming it; empty when fine. */
    List<String> problems(Map<String, Object> claims) {
        List<String> problems = new ArrayList<>();
        Object sub = claims.get(JwtClaimNames.SUB);
        if (!(sub instanceof String agent) || agent.isBlank() || agent.length() > MAX_AGENT_ID_LENGTH
                || agent.chars().anyMatch(Character::isISOControl)) {
            problems.add("claim sub must be the agent id: a string of 1-" + MAX_AGENT_ID_LENGTH
                    + " characters without control characters");
        }
        Object shop = claims.get(JwtTokens.SHOP_CLAIM);
        // Shop ids key every document ("shop:order"): no separator or other surprise may be smuggled in.
        if (!(shop instanceof String id) || !SecurityAutoConfiguration.SHOP_ID.matcher(id).matches()) {
            problems.add("claim shop must be a string of " + SecurityAutoConfiguration.SHOP_ID_RULE);
        }
        Object roles = claims.get(JwtTokens.ROLES_CLAIM);
        if (roles != null && !(roles instanceof Collection<?> list && list.stream().allMatch(String.class::isInstance))) {
            problems.add("claim roles must be a list of strings");
        }
        Object exp = claims.get(JwtClaimNames.EXP);
        if (!(exp instanceof Instant expiresAt)) {
            problems.add("claim exp is required (tokens without an expiry are refused)");
        } else {
            // Both from iat and from now: without an iat the decoder makes one up just before exp.
            Object iat = claims.get(JwtClaimNames.IAT);
            boolean tooLongFromIat = iat instanceof Instant issuedAt
                    && Duration.between(issuedAt, expiresAt).compareTo(maxLifetime) > 0;
            boolean tooLongFromNow = Duration.between(Instant.now(), expiresAt).compareTo(maxLifetime.plus(clockSkew)) > 0;
            if (tooLongFromIat || tooLongFromNow) {
                problems.add("the token lives longer than the maximum of " + maxLifetime
                        + " (kefu.security.max-token-lifetime)");
            }
        }
        return problems;
    }
}
