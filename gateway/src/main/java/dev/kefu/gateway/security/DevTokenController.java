package dev.kefu.gateway.security;

import dev.kefu.platform.security.JwtTokens;
import dev.kefu.platform.security.SecurityAutoConfiguration;
import dev.kefu.platform.web.Requests;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Set;

/**
 * {@code POST /auth/dev-token}: an agent token without an identity provider, for the local stack only. The bean does
 * not exist outside the {@code dev} profile, so the path answers 404 there.
 */
@RestController
@Profile("dev")
class DevTokenController {

    private static final Set<String> ROLES = Set.of("agent", "supervisor", "admin");

    record TokenRequest(String shopId, String agentId, List<String> roles) {
    }

    record Token(String token) {
    }

    private final JwtTokens tokens;

    DevTokenController(JwtTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping("/auth/dev-token")
    Token issue(@RequestBody TokenRequest request) {
        List<String> roles = request.roles() == null || request.roles().isEmpty() ? List.of("agent") : request.roles();
        Requests.check()
                .required("shopId", request.shopId())
                .rule(request.shopId() == null || SecurityAutoConfiguration.SHOP_ID.matcher(request.shopId()).matches(),
                        "shopId", "must be " + SecurityAutoConfiguration.SHOP_ID_RULE)
                .required("agentId", request.agentId())
                .rule(ROLES.containsAll(roles), "roles", "must be among " + ROLES)
                .orThrow();
        return new Token(tokens.issue(request.shopId(), request.agentId(), roles));
    }
}
