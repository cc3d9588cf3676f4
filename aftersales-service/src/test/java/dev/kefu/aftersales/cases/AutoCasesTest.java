package dev.kefu.aftersales.cases;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.events.order.ShipmentDelayed;
import dev.kefu.events.review.ReviewPosted;
import dev.kefu.platform.due.DueWork;
import dev.kefu.platform.messaging.EventMetrics;
import dev.kefu.platform.outbox.OutboxRelay;
import dev.kefu.platform.shop.ShopSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The cases Kefu opens by itself, around fakes: which delays and reviews open one under which shop settings (bound
 * from the documented properties), what the case says, and that a cause opens its case once.
 */
class AutoCasesTest {

    private static final Instant NOW = Instant.parse("2026-11-26T03:00:05Z");
    private static final String QUIET = "shop-quiet";
    private static final String LOST_ONLY = "shop-lost-only";

    private final CaseRepository repository = mock(CaseRepository.class);
    private final OutboxRelay outbox = mock(OutboxRelay.class);
    private final DueWork due = mock(DueWork.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Map<String, CaseDocument> stored = new HashMap<>();
    private final CaseService service = new CaseService(repository, mock(ReactiveMongoTemplate.class), outbox, due,
            settings(Map.of(
                    "kefu.shops." + QUIET + ".auto-cases.logistics", "false",
                    "kefu.shops." + QUIET + ".auto-cases.review-recovery", "false",
                    "kefu.shops." + LOST_ONLY + ".auto-cases.logistics-reasons", "PARCEL_LOST")),
            new EventMetrics(meters, "aftersales-service"), Clock.fixed(NOW, ZoneOffset.UTC));

    private final ShipmentDelayed failed = Fixtures.record(EventTypes.SHIPMENT_DELAYED); // CARRIER_FAILED, ZTO
    private final ReviewPosted bad = Fixtures.record(EventTypes.REVIEW_POSTED); // 1 star, QUALITY, NOT_AS_DESCRIBED

    @BeforeEach
    void aDatabaseOfCases() {
        when(repository.findById(anyString())).thenAnswer(call -> Mono.justOrEmpty(stored.get(call.<String>getArgument(0))));
        when(repository.save(any())).thenAnswer(call -> {
            CaseDocument document = call.getArgument(0);
            stored.put(document.id(), document);
            return Mono.just(document);
        });
        when(outbox.write(anyString(), any(), any(), any())).thenAnswer(call -> call.getArgument(3));
        when(due.schedule(any(), any(), any())).thenReturn(Mono.just(1L));
    }

    @Test
    void aStalledFailedOrLostParcelOpensALogisticsCaseButTheShopsOwnLateDispatchDoesNot() {
        for (ShipmentDelayed.Reason reason : ShipmentDelayed.Reason.values()) {
            handle(delay("shop-demo", "TB-" + reason, reason));
        }

        assertThat(stored.values()).extracting(d -> d.state().caseId())
                .containsExactlyInAnyOrder("LG-TB-TRACKING_STALLED", "LG-TB-CARRIER_FAILED", "LG-TB-PARCEL_LOST");
    }

    @Test
    void aShopDecidesWhichReasonsOpenOneOrThatNoneDoes() {
        for (ShipmentDelayed.Reason reason : ShipmentDelayed.Reason.values()) {
            handle(delay(QUIET, "TB-Q-" + reason, reason));
            handle(delay(LOST_ONLY, "TB-L-" + reason, reason));
        }

        assertThat(stored.values()).extracting(d -> d.state().caseId()).containsExactly("LG-TB-L-PARCEL_LOST");
    }

    @Test
    void theLogisticsCaseIsOpenedByAutomationWithItsTargetAndSaysWhatHappened() {
        handle(failed);

        CaseDocument document = stored.get("shop-demo:LG-TB20261123001");
        Case.Snapshot state = document.state();
        assertThat(state.kind()).isEqualTo(ComplaintOpened.Kind.LOGISTICS);
        assertThat(state.openedBy()).isEqualTo(ComplaintOpened.OpenedBy.AUTOMATION);
        assertThat(state.status()).isEqualTo(CaseStatus.OPEN);
        assertThat(state.orderId()).isEqualTo("TB20261123001");
        assertThat(state.buyerId()).isEqualTo("tb_buyer_8c1f");
        assertThat(state.reason()).isEqualTo("CARRIER_FAILED · ZTO ZT7730012345 · 派送失败：收件人电话无人接听");
        assertThat(state.openedAt()).isEqualTo(failed.detectedAt());
        // the built-in logistics target, 48 h from the delay, scheduled with the case
        assertThat(state.resolutionDue()).isEqualTo(failed.detectedAt().plus(Duration.ofHours(48)));
        verify(due).schedule(CaseService.RESOLUTION_TARGET, "shop-demo:LG-TB20261123001",
                failed.detectedAt().plus(Duration.ofHours(48)));
        assertThat(document.outbox()).singleElement().satisfies(entry -> {
            assertThat(entry.type()).isEqualTo("complaint-opened");
            assertThat(entry.key()).isEqualTo("LG-TB20261123001");
            assertThat(entry.payload()).contains("\"kind\":\"LOGISTICS\"", "\"openedBy\":\"AUTOMATION\"");
        });
    }

    @Test
    void aRedeliveryOrASecondDelayOfTheSameOrderOpensNothingNewAndPublishesNothing() {
        CloudEvent first = delivery();
        handle(first, failed);
        handle(first, failed); // redelivered
        ShipmentDelayed lostLater = new ShipmentDelayed("shop-demo", failed.orderId(), failed.buyerId(), "taobao",
                ShipmentDelayed.Reason.PARCEL_LOST, "ZTO", "ZT7730012345", null, NOW);
        handle(lostLater);

        verify(repository).save(any());
        verify(outbox).write(anyString(), any(), any(), any());
        assertThat(stored.get("shop-demo:LG-TB20261123001").state().reason()).startsWith("CARRIER_FAILED");
        assertThat(meters.get("kefu.aftersales.events.consumed").tag("outcome", "duplicate").counter().count())
                .isEqualTo(2);
    }

    @Test
    void aBadReviewOpensAReviewRecoveryCaseWithItsReasonsRatingAndText() {
        handle(bad);

        Case.Snapshot state = stored.get("shop-demo:RR-rv-5521").state();
        assertThat(state.kind()).isEqualTo(ComplaintOpened.Kind.REVIEW_RECOVERY);
        assertThat(state.openedBy()).isEqualTo(ComplaintOpened.OpenedBy.AUTOMATION);
        assertThat(state.orderId()).isEqualTo("TB20261123001");
        assertThat(state.reason()).isEqualTo("QUALITY, NOT_AS_DESCRIBED · 1★ · 质量太差了，和描述不符，差评！");
        assertThat(state.resolutionDue()).isEqualTo(bad.postedAt().plus(Duration.ofHours(48)));
        verify(due).schedule(CaseService.RESOLUTION_TARGET, "shop-demo:RR-rv-5521",
                bad.postedAt().plus(Duration.ofHours(48)));
    }

    @Test
    void aNeutralReviewOpensOneOnlyWhenItGivesAComplaintReasonAndAGoodOneNever() {
        handle(review("shop-demo", "rv-mid-reason", 3, ReviewPosted.Sentiment.NEUTRAL,
                List.of(ReviewPosted.Reason.LOGISTICS), "一般般，物流太慢了"));
        handle(review("shop-demo", "rv-mid", 3, ReviewPosted.Sentiment.NEUTRAL, List.of(), "一般般"));
        handle(review("shop-demo", "rv-good", 5, ReviewPosted.Sentiment.POSITIVE, List.of(), "很好"));
        handle(review("shop-demo", "rv-good-parcel", 5, ReviewPosted.Sentiment.POSITIVE,
                List.of(ReviewPosted.Reason.LOGISTICS), "东西很好，就是快递慢"));

        assertThat(stored.values()).extracting(d -> d.state().caseId()).containsExactly("RR-rv-mid-reason");
        assertThat(stored.get("shop-demo:RR-rv-mid-reason").state().reason())
                .isEqualTo("LOGISTICS · 3★ · 一般般，物流太慢了");
    }

    @Test
    void aShopWithReviewRecoveryOffGetsNoCaseAndAReviewOpensOnce() {
        handle(review(QUIET, "rv-quiet", 1, ReviewPosted.Sentiment.NEGATIVE, List.of(), "差"));
        assertThat(stored).isEmpty();

        handle(bad);
        handle(bad); // the same review again, under another event id
        verify(repository).save(any());
        verify(outbox).write(anyString(), any(), any(), any());
    }

    @Test
    void noCauseIsStoredWhenTheSettingsLeaveItOut() {
        handle(delay(QUIET, "TB-Q", ShipmentDelayed.Reason.PARCEL_LOST));
        handle(review(QUIET, "rv-q", 1, ReviewPosted.Sentiment.NEGATIVE, List.of(), "差"));

        verify(repository, never()).findById(anyString());
        verify(repository, never()).save(any());
        assertThat(meters.get("kefu.aftersales.events.consumed").tag("outcome", "applied").counter().count())
                .isEqualTo(2);
    }

    @Test
    void aLongReviewIsCutToAnExcerptAndOneWithoutTextSaysItsRating() {
        String text = "배송이 너무 늦어요.\n\n" + "별로예요 ".repeat(60);
        String excerpt = AutoCases.excerpt(text);
        assertThat(excerpt.codePointCount(0, excerpt.length())).isEqualTo(AutoCases.EXCERPT_LENGTH + 1);
        assertThat(excerpt).startsWith("배송이 너무 늦어요. 별로예요").endsWith("…").doesNotContain("\n");
        assertThat(AutoCases.excerpt("  짧아요  ")).isEqualTo("짧아요");

        Case.Opened silent = AutoCases.forReview(review("shop-demo", "rv-0", 1, ReviewPosted.Sentiment.NEGATIVE,
                List.of(), null), CaseTest.TARGETS);
        assertThat(silent.event().reason()).isEqualTo("1★");
        assertThatThrownBy(() -> AutoCases.forReview(review("shop-demo", "rv-5", 5, ReviewPosted.Sentiment.POSITIVE,
                List.of(), "좋아요"), CaseTest.TARGETS)).isInstanceOf(CaseRuleViolation.class);
    }

    private void handle(ShipmentDelayed delayed) {
        handle(delivery(), delayed);
    }

    private void handle(CloudEvent attributes, ShipmentDelayed delayed) {
        StepVerifier.create(service.handle(attributes, delayed)).verifyComplete();
    }

    private void handle(ReviewPosted review) {
        StepVerifier.create(service.handle(delivery(), review)).verifyComplete();
    }

    private static CloudEvent delivery() {
        return new CloudEvent(UUID.randomUUID().toString(), "shipment-delayed", "/tests", NOW, "shop-demo");
    }

    private static ShipmentDelayed delay(String shopId, String orderId, ShipmentDelayed.Reason reason) {
        return new ShipmentDelayed(shopId, orderId, "buyer-1", "taobao", reason, null, null, null, NOW);
    }

    private static ReviewPosted review(String shopId, String reviewId, int rating, ReviewPosted.Sentiment sentiment,
                                       List<ReviewPosted.Reason> reasons, String content) {
        return new ReviewPosted(shopId, reviewId, "TB-" + reviewId, "buyer-1", "taobao", rating, sentiment, content,
                NOW, reasons);
    }

    private static ShopSettings settings(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bind("kefu", ShopSettings.class)
                .get();
    }
}
