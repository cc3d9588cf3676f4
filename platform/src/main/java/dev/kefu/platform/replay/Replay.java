package dev.kefu.platform.replay;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Flux;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A service's side of a rebuild from Kafka ({@link Rebuild} wrote the horizon into the emptied database). While
 * replaying, a record below the horizon of its topic-partition (its group had consumed it before the rebuild) is
 * applied again with its effects already done: nothing is published for it, and the effects that no input caused
 * (timers, desk requests), which the command read back from the service's own topics, are put back right after the
 * input event they followed. Due work holds until every group has committed past its horizon: a timer that fired
 * during the replay would judge an order by half its history. Then the marker gets {@code finishedAt} and the
 * service works as ever. Without a marker (the normal case) this costs one read at start.
 * <p>
 * The marker is read when the context starts, in {@link #PHASE} (before the Kafka listener containers and due work),
 * not when the bean is made: a context refreshed without a database (the class-data sharing training run of the
 * devstack and of the service images, {@code -Dspring.context.exit=onRefresh}) must come up. Until then
 * {@link #finished()} is false, so due work holds, and {@link #replaying} refuses to answer.
 */
public class Replay implements SmartLifecycle {

    /** Header of an effect no input caused: the id of the last input event its aggregate had applied. */
    public static final String FOLLOWS = "kefu_follows";
    public static final String HORIZON_COLLECTION = "replay_horizon";
    public static final String EFFECTS_COLLECTION = "replay_effects";
    static final String MARKER_ID = "horizon";

    /** Before the Kafka listener containers ({@code Integer.MAX_VALUE - 100}) and due work (the default phase). */
    public static final int PHASE = 0;

    private static final Logger log = LoggerFactory.getLogger(Replay.class);

    private final ReactiveMongoTemplate mongo;
    private final Supplier<Admin> admin;
    private final Clock clock;
    private final Duration checkEvery;
    /** topic-partition → first offset the service had not consumed before the rebuild; empty when not replaying. */
    private final Map<TopicPartition, Long> horizon = new HashMap<>();
    private final Map<TopicPartition, String> groups = new HashMap<>();
    private volatile boolean loaded;
    private volatile boolean finished;
    private volatile long remaining = -1;
    private boolean started;
    private ScheduledExecutorService checker;

    public Replay(ReactiveMongoTemplate mongo, Supplier<Admin> admin, Clock clock, Duration checkEvery) {
        this.mongo = mongo;
        this.admin = admin;
        this.clock = clock;
        this.checkEvery = checkEvery;
    }

    /** Reads the marker (once): the horizon when the database was rebuilt and the replay is not over. */
    synchronized void load() {
        if (loaded) {
            return;
        }
        Document marker = mongo.findById(MARKER_ID, Document.class, HORIZON_COLLECTION).block(Duration.ofSeconds(30));
        if (marker == null || marker.get("finishedAt") != null) {
            finished = true;
            loaded = true;
            return;
        }
        for (Document entry : marker.getList("horizon", Document.class, List.of())) {
            TopicPartition tp = new TopicPartition(entry.getString("topic"), entry.getInteger("partition"));
            horizon.put(tp, ((Number) entry.get("offset")).longValue());
            groups.put(tp, entry.getString("group"));
        }
        loaded = true;
        log.info("replaying: the database was rebuilt at {}; records below the horizon of {} partitions are applied "
                + "without publishing, due work waits until the replay is over", marker.get("writtenAt"), horizon.size());
    }

    /** Whether {@code record} is one the service had consumed before the rebuild (its effects are done already). */
    public boolean replaying(ConsumerRecord<?, ?> record) {
        if (finished) {
            return false;
        }
        if (!loaded) {
            // a listener started before this bean: it cannot tell a replayed record from a new one
            throw new IllegalStateException("the replay horizon is not read yet (Replay starts in phase " + PHASE
                    + ", before the listener containers)");
        }
        Long below = horizon.get(new TopicPartition(record.topic(), record.partition()));
        return below != null && record.offset() < below;
    }

    /** False until every group committed past its horizon; due work holds while it is false. */
    public boolean finished() {
        return finished;
    }

    /** Records below the horizon not yet committed (-1: not known yet, 0 once finished). */
    public long remaining() {
        return finished ? 0 : remaining;
    }

    /**
     * The effects an earlier life of the service recorded right after it applied input event {@code inputEventId},
     * in the order they were recorded.
     */
    public Flux<Effect> effectsFollowing(String inputEventId) {
        return mongo.find(Query.query(Criteria.where("follows").is(inputEventId)), Document.class, EFFECTS_COLLECTION)
                .map(Effect::of)
                .sort((a, b) -> a.time().compareTo(b.time()));
    }

    @Override
    public synchronized void start() {
        load();
        started = true;
        if (finished || checker != null) {
            return;
        }
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "replay-horizon");
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(this::check, 0, checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Compares the groups' committed offsets with the horizon; once all are past it, the replay is over. */
    void check() {
        if (finished) {
            return;
        }
        try (Admin client = admin.get()) {
            long left = 0;
            for (String group : Set.copyOf(groups.values())) {
                Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                for (Map.Entry<TopicPartition, Long> h : horizon.entrySet()) {
                    if (group.equals(groups.get(h.getKey()))) {
                        OffsetAndMetadata at = committed.get(h.getKey());
                        left += Math.max(0, h.getValue() - (at == null ? 0 : at.offset()));
                    }
                }
            }
            remaining = left;
            if (left == 0) {
                mongo.updateFirst(Query.query(Criteria.where("_id").is(MARKER_ID)),
                        new Update().set("finishedAt", Date.from(clock.instant())), HORIZON_COLLECTION)
                        .then(mongo.dropCollection(EFFECTS_COLLECTION)) // put back where they belong: not needed again
                        .block(Duration.ofSeconds(30));
                finished = true;
                log.info("replay finished: every group is past its horizon; publishing and due work go on as usual");
                checker.shutdown();
            }
        } catch (Exception e) {
            log.warn("replay: could not compare the groups' offsets with the horizon, trying again: {}", e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void stop() {
        started = false;
        if (checker != null) {
            checker.shutdownNow();
            checker = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return started;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** One recorded effect, as its record was on the service's own topic. */
    public record Effect(String eventId, String type, String topic, String key, String shopId, java.time.Instant time,
                         String payload) {

        static Effect of(Document d) {
            return new Effect(d.getString("_id"), d.getString("type"), d.getString("topic"), d.getString("key"),
                    d.getString("shopId"), d.getDate("time").toInstant(), d.getString("payload"));
        }
    }
}
