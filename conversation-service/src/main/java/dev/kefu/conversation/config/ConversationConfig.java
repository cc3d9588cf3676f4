package dev.kefu.conversation.config;

import dev.kefu.conversation.conversation.Message;
import dev.kefu.conversation.script.ScriptCatalog;
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
}
