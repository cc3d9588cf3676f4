package dev.kefu.aftersales.cases;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.events.inbound.MarketplaceCsatReceived;
import dev.kefu.platform.due.DueWork;
import dev.kefu.platform.messaging.EventMetrics;
import dev.kefu.platform.outbox.OutboxEntry;
import dev.kefu.platform.outbox.OutboxRelay;
import dev.kefu.platform.shop.ShopSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Follow-up visits and answers around fakes: each one stores its case-updated with it, a redelivery nothing. */
class FollowUpServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-30T03:00:00Z");

    private final CaseRepository repository = mock(CaseRepository.class);
    private final OutboxRelay outbox = mock(OutboxRelay.class);
    private final ReactiveMongoTemplate mongo = mock(ReactiveMongoTemplate.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final CaseService cases = new CaseService(repository, mongo, outbox, mock(DueWork.class),
            ShopSettings.of(Map.of()), new EventMetrics(meters, "aftersales-service"), clock);
    private final FollowUpService followUps = new FollowUpService(repository, cases, mongo, meters, clock);

    @Test
    void theBuyersScoreIsStoredWithItsCaseUpdatedOnceAndItsRedeliveryPublishesNothing() {
        Case kase = Case.open("shop-demo", "CS-1", ComplaintOpened.Kind.COMPLAINT, ComplaintOpened.OpenedBy.AGENT,
                new Case.Details(null, "buyer-1", "jd", null, "态度差"), NOW.minus(Duration.ofDays(4)),
                CaseTest.TARGETS).opened();
        kase.resolve(new Actor("agent-8", false), Outcome.EXPLAINED, "已道歉", null, NOW.minus(Duration.ofDays(3)),
                Duration.ofDays(3), CaseTest.LIMITS);
        CaseDocument resolved = CaseServiceTest.versioned(CaseDocument.empty(kase).next(kase, null, List.of()), 7L);
        when(mongo.find(any(Query.class), eq(CaseDocument.class))).thenReturn(Flux.just(resolved));
        when(repository.save(any())).thenAnswer(call -> Mono.just(call.getArgument(0)));
        when(outbox.write(anyString(), any(), any(), any())).thenAnswer(call -> call.getArgument(3));
        MarketplaceCsatReceived answer = new MarketplaceCsatReceived("shop-demo", "jd", "buyer-1", "CS-1", 4,
                "客服态度很好", NOW.minusSeconds(60));
        CloudEvent delivery = new CloudEvent("evt-csat-1", "csat.received", "/tests", NOW, "shop-demo");

        StepVerifier.create(followUps.csatReceived(delivery, answer)).verifyComplete();

        ArgumentCaptor<CaseDocument> saved = ArgumentCaptor.forClass(CaseDocument.class);
        verify(repository).save(saved.capture());
        assertThat(saved.getValue().appliedEventIds()).contains("evt-csat-1");
        OutboxEntry update = saved.getValue().outbox().get(0);
        assertThat(saved.getValue().outbox()).hasSize(1);
        assertThat(update.eventId()).isEqualTo("case-updated:shop-demo:CS-1:8");
        assertThat(update.payload()).contains("\"change\":\"ANSWERED\"", "\"csatScore\":4", "\"by\":\"buyer\"",
                "\"followUp\":\"ANSWERED\"", "\"outcome\":\"EXPLAINED\"", "\"assignee\":null")
                .doesNotContain("客服态度很好");
        verify(outbox).write(eq(CaseDocument.COLLECTION), eq("shop-demo:CS-1"), eq(List.of(update)), any());

        // redelivered: the case remembers the event id, so nothing is written and nothing published
        when(mongo.find(any(Query.class), eq(CaseDocument.class)))
                .thenReturn(Flux.just(CaseServiceTest.versioned(saved.getValue(), 8L)));
        StepVerifier.create(followUps.csatReceived(delivery, answer)).verifyComplete();
        verify(repository, times(1)).save(any());
        verify(outbox, times(1)).write(anyString(), any(), any(), any());
        assertThat(meters.get("kefu.aftersales.follow.ups").tag("outcome", "duplicate").counter().count())
                .isEqualTo(1);
    }
}
