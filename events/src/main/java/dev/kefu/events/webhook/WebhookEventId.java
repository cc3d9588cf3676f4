package dev.kefu.events.webhook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The event id ({@code ce_id}) of a webhook: {@code <webhook-id>:<16 hex digits of SHA-256(raw body)>}. A retried
 * delivery (same id, byte-identical body) is the same event and deduplicated downstream; the same id with another
 * body (an integration reusing its key for {@code order.created} and then {@code order.paid}) is another event and
 * is applied, never silently swallowed as a repeat.
 */
public final class WebhookEventId {

    /** The longest {@code webhook-id} the gateway takes (printable ASCII, no spaces). */
    public static final int MAX_WEBHOOK_ID = 256;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int HASH_BYTES = 8;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });

    private WebhookEventId() {
    }

    public static String of(String webhookId, byte[] body) {
        byte[] digest = SHA256.get().digest(body);
        char[] id = new char[webhookId.length() + 1 + 2 * HASH_BYTES];
        webhookId.getChars(0, webhookId.length(), id, 0);
        int at = webhookId.length();
        id[at++] = ':';
        for (int i = 0; i < HASH_BYTES; i++) {
            id[at++] = HEX[(digest[i] >> 4) & 0xF];
            id[at++] = HEX[digest[i] & 0xF];
        }
        return new String(id);
    }

    /** Why {@code webhookId} cannot be an idempotency key, or {@code null}: 1..256 printable ASCII characters. */
    public static String problem(String webhookId) {
        if (webhookId.length() > MAX_WEBHOOK_ID) {
            return "is longer than " + MAX_WEBHOOK_ID + " characters";
        }
        for (int i = 0; i < webhookId.length(); i++) {
            char c = webhookId.charAt(i);
            if (c <= ' ' || c > '~') {
                return "may only contain printable ASCII characters without spaces";
            }
        }
        return null;
    }
}
