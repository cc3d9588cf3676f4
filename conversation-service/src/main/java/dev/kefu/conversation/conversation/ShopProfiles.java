package dev.kefu.conversation.conversation;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/** How each shop presents itself in proactive messages ({@code kefu.conversations.*}). */
@ConfigurationProperties("kefu.conversations")
public record ShopProfiles(Profile defaultProfile, Map<String, Profile> profiles) {

    public record Profile(String shopName, String agentName, String language) {
    }

    public ShopProfiles {
        defaultProfile = defaultProfile == null ? new Profile(null, "Kefu", "zh") : defaultProfile;
        profiles = profiles == null ? Map.of() : Map.copyOf(profiles);
    }

    /** The shop's profile, gaps filled from the default; the shop id stands in for a missing shop name. */
    public Profile of(String shopId) {
        Profile own = profiles.getOrDefault(shopId, defaultProfile);
        return new Profile(
                first(own.shopName(), defaultProfile.shopName(), shopId),
                first(own.agentName(), defaultProfile.agentName(), "Kefu"),
                first(own.language(), defaultProfile.language(), "zh"));
    }

    private static String first(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return c;
            }
        }
        return null;
    }
}
