package dev.kefu.embedded.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-style: the same random documents, updates and deletes go to a collection with secondary indexes and to one
 * without; every random query must return the same documents from both (the unindexed one is the server's own scan).
 */
class SortedIndexPropertyTest {

    private static final String[] SHOPS = {"s1", "s2", "s3", "s4", "s5"};
    private static final String[] STATUSES = {"NEW", "PAID", "SHIPPED", "DONE"};
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private EmbeddedMongoServer server;
    private MongoClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void indexedQueriesEqualFullScans(String backend) {
        server = backend.equals("memory") ? EmbeddedMongo.memory() : EmbeddedMongo.h2(dir.resolve("data.mv"));
        client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
        var db = client.getDatabase("prop");
        MongoCollection<Document> indexed = db.getCollection("indexed");
        MongoCollection<Document> plain = db.getCollection("plain");
        indexed.createIndex(Indexes.ascending("shopId", "status"));
        indexed.createIndex(Indexes.ascending("due"));
        indexed.createIndex(Indexes.ascending("n"));
        indexed.createIndex(Indexes.ascending("tags"));
        indexed.createIndex(Indexes.compoundIndex(Indexes.ascending("shopId"), Indexes.descending("due")));
        indexed.createIndex(Indexes.ascending("nested.x"), new IndexOptions().sparse(true));
        indexed.createIndex(Indexes.ascending("shopId", "buyerId", "status"));

        Random random = new Random(42);
        for (int i = 0; i < 1500; i++) {
            Document doc = randomDocument(random, i);
            indexed.insertOne(new Document(doc));
            plain.insertOne(new Document(doc));
        }
        assertSameAnswers(random, indexed, plain, 400);

        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 300; i++) {
                Bson filter = randomFilter(random);
                int action = random.nextInt(6);
                switch (action) {
                    case 0 -> {
                        Bson update = randomSafeUpdate(random); // one that cannot fail half-way
                        both(indexed, plain, c -> c.updateMany(filter, update));
                    }
                    case 1 -> {
                        Bson update = randomUpdate(random);
                        Bson one = Filters.and(Filters.eq("_id", random.nextInt(1500)), filter);
                        both(indexed, plain, c -> c.updateOne(one, update));
                    }
                    case 2 -> {
                        Bson one = Filters.and(Filters.eq("_id", random.nextInt(1500)), filter);
                        both(indexed, plain, c -> c.deleteOne(one));
                    }
                    case 3 -> {
                        Document doc = randomDocument(random, 10_000 + round * 1000 + i);
                        both(indexed, plain, c -> c.insertOne(new Document(doc)));
                    }
                    case 4 -> {
                        Bson update = randomUpdate(random);
                        Object id = 20_000 + round * 1000 + i;
                        both(indexed, plain, c -> c.updateOne(Filters.eq("_id", id),
                                update, new UpdateOptions().upsert(true)));
                    }
                    default -> {
                        Bson update = randomUpdate(random);
                        var options = new FindOneAndUpdateOptions().sort(Sorts.orderBy(Sorts.ascending("due"),
                                Sorts.ascending("_id"))).returnDocument(ReturnDocument.AFTER);
                        both(indexed, plain, c -> c.findOneAndUpdate(filter, update, options));
                    }
                }
            }
            assertSameAnswers(random, indexed, plain, 300);
        }
        // and the indexes did work, though these documents are adversarial (unordered values are read by every query)
        assertThat(server.examined("prop", "indexed")).isLessThan(server.examined("prop", "plain") / 2);
    }

    private static <T> void both(MongoCollection<Document> a, MongoCollection<Document> b,
                                 java.util.function.Function<MongoCollection<Document>, T> action) {
        assertThat(outcome(a, action)).isEqualTo(outcome(b, action));
    }

    private static <T> String outcome(MongoCollection<Document> c,
                                      java.util.function.Function<MongoCollection<Document>, T> action) {
        try {
            return String.valueOf(action.apply(c));
        } catch (MongoException e) {
            return "failed " + e.getCode();
        }
    }

    private static void assertSameAnswers(Random random, MongoCollection<Document> indexed,
                                          MongoCollection<Document> plain, int queries) {
        assertThat(indexed.countDocuments()).isEqualTo(plain.countDocuments());
        for (int q = 0; q < queries; q++) {
            Bson filter = randomFilter(random);
            List<Document> expected = plain.find(filter).sort(Sorts.ascending("_id")).into(new ArrayList<>());
            List<Document> actual = indexed.find(filter).sort(Sorts.ascending("_id")).into(new ArrayList<>());
            assertThat(actual).as("filter %s", filter.toBsonDocument()).isEqualTo(expected);

            Bson sort = Sorts.orderBy(Sorts.ascending("due"), Sorts.ascending("_id"));
            assertThat(indexed.find(filter).sort(sort).limit(3).into(new ArrayList<>()))
                    .as("sorted, limited %s", filter.toBsonDocument())
                    .isEqualTo(plain.find(filter).sort(sort).limit(3).into(new ArrayList<>()));
        }
    }

    private static Document randomDocument(Random random, int id) {
        Document doc = new Document("_id", id);
        maybe(random, 0.95, () -> doc.append("shopId", pick(random, SHOPS)));
        maybe(random, 0.9, () -> doc.append("buyerId", "b" + random.nextInt(30)));
        maybe(random, 0.8, () -> doc.append("status", random.nextInt(10) == 0 ? null : pick(random, STATUSES)));
        maybe(random, 0.7, () -> doc.append("due", randomDue(random)));
        maybe(random, 0.8, () -> doc.append("n", randomNumber(random)));
        maybe(random, 0.4, () -> doc.append("tags", randomTags(random)));
        maybe(random, 0.5, () -> doc.append("nested", random.nextInt(5) == 0 ? "scalar"
                : new Document("x", random.nextInt(8) == 0 ? List.of(new Document("y", 1)) : randomNumber(random))));
        return doc;
    }

    private static Object randomDue(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> null;
            case 1 -> random.nextInt(100); // a number among dates: type bracketing must keep it out of date ranges
            case 2 -> "later";
            default -> new Date(T0 + random.nextInt(100) * 1000L);
        };
    }

    private static Object randomNumber(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> random.nextInt(20);
            case 1 -> (long) random.nextInt(20);
            case 2 -> random.nextInt(20) + 0.5;
            case 3 -> new org.bson.types.Decimal128(random.nextInt(20));
            default -> random.nextInt(20) * 1.0;
        };
    }

    private static Object randomTags(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> List.of();
            case 1 -> List.of(List.of("a"), "b");
            case 2 -> List.of("a");
            default -> {
                List<Object> tags = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    tags.add(random.nextInt(6) == 0 ? null : "t" + random.nextInt(6));
                }
                yield tags;
            }
        };
    }

    private static Bson randomFilter(Random random) {
        Document filter = new Document();
        switch (random.nextInt(12)) {
            case 0 -> filter.append("shopId", pick(random, SHOPS));
            case 1 -> filter.append("shopId", pick(random, SHOPS)).append("status", randomStatusCondition(random));
            case 2 -> filter.append("due", randomRange(random));
            case 3 -> filter.append("shopId", pick(random, SHOPS)).append("due", randomRange(random));
            case 4 -> filter.append("n", random.nextBoolean() ? randomNumber(random)
                    : new Document(random.nextBoolean() ? "$gte" : "$lt", randomNumber(random)));
            case 5 -> filter.append("tags", random.nextInt(4) == 0 ? null
                    : random.nextBoolean() ? "t" + random.nextInt(6)
                    : new Document("$in", List.of("t" + random.nextInt(6), "t" + random.nextInt(6))));
            case 6 -> filter.append("nested.x", random.nextBoolean() ? null : randomNumber(random));
            case 7 -> filter.append("shopId", pick(random, SHOPS)).append("buyerId", "b" + random.nextInt(30))
                    .append("status", randomStatusCondition(random));
            case 8 -> filter.append("shopId", new Document("$in", List.of(pick(random, SHOPS), pick(random, SHOPS))))
                    .append("status", new Document("$in", List.of(pick(random, STATUSES), "none")));
            case 9 -> filter.append("status", pick(random, STATUSES)); // not a prefix of any index: a scan
            case 10 -> filter.append("tags", new Document("$gt", "t2")); // multikey index: range falls back
            default -> filter.append("shopId", pick(random, SHOPS)).append("due", randomRange(random))
                    .append("n", new Document("$exists", random.nextBoolean()));
        }
        return filter;
    }

    private static Object randomStatusCondition(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> new Document("$in", List.of(pick(random, STATUSES), pick(random, STATUSES)));
            case 2 -> new Document("$ne", pick(random, STATUSES));
            default -> pick(random, STATUSES);
        };
    }

    private static Document randomRange(Random random) {
        Date a = new Date(T0 + random.nextInt(110) * 1000L);
        Date b = new Date(T0 + random.nextInt(110) * 1000L);
        return switch (random.nextInt(6)) {
            case 0 -> new Document("$lte", a);
            case 1 -> new Document("$lt", a);
            case 2 -> new Document("$gt", a);
            case 3 -> new Document("$gte", a).append("$lt", b);
            case 4 -> new Document("$gt", a).append("$lte", b).append("$gte", b);
            default -> new Document("$lt", random.nextInt(50)); // numbers among the dates
        };
    }

    private static Bson randomUpdate(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> new Document("$set", new Document("due", randomDue(random)));
            case 1 -> new Document("$unset", new Document("due", ""));
            case 2 -> new Document("$set", new Document("status", pick(random, STATUSES)));
            case 3 -> new Document("$inc", new Document("n", 1));
            case 4 -> new Document("$push", new Document("tags", "t" + random.nextInt(6)));
            case 5 -> new Document("$set", new Document("nested.x", randomNumber(random)));
            default -> new Document("$set", new Document("shopId", pick(random, SHOPS)).append("buyerId",
                    "b" + random.nextInt(30)));
        };
    }

    private static Bson randomSafeUpdate(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> new Document("$set", new Document("due", randomDue(random)));
            case 1 -> new Document("$unset", new Document("due", ""));
            case 2 -> new Document("$set", new Document("status", pick(random, STATUSES)));
            default -> new Document("$set", new Document("shopId", pick(random, SHOPS)));
        };
    }

    private static void maybe(Random random, double p, Runnable action) {
        if (random.nextDouble() < p) {
            action.run();
        }
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}
