package dev.kefu.events.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Standard Webhooks verification: {@code webhook-signature} carries one or more {@code v1,<base64 HMAC-SHA256>} of
 * {@code id.timestamp.body} under the shop's {@code whsec_} secret; the timestamp must be within the tolerance so a
 * captured request cannot be replayed later. Integrations sign with {@link #signature}; the gateway checks with
 * {@link #problem}. Several secrets (space-separated) are accepted while rotating keys.
 */
public final class WebhookSignature {

    public static final String PREFIX = "whsec_";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** Mac.getInstance searches the security providers on every call; one instance per thread, keyed per use. */
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    });

    private WebhookSignature() {
    }

    /** Why a request is not authentic; {@code null} when it is. */
    public static String problem(String secrets, String id, String timestamp, String signatures, byte[] body,
                                 Instant now, Duration tolerance) {
        if (id == null || id.isBlank() || timestamp == null || signatures == null || signatures.isBlank()) {
            return "webhook-id, webhook-timestamp and webhook-signature headers are required";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return "webhook-timestamp must be unix seconds";
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            return "webhook-timestamp is outside the " + tolerance.toSeconds() + " s tolerance";
        }
        String[] candidates = SPACES.split(signatures.trim());
        for (String secret : SPACES.split(secrets.trim())) {
            byte[] expected = sign(secret, id, timestamp.trim(), body);
            for (String candidate : candidates) {
                if (candidate.startsWith("v1,") && matches(expected, candidate.substring(3))) {
                    return null;
                }
            }
        }
        return "no valid signature";
    }

    /** The {@code v1,<base64>} signature of a request: what an integration sends. */
    public static String signature(String secret, String id, String timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(sign(secret, id, timestamp, body));
    }

    private static boolean matches(byte[] expected, String base64) {
        try {
            return MessageDigest.isEqual(expected, Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] sign(String secret, String id, String timestamp, byte[] body) {
        try {
            String key = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
            Mac mac = MAC.get();
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), ALGORITHM));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("webhook secret is not whsec_<base64>", e);
        }
    }
}
