package dev.kefu.bench.simulate;

import dev.kefu.events.EventSchemas;
import dev.kefu.events.EventTypes;
import dev.kefu.events.inbound.MarketplaceEvent;
import dev.kefu.events.inbound.MarketplaceLogisticsTrace;
import dev.kefu.events.inbound.MarketplaceLogisticsTrace.Action;
import dev.kefu.events.inbound.MarketplaceMessageReceived;
import dev.kefu.events.inbound.MarketplaceReviewPosted;
import dev.kefu.events.kafka.EventJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficTest {

    private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");
    private static final List<String> SHOPS = List.of("shop-a", "shop-b", "shop-c");
    /** Enough for every branch of the stories to come up many times. */
    private static final int WEBHOOKS = 30_000;

    private static List<Traffic.Planned> traffic(long seed, int count) {
        return new Traffic(seed, SHOPS, START, 50).take(count);
    }

    @Test
    void everyOrdersStoryIsInOrder() {
        List<Traffic.Planned> all = traffic(7, WEBHOOKS);
        Map<String, List<Traffic.Planned>> byOrder = new LinkedHashMap<>();
        Instant previous = Instant.MIN;
        for (Traffic.Planned p : all) {
            assertThat(p.at()).as("timestamps move forward").isAfterOrEqualTo(previous);
            previous = p.at();
            assertThat(p.event().buyerId()).isNotBlank();
            byOrder.computeIfAbsent(p.orderId(), o -> new ArrayList<>()).add(p);
        }
        int signedAndReviewed = 0;
        for (List<Traffic.Planned> story : byOrder.values()) {
            List<String> types = story.stream().map(Traffic.Planned::type).toList();
            assertThat(types.get(0)).isEqualTo("order.created");
            assertThat(story).allSatisfy(p -> assertThat(p.shopId()).isEqualTo(story.get(0).shopId()));
            assertThat(story).allSatisfy(p -> assertThat(p.event().buyerId()).isEqualTo(story.get(0).event().buyerId()));
            before(types, "order.created", "order.paid");
            before(types, "order.paid", "order.shipped");
            before(types, "order.shipped", "logistics.trace");
            before(types, "order.paid", "refund.requested");
            before(types, "refund.requested", "refund.agreed");
            before(types, "refund.requested", "refund.refused");
            before(types, "refund.requested", "refund.closed");
            before(types, "refund.agreed", "return.shipped");
            inThatOrderIfBoth(types, "return.shipped", "refund.completed");
            before(types, "refund.agreed", "refund.completed");
            before(types, "review.posted", "review.revised");
            int signed = indexOf(story, Action.SIGNED);
            int review = types.indexOf("review.posted");
            if (review >= 0) {
                assertThat(signed).as("a review comes after the parcel was signed for").isBetween(0, review - 1);
                signedAndReviewed++;
            }
            if (types.contains("order.closed")) {
                assertThat(types.get(types.size() - 1)).as("nothing after the order closed").isEqualTo("order.closed");
            }
            int finished = types.indexOf("order.finished");
            if (finished >= 0) {
                assertThat(signed).as("finished only once signed for").isBetween(0, finished - 1);
            }
            // Messages are about this order; its buyer writes in one script.
            assertThat(story.stream().map(Traffic.Planned::event).filter(e -> e instanceof MarketplaceMessageReceived)
                    .map(e -> ((MarketplaceMessageReceived) e).orderId())).allMatch(story.get(0).orderId()::equals);
        }
        assertThat(signedAndReviewed).isGreaterThan(100);
    }

    @Test
    void aBuyerSticksToOneLanguage() {
        Map<String, Set<Boolean>> korean = new HashMap<>();
        for (Traffic.Planned p : traffic(11, WEBHOOKS)) {
            if (p.event() instanceof MarketplaceMessageReceived m) {
                korean.computeIfAbsent(m.buyerId(), b -> new HashSet<>()).add(hangul(m.text()));
            }
        }
        assertThat(korean.values()).allSatisfy(scripts -> assertThat(scripts).hasSize(1));
        assertThat(korean.values().stream().flatMap(Set::stream).distinct()).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void theStoriesCoverTheMarketplacesEvents() {
        List<Traffic.Planned> all = traffic(3, WEBHOOKS);
        Set<String> types = new HashSet<>();
        Set<Action> actions = new HashSet<>();
        Set<Integer> ratings = new HashSet<>();
        for (Traffic.Planned p : all) {
            types.add(p.type());
            if (p.event() instanceof MarketplaceLogisticsTrace t) {
                actions.add(t.action());
            }
            if (p.event() instanceof MarketplaceReviewPosted r) {
                ratings.add(r.rating());
            }
        }
        assertThat(types).contains("order.created", "order.paid", "order.shipped", "order.closed", "order.finished",
                "order.fee-modified", "order.address-changed", "logistics.trace", "message.received",
                "refund.requested", "refund.agreed", "refund.refused", "refund.completed", "refund.closed",
                "return.shipped", "review.posted", "review.revised");
        assertThat(actions).contains(Action.GOT, Action.DEPARTURE, Action.SIGNED, Action.FAILED, Action.LOST);
        assertThat(ratings).contains(1, 5);
        // Unpaid orders left open, and parcels that stall (shipped, never signed, lost or failed).
        Map<String, List<String>> byOrder = new HashMap<>();
        all.forEach(p -> byOrder.computeIfAbsent(p.orderId(), o -> new ArrayList<>()).add(p.type()));
        assertThat(byOrder.values()).anyMatch(t -> t.size() == 1 && t.get(0).equals("order.created"));
    }

    @Test
    void everyPayloadValidatesAgainstItsSchema() {
        for (Traffic.Planned p : traffic(5, 5_000)) {
            JsonNode envelope = EventJson.mapper().readTree(p.body());
            assertThat(envelope.path("type").asString()).isEqualTo(p.type());
            assertThat(envelope.path("timestamp").asString()).isEqualTo(p.at().toString());
            var type = EventTypes.named(p.type()).orElseThrow();
            assertThat(EventSchemas.validate(type, envelope.path("data"))).as(p.type() + " " + p.orderId()).isEmpty();
        }
    }

    @Test
    void theSameSeedSendsTheSameWebhooks() {
        assertThat(fingerprint(traffic(42, 3_000))).isEqualTo(fingerprint(traffic(42, 3_000)));
        assertThat(fingerprint(traffic(42, 3_000))).isNotEqualTo(fingerprint(traffic(43, 3_000)));
    }

    @Test
    void idsDeriveFromTheSeedAndNeverRepeat() {
        List<Traffic.Planned> one = traffic(42, 3_000);
        List<Traffic.Planned> other = traffic(43, 3_000);
        Set<String> ids = new HashSet<>();
        one.forEach(p -> ids.add(p.webhookId()));
        assertThat(ids).hasSize(one.size());
        other.forEach(p -> assertThat(ids).doesNotContain(p.webhookId()));
        assertThat(one.get(0).orderId()).isNotEqualTo(other.get(0).orderId());
    }

    private static List<String> fingerprint(List<Traffic.Planned> planned) {
        return planned.stream()
                .map(p -> p.webhookId() + " " + p.shopId() + " " + new String(p.body(), StandardCharsets.UTF_8))
                .toList();
    }

    private static void before(List<String> types, String first, String then) {
        int later = types.indexOf(then);
        if (later >= 0) {
            int earlier = types.indexOf(first);
            assertThat(earlier).as(first + " before " + then + " in " + types).isBetween(0, later - 1);
        }
    }

    /** A refund without a return has no return.shipped; when there is one, it comes first. */
    private static void inThatOrderIfBoth(List<String> types, String first, String then) {
        if (types.contains(first) && types.contains(then)) {
            assertThat(types.indexOf(first)).as(first + " before " + then + " in " + types).isLessThan(types.indexOf(then));
        }
    }

    private static int indexOf(List<Traffic.Planned> story, Action action) {
        for (int i = 0; i < story.size(); i++) {
            MarketplaceEvent e = story.get(i).event();
            if (e instanceof MarketplaceLogisticsTrace t && t.action() == action) {
                return i;
            }
        }
        return -1;
    }

    private static boolean hangul(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HANGUL);
    }
}
