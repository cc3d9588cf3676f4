package dev.kefu.conversation.conversation;

import dev.kefu.platform.due.DueHandler;
import dev.kefu.platform.due.DueItem;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Instant;

/**
 * The {@value ConversationService#GREETING} queue: a buyer who wrote is greeted when the shop's first-response
 * target ends, unless a person answered or someone greeted them within the window meanwhile. The due time lives in
 * MongoDB and is claimed atomically, so each waiting buyer is greeted once with any number of replicas and restarts.
 */
@Component
class Greeter implements DueHandler {

    private final ConversationService conversations;

    Greeter(ConversationService conversations) {
        this.conversations = conversations;
    }

    @Override
    public String queue() {
        return ConversationService.GREETING;
    }

    @Override
    public Mono<Instant> handle(DueItem item) {
        return conversations.greetIfDue(item.key());
    }
}
