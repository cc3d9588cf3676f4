package dev.kefu.platform.security;

import org.springframework.security.oauth2.jwt.Jwt;

import java.util.List;

/**
 * The caller of an agent API: which shop they work for (every query is scoped to it), who they are, their roles.
 */
public record Agent(String shopId, String agentId, List<String> roles) {

    public static Agent of(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList(JwtTokens.ROLES_CLAIM);
        return new Agent(jwt.getClaimAsString(JwtTokens.SHOP_CLAIM), jwt.getSubject(), roles == null ? List.of() : roles);
    }

    /** Supervisors and admins may do what exceeds an agent's authority (escalations, overrides, larger discounts). */
    public boolean isSupervisor() {
        return roles.contains("supervisor") || roles.contains("admin");
    }
}
