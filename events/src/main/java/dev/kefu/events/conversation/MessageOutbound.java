package dev.kefu.events.conversation;

import dev.kefu.events.Fields;
import dev.kefu.events.KefuEvent;

import java.time.Instant;

/**
 * A message Kefu sends to a buyer: a proactive message, the greeting or away message, a payment reminder, an
 * automatic answer or an agent's reply. Published by conversation-service; integrations deliver it (consuming this
 * topic, or through the shop's delivery URL) and report back with {@code message.delivered} / {@code message.failed}.
 * {@code cause} says why it was sent (see docs/events.md); {@code orderId}, {@code agentId} and {@code scriptKey} (the
 * reply script it was written from, e.g. {@code satisfaction-survey}) are optional.
 */
public record MessageOutbound(
        String shopId,
        String platform,
        String buyerId,
        String orderId,
        String messageId,
        String text,
        String language,
        String cause,
        String agentId,
        Instant createdAt,
        String scriptKey) implements KefuEvent {

    public MessageOutbound {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(buyerId, "buyerId");
        Fields.text(messageId, "messageId");
        Fields.text(text, "text");
        Fields.text(language, "language");
        Fields.text(cause, "cause");
        Fields.present(createdAt, "createdAt");
    }

    /** Keyed by buyer: one buyer's messages stay in the order they were written. */
    @Override
    public String key() {
        return buyerId;
    }
}
