package dev.kefu.gateway.stream;

import dev.kefu.events.Topics;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class StreamHubTest {

    private static final StreamTopics TOPICS = new StreamTopics(1); // nine topics, one partition each
    private final MutableClock clock = new MutableClock();

    @Test
    void aNewStreamStartsWithReadyThenGetsItsShopsEventsLiveAndNeverAnotherShops() {
        StreamHub hub = hub(Duration.ofMinutes(15), 100, 16);
        hub.read(0, 0, "shop-a", "message.received", "{\"n\":0}", clock.instant()); // before the stream opened: not sent
        Client a = Client.of(hub.open("shop-a", null));
        Client b = Client.of(hub.open("shop-b", null));
        hub.read(0, 1, "shop-a", "message.received", "{\"n\":1}", clock.instant());
        hub.read(2, 0, "shop-b", "order-paid", "{\"n\":2}", clock.instant());
        hub.read(4, 0, "shop-a", "complaint-opened", "{\"n\":3}", clock.instant());

        assertThat(a.names()).containsExactly("ready", "message.received", "complaint-opened");
        assertThat(a.data()).containsExactly("{\"n\":1}", "{\"n\":3}");
        assertThat(b.names()).containsExactly("ready", "order-paid");
        assertThat(a.events.get(0).id()).isEqualTo("v1.0.-.-.-.-.-.-.-.-");
        assertThat(a.lastId()).isEqualTo("v1.1.-.0.-.0.-.-.-.-");
        a.close();
        b.close();
        assertThat(hub.openStreams()).isZero();
    }

    @Test
    void caseChangesComeLastInTheLayoutAndAnIdOfTheEightTopicLayoutGetsAReset() {
        int caseUpdated = TOPICS.indexOf(new TopicPartition(Topics.CASE_UPDATED, 0));
        assertThat(caseUpdated).isEqualTo(StreamTopics.TOPICS.size() - 1).isEqualTo(8);
        StreamHub hub = hub(Duration.ofMinutes(15), 100, 16);
        Client a = Client.of(hub.open("shop-a", null));
        hub.read(caseUpdated, 0, "shop-a", "case-updated", "c0", clock.instant());
        assertThat(a.names()).containsExactly("ready", "case-updated");
        assertThat(a.lastId()).isEqualTo("v1.-.-.-.-.-.-.-.-.0");
        a.close();

        // a client that last saw the stream before case-updated was added holds one field fewer
        Client old = Client.of(hub.open("shop-a", "v1.-.-.-.-.-.-.-.-"));
        assertThat(old.names()).containsExactly("reset");
        assertThat(old.events.get(0).id()).isEqualTo("v1.-.-.-.-.-.-.-.-.0");
    }

    @Test
    void reconnectingWithTheLastIdSendsExactlyWhatWasMissed() {
        StreamHub hub = hub(Duration.ofMinutes(15), 100, 16);
        Client first = Client.of(hub.open("shop-a", null));
        hub.read(0, 0, "shop-a", "message.received", "m0", clock.instant());
        hub.read(1, 0, "shop-a", "message-outbound", "o0", clock.instant());
        String last = first.lastId();
        first.close();
        hub.read(0, 1, "shop-a", "message.received", "m1", clock.instant());
        hub.read(2, 0, "shop-b", "order-paid", "other shop", clock.instant());
        hub.read(1, 1, "shop-a", "message-outbound", "o1", clock.instant());

        Client again = Client.of(hub.open("shop-a", last));
        hub.read(0, 2, "shop-a", "message.received", "m2", clock.instant());
        assertThat(again.data()).containsExactly("m1", "o1", "m2");
        assertThat(again.names()).doesNotContain("ready", "reset");
    }

    @Test
    void anotherReplicaThatReadThePartitionsInAnotherOrderResumesWithoutLossOrRepeat() {
        StreamHub a = hub(Duration.ofMinutes(15), 100, 16);
        StreamHub b = hub(Duration.ofMinutes(15), 100, 16);
        // replica a reads partition 0 ahead of partition 1; replica b the other way round
        a.read(0, 0, "shop-a", "message.received", "m0", clock.instant());
        Client onA = Client.of(a.open("shop-a", null));
        a.read(0, 1, "shop-a", "message.received", "m1", clock.instant());
        String last = onA.lastId();
        onA.close();
        b.read(1, 0, "shop-a", "message-outbound", "o0", clock.instant());
        b.read(1, 1, "shop-a", "message-outbound", "o1", clock.instant());
        b.read(0, 0, "shop-a", "message.received", "m0", clock.instant());
        b.read(0, 1, "shop-a", "message.received", "m1", clock.instant());
        b.read(0, 2, "shop-a", "message.received", "m2", clock.instant());
        a.read(1, 0, "shop-a", "message-outbound", "o0", clock.instant());

        Client onB = Client.of(b.open("shop-a", last));
        assertThat(onB.data()).containsExactly("o0", "o1", "m2");
    }

    @Test
    void anIdOlderThanTheRetentionOrUnknownGetsAResetWithTheIdToCarryOnFrom() {
        StreamHub hub = hub(Duration.ofMinutes(15), 3, 16);
        Client first = Client.of(hub.open("shop-a", null));
        hub.read(0, 0, "shop-a", "message.received", "m0", clock.instant());
        String last = first.lastId();
        first.close();
        for (int i = 1; i <= 4; i++) { // four more: the shop keeps three, m1 is gone
            hub.read(0, i, "shop-a", "message.received", "m" + i, clock.instant());
        }
        Client late = Client.of(hub.open("shop-a", last));
        assertThat(late.names()).containsExactly("reset");
        assertThat(late.events.get(0).id()).startsWith("v1.4.");

        clock.advance(Duration.ofMinutes(16));
        hub.sweep();
        Client garbage = Client.of(hub.open("shop-a", "not-a-position"));
        assertThat(garbage.names()).containsExactly("reset");
        Client tooOld = Client.of(hub.open("shop-a", late.lastId()));
        assertThat(tooOld.names()).as("nothing missed since").isEmpty();
    }

    @Test
    void aClientThatReadsTooSlowlyLosesOnlyItsOwnStream() {
        StreamHub hub = hub(Duration.ofMinutes(15), 2, 4); // at most 2 + 4 waiting
        Client fast = Client.of(hub.open("shop-a", null));
        // the slow client requests nothing: after six waiting events its stream ends, ahead of what it had queued
        StepVerifier.create(hub.open("shop-a", null), 0)
                .then(() -> {
                    for (int i = 0; i < 10; i++) {
                        hub.read(0, i, "shop-a", "message.received", "m" + i, clock.instant());
                    }
                })
                .expectError(StreamHub.TooSlow.class)
                .verify(Duration.ofSeconds(5));
        assertThat(fast.data()).hasSize(10);
        assertThat(hub.openStreams()).isEqualTo(1);
        fast.close();
    }

    @Test
    void aPartitionWithHistoryButNothingNewDoesNotTurnEveryResumeIntoAReset() {
        StreamHub hub = new StreamHub(TOPICS, Duration.ofMinutes(15), 100, 16, 10_000, clock);
        for (int i = 0; i < TOPICS.partitions().size(); i++) {
            hub.startsAt(i, 41); // every partition read up to 40 long ago, nothing within the window
        }
        Client first = Client.of(hub.open("shop-a", null));
        assertThat(first.events.get(0).id()).isEqualTo("v1.14.14.14.14.14.14.14.14.14");
        hub.read(0, 41, "shop-a", "message.received", "m41", clock.instant());
        String last = first.lastId();
        first.close();
        hub.read(0, 42, "shop-a", "message.received", "m42", clock.instant());
        Client again = Client.of(hub.open("shop-a", last));
        assertThat(again.names()).containsExactly("message.received");
        assertThat(again.data()).containsExactly("m42");
    }

    @Test
    void aShopForgottenByTheSweepStillResetsAClientThatMissedWhatItDropped() {
        StreamHub hub = hub(Duration.ofMinutes(15), 100, 16);
        Client first = Client.of(hub.open("shop-a", null));
        String last = first.lastId();
        first.close();
        hub.read(0, 0, "shop-a", "message.received", "m0", clock.instant());
        clock.advance(Duration.ofMinutes(16));
        hub.sweep(); // m0 past the window and no stream open: the shop's entry goes
        Client back = Client.of(hub.open("shop-a", last));
        assertThat(back.names()).containsExactly("reset");
    }

    @Test
    void pastTheGlobalCapTheOldestEventOfAnyShopGoesFirstAndItsClientIsReset() {
        StreamHub hub = hub(Duration.ofMinutes(15), 100, 16, 4);
        Client a = Client.of(hub.open("shop-a", null));
        String aBefore = a.lastId();
        a.close();
        Client b = Client.of(hub.open("shop-b", null));
        String bBefore = b.lastId();
        b.close();
        hub.read(0, 0, "shop-a", "message.received", "a0", clock.instant()); // the oldest of all
        hub.read(0, 1, "shop-b", "message.received", "b1", clock.instant());
        hub.read(0, 2, "shop-b", "message.received", "b2", clock.instant());
        hub.read(0, 3, "shop-b", "message.received", "b3", clock.instant());
        hub.read(0, 4, "shop-b", "message.received", "b4", clock.instant());

        assertThat(hub.retained()).isEqualTo(4);
        assertThat(Client.of(hub.open("shop-a", aBefore)).names()).as("a0 dropped").containsExactly("reset");
        assertThat(Client.of(hub.open("shop-b", bBefore)).data()).containsExactly("b1", "b2", "b3", "b4");
        hub.read(0, 5, "shop-b", "message.received", "b5", clock.instant());
        assertThat(Client.of(hub.open("shop-b", bBefore)).names()).as("b1 dropped now").containsExactly("reset");
    }

    @Test
    void theSweepTakesWhatIsPastTheWindowOffTheGlobalCount() {
        StreamHub hub = hub(Duration.ofMinutes(15), 100, 16, 10);
        hub.read(0, 0, "shop-a", "message.received", "a0", clock.instant());
        clock.advance(Duration.ofMinutes(10));
        hub.read(0, 1, "shop-b", "message.received", "b1", clock.instant());
        clock.advance(Duration.ofMinutes(6));
        hub.sweep();
        assertThat(hub.retained()).isEqualTo(1);
    }

    /** A hub whose reader started every partition at offset 0. */
    private StreamHub hub(Duration retention, int perShop, int queue) {
        return hub(retention, perShop, queue, 10_000);
    }

    private StreamHub hub(Duration retention, int perShop, int queue, int maxRetained) {
        StreamHub hub = new StreamHub(TOPICS, retention, perShop, queue, maxRetained, clock);
        for (int i = 0; i < TOPICS.partitions().size(); i++) {
            hub.startsAt(i, 0);
        }
        return hub;
    }

    /** A subscriber that requests everything and records it. */
    private record Client(List<ServerSentEvent<String>> events, Disposable subscription) {

        static Client of(Flux<ServerSentEvent<String>> flux) {
            List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
            return new Client(events, flux.subscribe(events::add));
        }

        List<String> names() {
            return events.stream().map(ServerSentEvent::event).toList();
        }

        List<String> data() {
            return events.stream().filter(e -> !List.of("ready", "reset").contains(e.event()))
                    .map(ServerSentEvent::data).toList();
        }

        String lastId() {
            return events.get(events.size() - 1).id();
        }

        void close() {
            subscription.dispose();
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-02T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
