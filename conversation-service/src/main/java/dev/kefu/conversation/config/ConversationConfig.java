package dev.kefu.conversation.config;

import dev.kefu.conversation.conversation.Conversation;
import dev.kefu.conversation.conversation.ConversationService;
import dev.kefu.conversation.conversation.Message;
import dev.kefu.conversation.desk.Assignments;
import dev.kefu.platform.due.DueHandler;
import dev.kefu.conversation.script.ScriptCatalog;
import dev.kefu.conversation.summary.WorkSummaries;
import dev.kefu.platform.outbox.OutboxCollection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConversationConfig {

    @Bean
    ScriptCatalog scriptCatalog() {
        return ScriptCatalog.load("/scripts/replies.json");
    }

    /** Messages to buyers carry their message-outbound event in an outbox until the broker took it. */
    @Bean
    OutboxCollection messagesOutbox() {
        return new OutboxCollection(Message.COLLECTION);
    }

    /** A shop's day carries its work-summary-ready event in an outbox until the broker took it. */
    @Bean
    OutboxCollection workSummariesOutbox() {
        return new OutboxCollection(WorkSummaries.COLLECTION);
    }

    /** A shop's day summary is announced once, after the day ended in the shop's zone (work-summary-ready). */
    @Bean
    DueHandler workSummaryAnnouncements(WorkSummaries summaries) {
        return DueHandler.of(WorkSummaries.QUEUE, item -> summaries.announceIfDue(item.key()));
    }

    /** A conversation carries its sla-breached event in an outbox until the broker took it. */
    @Bean
    OutboxCollection conversationsOutbox() {
        return new OutboxCollection(Conversation.COLLECTION);
    }

    /**
     * A waiting buyer's response target is checked when it falls due; a missed one is reported once per waiting
     * episode, whichever replica gets the item (the write is guarded by "not yet reported").
     */
    @Bean
    DueHandler responseTargets(ConversationService conversations) {
        return DueHandler.of(ConversationService.RESPONSE_TARGET, item -> conversations.reportIfMissed(item.key()));
    }

    /** An assigned conversation nobody wrote in for the idle time closes, freeing its agent for the next buyer. */
    @Bean
    DueHandler idleConversations(Assignments assignments) {
        return DueHandler.of(Assignments.IDLE_CLOSE, item -> assignments.closeIfIdle(item.key()));
    }

    /** An agent whose desk stopped sending heartbeats goes offline, their conversations back to the queue. */
    @Bean
    DueHandler lapsedPresences(Assignments assignments) {
        return DueHandler.of(Assignments.PRESENCE_LAPSE, item -> assignments.offlineIfLapsed(item.key()));
    }

    /**
     * A buyer who wrote is greeted when the shop's first-response target ends, unless a person answered or someone
     * greeted them within the window meanwhile. The due time lives in MongoDB and is claimed atomically, so each waiting
     * buyer is greeted once with any number of replicas and restarts.
     */
    @Bean
    DueHandler greetings(ConversationService conversations) {
        return DueHandler.of(ConversationService.GREETING, item -> conversations.greetIfDue(item.key()));
    }
}
