package dev.kefu.gateway.composite;

import dev.kefu.events.kafka.EventJson;
import dev.kefu.platform.shop.ShopSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InboxTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final Inbox.Filter ANY = new Inbox.Filter(Inbox.Assignee.ANY, "agent-1", Set.of());
    private static final ShopSettings.Returning RETURNING = new ShopSettings.Returning(3, Map.of());

    @Test
    void aBuyerPastTheResponseTargetComesFirstThenEscalationsThenTheRestWithTheirReasons() {
        Inbox.Sources sources = new Inbox.Sources(
                List.of(waiting("b-calm", NOW.minusSeconds(30), NOW.plusSeconds(150), null, false),
                        waiting("b-late", NOW.minusSeconds(400), NOW.minusSeconds(220), "agent-1", false),
                        waiting("b-angry", NOW.minusSeconds(20), NOW.plusSeconds(40), null, true)),
                List.of(kase("c-esc", "b-case", "ESCALATED", "REFUND", NOW.plus(Duration.ofHours(20)), null),
                        kase("c-open", "b-case2", "OPEN", "COMPLAINT", NOW.plus(Duration.ofHours(1)), "agent-2")),
                List.of(), List.of(review("r-1", "b-review", 1)), List.of(order("o-1", "b-parcel", "SHIP_BY_MISSED")), RETURNING);

        List<Inbox.Item> items = Inbox.page(sources, ANY, null, 50, NOW).items();

        assertThat(items).extracting(Inbox.Item::ref)
                .containsExactly("b-late", "b-angry", "c-open", "b-calm", "c-esc", "r-1", "o-1");
        assertThat(items.get(0).reasons()).containsExactly("response-target-missed");
        assertThat(items.get(0).priority()).isEqualTo(90);
        assertThat(items.get(1).reasons()).containsExactly("response-due-soon", "complaint-or-threat-words",
                "buyer-upset");
        assertThat(items.get(2).reasons()).containsExactly("resolution-due-soon", "complaint");
        assertThat(items.get(4).reasons()).containsExactly("escalated");
        assertThat(items.get(5).reasons()).containsExactly("bad-review", "one-star");
        assertThat(items.get(6).reasons()).containsExactly("ship-by-missed");
        assertThat(items.get(6).since()).isEqualTo(NOW.minus(Duration.ofHours(5)));
        assertThat(items).allSatisfy(i -> assertThat(i.priority()).isBetween(0, Inbox.MAX_PRIORITY));
    }

    @Test
    void aBuyerWithADelayAnOpenCaseAndABadReviewIsAtRiskAndOnlyThen() {
        Inbox.Sources all = new Inbox.Sources(List.of(),
                List.of(kase("c-1", "b-risk", "OPEN", "COMPLAINT", null, null),
                        kase("c-2", "b-two", "OPEN", "COMPLAINT", null, null)),
                List.of(), List.of(review("r-1", "b-risk", 2), review("r-2", "b-two", 2)),
                List.of(order("o-1", "b-risk", "TRACKING_STALLED")), RETURNING);

        List<Inbox.Item> items = Inbox.page(all, ANY, null, 50, NOW).items();

        assertThat(items.get(0).kind()).isEqualTo(Inbox.Kind.AT_RISK);
        assertThat(items.get(0).buyerId()).isEqualTo("b-risk");
        assertThat(items.get(0).reasons()).containsExactly("delayed-shipment", "open-case", "bad-review");
        assertThat(items).filteredOn(i -> i.kind() == Inbox.Kind.AT_RISK).hasSize(1);
    }

    @Test
    void filtersByAssigneeAndKindAndCountsWhatTheyLeave() {
        Inbox.Sources sources = new Inbox.Sources(
                List.of(waiting("b-mine", NOW, null, "agent-1", false), waiting("b-theirs", NOW, null, "agent-2", false),
                        waiting("b-nobody", NOW, null, null, false)),
                List.of(kase("c-mine", "b-x", "OPEN", "REFUND", null, "agent-1")), List.of(),
                List.of(review("r-1", "b-y", 2)), List.of(), RETURNING);

        Inbox.Page mine = Inbox.page(sources, new Inbox.Filter(Inbox.Assignee.ME, "agent-1", Set.of()), null, 50, NOW);
        Inbox.Page unassigned = Inbox.page(sources,
                new Inbox.Filter(Inbox.Assignee.UNASSIGNED, "agent-1", Set.of()), null, 50, NOW);
        Inbox.Page myReplies = Inbox.page(sources,
                new Inbox.Filter(Inbox.Assignee.ME, "agent-1", EnumSet.of(Inbox.Kind.AWAITING_REPLY)), null, 50, NOW);

        assertThat(mine.items()).extracting(Inbox.Item::ref).containsExactlyInAnyOrder("b-mine", "c-mine");
        assertThat(unassigned.items()).extracting(Inbox.Item::ref).containsExactlyInAnyOrder("b-nobody", "r-1");
        assertThat(myReplies.items()).extracting(Inbox.Item::ref).containsExactly("b-mine");
        assertThat(mine.counts()).containsEntry(Inbox.Kind.AWAITING_REPLY, 1).containsEntry(Inbox.Kind.CASE, 1);
    }

    @Test
    void pagesWalkTheWholeQueueOnceInOrderAndTheCursorSurvivesItsText() {
        List<JsonNode> waiting = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // equal priorities: the order falls to due, then since (nanoseconds count), then ref
            waiting.add(waiting("b-" + i, NOW.minusNanos(1_000_001L * (i % 3)), null, null, false));
        }
        Inbox.Sources sources = new Inbox.Sources(waiting, List.of(), List.of(), List.of(), List.of(), RETURNING);
        List<String> all = Inbox.page(sources, ANY, null, 50, NOW).items().stream().map(Inbox.Item::ref).toList();

        List<String> walked = new ArrayList<>();
        InboxCursor cursor = null;
        int pages = 0;
        do {
            Inbox.Page page = Inbox.page(sources, ANY, cursor, 2, NOW);
            page.items().forEach(i -> walked.add(i.ref()));
            cursor = page.next() == null ? null : InboxCursor.parse(page.next().text());
            pages++;
        } while (cursor != null);

        assertThat(walked).isEqualTo(all).hasSize(7).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(4);
    }

    @Test
    void aCursorThatIsNotOneIsRefusedWithAReason() {
        for (String bad : List.of("", "not-base64!", "djF8eHx5", "djJ8MXwtfC18Q0FTRXxj")) {
            assertThatThrownBy(() -> InboxCursor.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("is not a cursor of this list");
        }
    }

    @Test
    void aBadReviewWithItsRecoveryCaseIsOneItemTheCase() {
        Inbox.Sources sources = new Inbox.Sources(List.of(),
                List.of(kase("RR-r-1", "b-review", "OPEN", "REVIEW_RECOVERY", null, null)), List.of(),
                List.of(review("r-1", "b-review", 1), review("r-2", "b-other", 2)), List.of(), RETURNING);

        List<Inbox.Item> items = Inbox.page(sources, ANY, null, 50, NOW).items();

        assertThat(items).extracting(Inbox.Item::ref).containsExactly("RR-r-1", "r-2");
        assertThat(items.get(0).reasons()).containsExactly("bad-review");
    }

    @Test
    void aReturningBuyerWaitingForAReplySaysSo() {
        JsonNode regular = waiting("b-regular", NOW.minusSeconds(30), NOW.plusSeconds(150), null, false);
        ((tools.jackson.databind.node.ObjectNode) regular).put("paidOrders", 3);
        JsonNode second = waiting("b-second", NOW.minusSeconds(30), NOW.plusSeconds(150), null, false);
        ((tools.jackson.databind.node.ObjectNode) second).put("paidOrders", 2);
        Inbox.Sources sources = new Inbox.Sources(List.of(regular, second), List.of(), List.of(), List.of(), List.of(),
                RETURNING);

        List<Inbox.Item> items = Inbox.page(sources, ANY, null, 50, NOW).items();

        assertThat(items).extracting(Inbox.Item::ref).containsExactly("b-regular", "b-second");
        assertThat(items.get(0).reasons()).containsExactly("returning-customer");
        assertThat(items.get(0).priority()).isGreaterThan(items.get(1).priority());
        assertThat(items.get(1).reasons()).isEmpty();
    }

    @Test
    void aCaseAwaitingApprovalComesUpAndOneWaitingForTheBuyerGoesDownUntilItsTargetRunsLate() {
        Instant later = NOW.plus(Duration.ofHours(20));
        Inbox.Sources sources = new Inbox.Sources(List.of(),
                List.of(kase("c-wait", "b-1", "WAITING_FOR_BUYER", "RETURN", later, "agent-1"),
                        kase("c-open", "b-2", "IN_PROGRESS", "RETURN", later, "agent-1"),
                        kase("c-approve", "b-3", "WAITING_FOR_APPROVAL", "REFUND", later, "agent-1"),
                        kase("c-wait-late", "b-4", "WAITING_FOR_BUYER", "RETURN", NOW.minusSeconds(60), "agent-1")),
                List.of(), List.of(), List.of(), RETURNING);

        List<Inbox.Item> items = Inbox.page(sources, ANY, null, 50, NOW).items();

        assertThat(items).extracting(Inbox.Item::ref).containsExactly("c-wait-late", "c-approve", "c-open", "c-wait");
        assertThat(items.get(1).reasons()).containsExactly("awaiting-approval");
        assertThat(items.get(3).reasons()).containsExactly("waiting-for-buyer");
        assertThat(items.get(0).reasons()).containsExactly("waiting-for-buyer", "resolution-target-missed");
    }

    private static JsonNode waiting(String buyer, Instant since, Instant due, String assignee, boolean upset) {
        var c = EventJson.mapper().createObjectNode();
        c.put("id", "shop-demo:" + buyer).put("buyerId", buyer).put("awaitingReplySince", since.toString())
                .put("needsAttention", upset).put("buyerMood", upset ? "NEGATIVE" : "NEUTRAL");
        if (due != null) {
            c.put("responseDue", due.toString());
        }
        if (assignee != null) {
            c.put("assignee", assignee);
        }
        return c;
    }

    private static JsonNode kase(String id, String buyer, String status, String kind, Instant due, String assignee) {
        var c = EventJson.mapper().createObjectNode();
        c.put("caseId", id).put("buyerId", buyer).put("status", status).put("kind", kind)
                .put("openedAt", NOW.minus(Duration.ofHours(3)).toString()).put("reason", "破损");
        if (due != null) {
            c.put("resolutionDue", due.toString());
        }
        if (assignee != null) {
            c.put("assignee", assignee);
        }
        return c;
    }

    private static JsonNode review(String id, String buyer, int rating) {
        var r = EventJson.mapper().createObjectNode();
        r.put("reviewId", id).put("buyerId", buyer).put("rating", rating).put("content", "质量很差")
                .put("postedAt", NOW.minus(Duration.ofHours(2)).toString());
        return r;
    }

    private static JsonNode order(String id, String buyer, String delay) {
        var o = EventJson.mapper().createObjectNode();
        o.put("orderId", id).put("buyerId", buyer).put("delayReported", delay)
                .put("shipBy", NOW.minus(Duration.ofHours(5)).toString())
                .put("paidAt", NOW.minus(Duration.ofDays(2)).toString());
        return o;
    }
}
