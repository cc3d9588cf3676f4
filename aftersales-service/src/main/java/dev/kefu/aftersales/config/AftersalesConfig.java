package dev.kefu.aftersales.config;

import dev.kefu.aftersales.cases.CaseDocument;
import dev.kefu.aftersales.cases.CaseService;
import dev.kefu.platform.due.DueHandler;
import dev.kefu.platform.outbox.OutboxCollection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AftersalesConfig {

    /**
     * A case carries its complaint-opened, case-updated and sla-breached events in an outbox until the broker took
     * them.
     */
    @Bean
    OutboxCollection casesOutbox() {
        return new OutboxCollection(CaseDocument.COLLECTION);
    }

    /**
     * A case's resolution target is checked when it falls due; a case still open then is reported once, whichever
     * replica gets the item (the write is guarded by "still open, not yet reported").
     */
    @Bean
    DueHandler resolutionTargets(CaseService cases) {
        return DueHandler.of(CaseService.RESOLUTION_TARGET, cases::reportIfMissed);
    }
}
