package dev.kefu.conversation.config;

import dev.kefu.conversation.script.ScriptCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConversationConfig {

    @Bean
    ScriptCatalog scriptCatalog() {
        return ScriptCatalog.load("/scripts/replies.json");
    }
}
