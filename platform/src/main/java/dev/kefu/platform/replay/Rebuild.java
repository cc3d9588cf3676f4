package dev.kefu.platform.replay;

import com.mongodb.ConnectionString;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.kefu.events.CloudEvent;
import dev.kefu.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The rebuild command: empties one service's database so that, started again, the service rebuilds it from Kafka.
 * <pre>
 * java -cp order-service.jar -Dloader.main=dev.kefu.platform.replay.Rebuild \
 *      org.springframework.boot.loader.launch.PropertiesLauncher --kafka 127.0.0.1:9092 \
 *      --mongo mongodb://127.0.0.1:27017 --service order-service          (devstack/rebuild wraps this)
 * </pre>
 * It refuses (exit 2) while any consumer of the service's groups is connected or documents still hold unpublished
 * outbox entries; else it reads the effect log (the records of the service's own topics that carry
 * {@value Replay#FOLLOWS}), drops the database, writes the effect log and the horizon (each group's committed offsets)
 * into the new one, and rewinds the groups to the earliest offsets. Run again if it fails halfway: every step is
 * derived from Kafka again.
 */
public final class Rebuild {

    /** What a rebuild of one service involves. */
    public record Plan(String service, Map<String, List<String>> groupTopics, List<String> effectTopics,
                       List<String> outboxCollections) {
    }

    /** The services a rebuild is wired for. */
    static final Map<String, Plan> PLANS = Map.of("order-service", new Plan("order-service",
            // the service's state: the orders from marketplace input, the customer files from its own order-paid
            Map.of("order-service", List.of(Topics.MARKETPLACE_ORDERS),
                    "order-customer-files", List.of(Topics.ORDER_PAID)),
            // where order-service's timers publish: their records carry the input they followed
            List.of(Topics.PAYMENT_REMINDER_DUE, Topics.SHIPMENT_DELAYED),
            List.of("orders")));

    static final int REFUSED = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Rebuild() {
    }

    public static void main(String[] args) {
        // The Kafka and Mongo clients log every connection at INFO: a command prints only what it did.
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns its exit status (0 done, 2 refused or misused, 1 failed). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String kafka = options.get("kafka");
        String mongo = options.get("mongo");
        Plan plan = PLANS.get(options.getOrDefault("service", ""));
        if (args.length % 2 != 0 || kafka == null || mongo == null || plan == null) {
            err.println("usage: rebuild --kafka <bootstrap servers> --mongo <mongodb uri> --service <"
                    + String.join("|", PLANS.keySet()) + "> [--database <name, default kefu-<service>>]");
            return REFUSED;
        }
        String database = options.getOrDefault("database", "kefu-" + plan.service());
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
        try (MongoClient client = MongoClients.create(new ConnectionString(mongo))) {
            return rebuild(plan, admin, kafka, client.getDatabase(database), out, err);
        } catch (Exception e) {
            err.println("rebuild failed (run it again once the cause is fixed; every step starts from Kafka): " + e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return 1;
        } finally {
            admin.close(Duration.ofSeconds(5)); // not the client's default: wait for ever on calls an absent broker never answers
        }
    }

    private static int rebuild(Plan plan, Admin admin, String kafka, MongoDatabase db, PrintStream out,
                               PrintStream err) throws Exception {
        for (ConsumerGroupDescription group : admin.describeConsumerGroups(plan.groupTopics().keySet()).all()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).values()) {
            if (!group.members().isEmpty()) {
                err.println("refused: " + plan.service() + " is running (consumer group " + group.groupId() + " has "
                        + group.members().size() + " active members); stop every instance first");
                return REFUSED;
            }
        }
        for (String collection : plan.outboxCollections()) {
            // Entries the broker never took exist only in the database: dropping it would lose them.
            Long pending = Mono.from(db.getCollection(collection).countDocuments(Filters.exists("outbox.0")))
                    .block(TIMEOUT);
            if (pending != null && pending > 0) {
                err.println("refused: " + pending + " " + collection + " documents still hold unpublished events; "
                        + "start " + plan.service() + " until they are published (kefu_" + plan.service()
                        .replaceFirst("-service$", "") + "_due_lateness on queue outbox is 0), stop it, run again");
                return REFUSED;
            }
        }

        List<Document> horizon = new ArrayList<>();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> rewinds = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> group : plan.groupTopics().entrySet()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.getKey())
                    .partitionsToOffsetAndMetadata().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Map<TopicPartition, Long> earliest = offsets(admin, partitions(admin, group.getValue()), OffsetSpec.earliest());
            Map<TopicPartition, OffsetAndMetadata> rewind = new LinkedHashMap<>();
            earliest.forEach((tp, first) -> {
                OffsetAndMetadata at = committed.get(tp);
                // What the group had consumed is done; what it had not (lag at the stop) is applied as new input.
                horizon.add(new Document("group", group.getKey()).append("topic", tp.topic())
                        .append("partition", tp.partition()).append("offset", at == null ? first : at.offset()));
                rewind.put(tp, new OffsetAndMetadata(first));
            });
            rewinds.put(group.getKey(), rewind);
        }

        List<Document> effects = effectLog(admin, kafka, plan.effectTopics());

        Mono.from(db.drop()).block(TIMEOUT);
        out.println("dropped database " + db.getName());
        if (!effects.isEmpty()) {
            Mono.from(db.getCollection(Replay.EFFECTS_COLLECTION).insertMany(effects)).block(TIMEOUT);
            Mono.from(db.getCollection(Replay.EFFECTS_COLLECTION).createIndex(Indexes.ascending("follows"))).block(TIMEOUT);
        }
        out.println("kept " + effects.size() + " effects of timers from " + String.join(", ", plan.effectTopics())
                + " (put back where they happened during the replay)");
        Mono.from(db.getCollection(Replay.HORIZON_COLLECTION).insertOne(new Document("_id", Replay.MARKER_ID)
                .append("service", plan.service()).append("writtenAt", Date.from(Clock.systemUTC().instant()))
                .append("horizon", horizon))).block(TIMEOUT);
        for (Document h : horizon) {
            out.println("horizon " + h.getString("group") + " " + h.getString("topic") + "-" + h.get("partition")
                    + " @ " + h.get("offset"));
        }
        for (Map.Entry<String, Map<TopicPartition, OffsetAndMetadata>> rewind : rewinds.entrySet()) {
            admin.alterConsumerGroupOffsets(rewind.getKey(), rewind.getValue()).all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            out.println("rewound group " + rewind.getKey() + " to the earliest offsets of "
                    + rewind.getValue().size() + " partitions");
        }
        out.println("start " + plan.service() + " now: it rebuilds; its health component 'replay' says 'done' when "
                + "it is past the horizon");
        return 0;
    }

    private static Set<TopicPartition> partitions(Admin admin, List<String> topics) throws Exception {
        return admin.describeTopics(topics).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).values().stream()
                .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                .collect(Collectors.toSet());
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, Set<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> spec))).all()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** The records of {@code topics} that carry {@value Replay#FOLLOWS}, read from the beginning to their end now. */
    private static List<Document> effectLog(Admin admin, String kafka, List<String> topics) throws Exception {
        Map<TopicPartition, Long> end = offsets(admin, partitions(admin, topics), OffsetSpec.latest());
        List<Document> effects = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(end.keySet());
            consumer.seekToBeginning(end.keySet());
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the effect log was not read within 30 minutes");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String follows = CloudEvent.text(record.headers(), Replay.FOLLOWS);
                    if (follows != null && record.offset() < end.get(new TopicPartition(record.topic(),
                            record.partition()))) {
                        CloudEvent ce = CloudEvent.readFrom(record.headers());
                        effects.add(new Document("_id", ce.id()).append("follows", follows)
                                .append("type", ce.type()).append("topic", record.topic()).append("key", record.key())
                                .append("shopId", ce.shopId()).append("time", Date.from(ce.time()))
                                .append("payload", new String(record.value(), StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        // the relay may publish an entry twice (at-least-once): one effect per ce_id
        return List.copyOf(effects.stream().collect(Collectors.toMap(d -> d.getString("_id"), d -> d, (a, b) -> a,
                LinkedHashMap::new)).values());
    }
}
