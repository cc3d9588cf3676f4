package dev.kefu.conversation.conversation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.kefu.conversation.intent.Intent;
import dev.kefu.platform.outbox.OutboxEntry;
import dev.kefu.platform.text.SentimentLexicon;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * One message of a conversation. Messages caused by an event use the event id as their id, so a redelivered event
 * inserts nothing new (the insert is the idempotency check). A buyer's message carries its {@code intents},
 * {@code mood} and {@code escalation}; a message to the buyer carries its delivery {@code status} and the
 * {@code message-outbound} event still to publish ({@code outbox} and since when, not shown in the API). Its link in the
 * conversation's hash chain ({@code chain}) is written right after it by {@code transcript.Transcripts}.
 */
@Document(Message.COLLECTION)
@CompoundIndexes({
        @CompoundIndex(name = "conversation_time", def = "{'shopId': 1, 'buyerId': 1, 'sentAt': -1}"),
        @CompoundIndex(name = "shop_author_sent", def = "{'shopId': 1, 'author': 1, 'sentAt': 1}"),
        @CompoundIndex(name = "transcript", def = "{'shopId': 1, 'buyerId': 1, 'chain.seq': 1}")})
public record Message(@Id String id, String shopId, String buyerId, String orderId, Author author, String text,
                      String language, String scriptKey, Status status, String statusReason, Instant statusAt,
                      String cause, List<Intent> intents, SentimentLexicon.Mood mood, boolean escalation,
                      String agentId, ConductOverride conductOverride, Instant sentAt,
                      @JsonIgnore List<OutboxEntry> outbox, @JsonIgnore Instant outboxSince) {

    public static final String COLLECTION = "messages";

    /** BUYER wrote it, an AGENT replied, or KEFU sent it on its own (proactive, greeting, reminder, auto-answer). */
    public enum Author { BUYER, AGENT, KEFU }

    /**
     * A message to the buyer is QUEUED until the integration reports it DELIVERED or FAILED ({@code statusReason});
     * a SUGGESTED draft waits for an agent and is never sent. Buyer messages have no status.
     */
    public enum Status { QUEUED, DELIVERED, FAILED, SUGGESTED }

    /** A supervisor let a reply through the conduct guard: who, why, and which rules it broke. */
    public record ConductOverride(String supervisorId, String reason, List<String> rules) {
    }

    public List<Intent> intents() {
        return intents == null ? List.of() : intents;
    }

    /** What the buyer wrote. */
    static Message fromBuyer(String id, String shopId, String buyerId, String orderId, String text, String language,
                             List<Intent> intents, SentimentLexicon.Reading reading, String cause, Instant sentAt) {
        return new Message(id, shopId, buyerId, orderId, Author.BUYER, text, language, null, null, null, null, cause,
                intents, reading.mood(), reading.escalation(), null, null, sentAt, null, null);
    }

    /** A message to the buyer, queued for delivery (or kept as a draft when {@code status} is SUGGESTED). */
    static Message toBuyer(String id, String shopId, String buyerId, String orderId, Author author, String text,
                           String language, String scriptKey, Status status, String cause, String agentId,
                           ConductOverride conductOverride, Instant sentAt) {
        return new Message(id, shopId, buyerId, orderId, author, text, language, scriptKey, status, null, sentAt,
                cause, null, null, false, agentId, conductOverride, sentAt, null, null);
    }

    Message withOutbox(List<OutboxEntry> entries) {
        return new Message(id, shopId, buyerId, orderId, author, text, language, scriptKey, status, statusReason,
                statusAt, cause, intents, mood, escalation, agentId, conductOverride, sentAt, entries,
                OutboxEntry.pendingSince(entries));
    }
}
