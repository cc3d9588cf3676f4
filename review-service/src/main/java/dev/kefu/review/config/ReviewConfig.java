package dev.kefu.review.config;

import dev.kefu.platform.outbox.OutboxCollection;
import dev.kefu.review.review.ReasonLexicons;
import dev.kefu.review.review.ReviewDocument;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReasonLexicons.class)
class ReviewConfig {

    @Bean
    OutboxCollection reviewsOutbox() {
        return new OutboxCollection(ReviewDocument.COLLECTION);
    }
}
