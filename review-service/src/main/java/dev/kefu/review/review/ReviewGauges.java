package dev.kefu.review.review;

import dev.kefu.events.review.ReviewPosted.Reason;
import dev.kefu.platform.kpi.Ratio;
import dev.kefu.platform.shop.ShopSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The review analytics of each configured shop ({@code kefu.shops.<id>}) over the trailing
 * {@code kefu.review.analytics.window} (default 30 days) as Prometheus gauges, recomputed every
 * {@code kefu.review.analytics.refresh}: {@code kefu.review.window.reviews}, {@code kefu.review.ratings{rating}},
 * {@code kefu.review.negative.rate}, {@code kefu.review.reasons{reason}}, {@code kefu.review.follow.up.rate},
 * {@code kefu.review.recovery.rate}, each tagged {@code shop}. A rate with nothing to divide by is NaN. Every replica
 * reads the same database, so any one of them can be scraped.
 */
@Component
class ReviewGauges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReviewGauges.class);

    private final ReviewAnalytics analytics;
    private final ShopSettings shops;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Duration window;
    private final Duration refresh;
    private final Map<String, ReviewAnalytics.Figures> latest = new ConcurrentHashMap<>();
    private volatile Disposable running;

    ReviewGauges(ReviewAnalytics analytics, ShopSettings shops, MeterRegistry registry, Clock clock,
                 @Value("${kefu.review.analytics.window:P30D}") Duration window,
                 @Value("${kefu.review.analytics.refresh:PT1M}") Duration refresh) {
        this.analytics = analytics;
        this.shops = shops;
        this.registry = registry;
        this.clock = clock;
        this.window = window;
        this.refresh = refresh;
        shops.shops().keySet().forEach(this::register);
    }

    private void register(String shop) {
        gauge("kefu.review.window.reviews", shop, "reviews posted in the trailing window", f -> f.reviews());
        for (int stars = 1; stars <= 5; stars++) {
            int rating = stars;
            Gauge.builder("kefu.review.ratings", latest, m -> value(m.get(shop), f -> f.ratingDistribution().get(rating)))
                    .description("reviews of each star rating in the trailing window")
                    .tag("shop", shop).tag("rating", String.valueOf(rating)).register(registry);
        }
        for (Reason reason : Reason.values()) {
            Gauge.builder("kefu.review.reasons", latest, m -> value(m.get(shop), f -> f.topReasons().stream()
                            .filter(c -> c.reason() == reason).mapToLong(ReviewAnalytics.ReasonCount::count).sum()))
                    .description("reviews giving each complaint reason in the trailing window")
                    .tag("shop", shop).tag("reason", reason.name()).register(registry);
        }
        gauge("kefu.review.negative.rate", shop, "share of the window's reviews that read negative",
                f -> rate(f.negativeRate()));
        gauge("kefu.review.follow.up.rate", shop, "share of the window's 中差评 followed up", f -> rate(f.followUpRate()));
        gauge("kefu.review.recovery.rate", shop, "share of the window's 中差评 revised to a better rating",
                f -> rate(f.recoveryRate()));
    }

    private void gauge(String name, String shop, String description, Function<ReviewAnalytics.Figures, Number> value) {
        Gauge.builder(name, latest, m -> value(m.get(shop), value)).description(description)
                .tag("shop", shop).register(registry);
    }

    private static double value(ReviewAnalytics.Figures figures,
                                Function<ReviewAnalytics.Figures, Number> value) {
        if (figures == null) {
            return Double.NaN;
        }
        Number n = value.apply(figures);
        return n == null ? Double.NaN : n.doubleValue();
    }

    private static Double rate(Ratio ratio) {
        return ratio.value();
    }

    @Override
    public void start() {
        if (shops.shops().isEmpty()) {
            return;
        }
        running = Flux.interval(Duration.ZERO, refresh)
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(shops.shops().keySet())
                        .concatMap(shop -> analytics.of(shop, clock.instant().minus(window), clock.instant())
                                .doOnNext(f -> latest.put(shop, f)))
                        .onErrorResume(e -> {
                            log.warn("review analytics gauges not refreshed: {}", e.toString());
                            return Flux.empty();
                        }))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable d = running;
        if (d != null) {
            d.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null && !running.isDisposed();
    }
}
