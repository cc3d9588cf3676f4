package dev.kefu.gateway.security;

import dev.kefu.platform.security.JwtTokens;
import dev.kefu.platform.security.SecurityAutoConfiguration;
import dev.kefu.platform.web.Requests;
import dev.kefu.platform.security.SecurityMode;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Set;

/**
 * {@code POST /auth/dev-token}: an agent token without an identity provider, for a stack on one machine only. The
 * bean exists only in {@code kefu.security.mode=local}, which listens on loopback only (LocalModeBinding); in
 * {@code oidc} mode the path answers 404.
 */
@RestController
@ConditionalOnProperty(name = SecurityMode.PROPERTY, havingValue = "local")
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
