package dev.kefu.gateway.stream;

import dev.kefu.events.EventType;
import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.platform.testing.TestTokens;
import dev.kefu.platform.testing.TopicProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.kafka.test.context.EmbeddedKafka;
import reactor.core.Disposable;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /api/stream} against an embedded broker: the shop's events only, resumable, with heartbeats. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kefu.security.mode=local", "kefu.security.jwt-secret=" + TestTokens.SECRET,
        "kefu.gateway.delivery.enabled=false",
        "kefu.gateway.stream.heartbeat=PT1S",
        "kefu.kafka.partitions=1"})
@EmbeddedKafka(partitions = 1)
@AutoConfigureWebTestClient
class StreamIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Autowired
    WebTestClient http;

    @Test
    void anAgentGetsItsShopsEventsLiveAndNeverAnotherShopsAndResumesWithLastEventId() {
        String shop = "shop-live-" + UUID.randomUUID().toString().substring(0, 8);
        String token = TestTokens.issue(shop, "agent-1", List.of("agent"));
        Listener first = listen(token, null);
        await().atMost(WAIT).until(() -> first.named("ready").size() == 1);

        String paidOrder = "TB-SSE-" + UUID.randomUUID();
        send(EventTypes.ORDER_PAID, shop, paidOrder);
        send(EventTypes.REVIEW_POSTED, "shop-rival", "TB-RIVAL-" + UUID.randomUUID());
        String delayed = "TB-SSE-" + UUID.randomUUID();
        send(EventTypes.SHIPMENT_DELAYED, shop, delayed);
        await().atMost(WAIT).until(() -> first.data().size() == 2);
        assertThat(first.names()).containsExactly("ready", "order-paid", "shipment-delayed");
        assertThat(first.data().get(0)).contains(paidOrder);
        assertThat(first.data().get(1)).contains(delayed);
        assertThat(String.join("", first.data())).doesNotContain("TB-RIVAL").doesNotContain("shop-rival");
        await().atMost(WAIT).until(() -> first.heartbeats() > 0);
        String lastId = first.lastId();
        first.close();

        // another agent of the shop stays connected: once it has the event, the gateway has read it
        Listener watcher = listen(token, null);
        await().atMost(WAIT).until(() -> watcher.named("ready").size() == 1);
        String whileAway = "TB-SSE-" + UUID.randomUUID();
        send(EventTypes.COMPLAINT_OPENED, shop, whileAway);
        send(EventTypes.ORDER_PAID, "shop-rival", "TB-RIVAL-" + UUID.randomUUID());
        await().atMost(WAIT).until(() -> watcher.data().size() == 1);
        watcher.close();
        Listener resumed = listen(token, lastId);
        await().atMost(WAIT).until(() -> resumed.data().size() == 1);
        assertThat(resumed.names()).containsExactly("complaint-opened");
        assertThat(resumed.data().get(0)).contains(whileAway);
        String more = "TB-SSE-" + UUID.randomUUID();
        send(EventTypes.REVIEW_POSTED, shop, more);
        await().atMost(WAIT).until(() -> resumed.data().size() == 2);
        assertThat(resumed.names()).as("the missed one once, then live").containsExactly("complaint-opened", "review-posted");
        String changedCase = "CS-SSE-" + UUID.randomUUID();
        send(EventTypes.CASE_UPDATED, shop, changedCase);
        await().atMost(WAIT).until(() -> resumed.data().size() == 3);
        assertThat(resumed.names()).endsWith("case-updated");
        assertThat(resumed.data().get(2)).contains(changedCase, "\"change\":\"RESOLVED\"");
        assertThat(resumed.lastId()).as("one field per partition of the nine topics").matches("v1(\\.[-0-9a-z]+){9}");
        resumed.close();

        Listener unknown = listen(token, "v1.not-a-position");
        await().atMost(WAIT).until(() -> !unknown.names().isEmpty());
        assertThat(unknown.names()).containsExactly("reset");
        unknown.close();
        Listener oldLayout = listen(token, "v1.-.-.-.-.-.-.-.-"); // the eight topics before case-updated
        await().atMost(WAIT).until(() -> !oldLayout.names().isEmpty());
        assertThat(oldLayout.names()).containsExactly("reset");
        oldLayout.close();
    }

    @Test
    void withoutAValidTokenThereIsNoStream() {
        http.get().uri("/api/stream").accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/stream").accept(MediaType.TEXT_EVENT_STREAM).headers(h -> h.setBearerAuth("not-a-token"))
                .exchange().expectStatus().isUnauthorized();
    }

    private void send(EventType<?> type, String shop, String key) {
        ObjectNode json = Fixtures.json(type);
        json.put("shopId", shop);
        json.put("orderId", key);
        TopicProbe.send(kafka, type.topic(), key, Fixtures.bytes(json), Fixtures.headers(type, shop));
    }

    private Listener listen(String token, String lastEventId) {
        List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Disposable subscription = http.mutate().responseTimeout(Duration.ofMinutes(5)).build()
                .get().uri("/api/stream").accept(MediaType.TEXT_EVENT_STREAM)
                .headers(h -> {
                    h.setBearerAuth(token);
                    if (lastEventId != null) {
                        h.set("Last-Event-ID", lastEventId);
                    }
                })
                .exchange().expectStatus().isOk().returnResult(SSE).getResponseBody()
                .subscribe(events::add, errors::add);
        return new Listener(events, subscription, errors);
    }

    private record Listener(List<ServerSentEvent<String>> events, Disposable subscription, List<Throwable> errors) {

        /** The events so far; fails at once when the stream broke off. */
        List<ServerSentEvent<String>> received() {
            assertThat(errors).as("the stream's errors").isEmpty();
            return events;
        }

        List<ServerSentEvent<String>> named(String name) {
            return received().stream().filter(e -> name.equals(e.event())).toList();
        }

        List<String> names() {
            return received().stream().filter(e -> e.event() != null).map(ServerSentEvent::event).toList();
        }

        List<String> data() {
            return received().stream().filter(e -> e.event() != null && !List.of("ready", "reset").contains(e.event()))
                    .map(ServerSentEvent::data).toList();
        }

        long heartbeats() {
            return received().stream().filter(e -> e.event() == null && "heartbeat".equals(e.comment())).count();
        }

        String lastId() {
            return received().stream().filter(e -> e.id() != null).reduce((a, b) -> b).orElseThrow().id();
        }

        void close() {
            subscription.dispose();
        }
    }
}
