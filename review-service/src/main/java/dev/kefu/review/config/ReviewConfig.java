package dev.kefu.review.config;

import dev.kefu.platform.outbox.OutboxCollection;
import dev.kefu.review.review.ReviewDocument;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReviewConfig {

    @Bean
    OutboxCollection reviewsOutbox() {
        return new OutboxCollection(ReviewDocument.COLLECTION);
    }
}
