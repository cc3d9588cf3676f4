package dev.kefu.embedded.mongo;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SortedIndexTest {

    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoCollection<Document> items;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.shutdownNow();
        }
    }

    private void start(String backend) {
        server = backend.equals("memory") ? EmbeddedMongo.memory() : EmbeddedMongo.h2(dir.resolve("data.mv"));
        client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
        items = client.getDatabase("t").getCollection("items");
    }

    private long examined(Runnable query) {
        server.resetExamined();
        query.run();
        return server.examined("t", "items");
    }

    private List<Object> ids(Iterable<Document> documents) {
        List<Object> ids = new ArrayList<>();
        documents.forEach(d -> ids.add(d.get("_id")));
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void aRangeQueryOverTenThousandDocumentsExaminesOnlyTheDueOnes(String backend) {
        start(backend);
        items.createIndex(Indexes.ascending("due"));
        List<Document> documents = IntStream.range(0, 10_000)
                .mapToObj(i -> new Document("_id", i).append("due", new Date(NOW + (i < 5 ? -i - 1 : i) * 1000L)))
                .toList();
        items.insertMany(documents);
        items.insertOne(new Document("_id", "no-due")); // missing: not a date, never due
        items.insertOne(new Document("_id", "null-due").append("due", null));

        List<Document> due = new ArrayList<>();
        long examined = examined(() -> items.find(Filters.lte("due", new Date(NOW))).sort(Sorts.ascending("due"))
                .limit(10).into(due));

        assertThat(ids(due)).containsExactly(4, 3, 2, 1, 0);
        assertThat(examined).isEqualTo(5);
        assertThat(examined(() -> items.countDocuments(Filters.lt("due", new Date(NOW + 7_000))))).isEqualTo(7);
        assertThat(examined(() -> items.find(Filters.eq("_id", 42)).first())).isEqualTo(1);
        assertThat(examined(() -> items.find(Filters.eq("other", 1)).first())).isEqualTo(10_002); // no index: scan
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void updatesMoveDocumentsIntoAndOutOfARange(String backend) {
        start(backend);
        items.createIndex(Indexes.ascending("due"));
        for (int i = 0; i < 20; i++) {
            items.insertOne(new Document("_id", i).append("due", new Date(NOW + i * 1000L)).append("n", i));
        }
        var dueNow = Filters.lte("due", new Date(NOW + 2_000));
        assertThat(ids(items.find(dueNow))).containsExactlyInAnyOrder(0, 1, 2);

        items.updateOne(Filters.eq("_id", 10), Updates.set("due", new Date(NOW - 1))); // into
        items.updateOne(Filters.eq("_id", 0), Updates.set("due", new Date(NOW + 60_000))); // out
        items.updateOne(Filters.eq("_id", 1), Updates.unset("due")); // out: missing
        items.updateOne(Filters.eq("_id", 2), Updates.inc("n", 1)); // unindexed field changed
        items.updateOne(Filters.eq("_id", 11), Updates.set("due", NOW)); // a number: not a date, not due
        items.replaceOne(Filters.eq("_id", 12), new Document("due", new Date(NOW))); // replaced into
        assertThatThrownBy(() -> items.updateOne(Filters.eq("_id", 13), Updates.push("due", new Date(NOW))))
                .isInstanceOf(MongoWriteException.class); // not an array: the failed update leaves the index as it was
        assertThat(ids(items.find(dueNow))).containsExactlyInAnyOrder(10, 2, 12);
        assertThat(examined(() -> items.find(dueNow).into(new ArrayList<>()))).isEqualTo(3);

        items.updateMany(Filters.lte("due", new Date(NOW + 5_000)), Updates.set("due", new Date(NOW + 100_000)));
        assertThat(ids(items.find(dueNow))).isEmpty();
        assertThat(ids(items.find(Filters.gte("due", new Date(NOW + 100_000)))))
                .containsExactlyInAnyOrder(10, 2, 12, 3, 4, 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void upsertsFindAndModifyAndDeletesKeepTheIndex(String backend) {
        start(backend);
        items.createIndex(Indexes.ascending("shopId", "due"));
        items.updateOne(Filters.and(Filters.eq("shopId", "s1"), Filters.eq("key", "a")),
                Updates.set("due", new Date(NOW)), new UpdateOptions().upsert(true));
        items.updateOne(Filters.and(Filters.eq("shopId", "s1"), Filters.eq("key", "b")),
                Updates.set("due", new Date(NOW - 5)), new UpdateOptions().upsert(true));
        items.insertOne(new Document("shopId", "s2").append("key", "c").append("due", new Date(NOW - 10)));

        // claim the earliest due item of shop s1, like a lease
        var claim = new FindOneAndUpdateOptions().sort(Sorts.ascending("due")).returnDocument(ReturnDocument.AFTER);
        Document claimed = items.findOneAndUpdate(Filters.and(Filters.eq("shopId", "s1"),
                Filters.lte("due", new Date(NOW))), Updates.set("due", new Date(NOW + 30_000)), claim);
        assertThat(claimed.getString("key")).isEqualTo("b");
        Document next = items.findOneAndUpdate(Filters.and(Filters.eq("shopId", "s1"),
                Filters.lte("due", new Date(NOW))), Updates.set("due", new Date(NOW + 30_000)), claim);
        assertThat(next.getString("key")).isEqualTo("a");
        assertThat(items.findOneAndUpdate(Filters.and(Filters.eq("shopId", "s1"),
                Filters.lte("due", new Date(NOW))), Updates.set("due", new Date(NOW + 30_000)), claim)).isNull();

        Document removed = items.findOneAndDelete(Filters.eq("shopId", "s1"),
                new com.mongodb.client.model.FindOneAndDeleteOptions().sort(Sorts.descending("key")));
        assertThat(removed.getString("key")).isEqualTo("b");
        assertThat(items.deleteMany(Filters.eq("shopId", "s2")).getDeletedCount()).isEqualTo(1);
        assertThat(items.find(Filters.eq("shopId", "s1")).map(d -> d.getString("key")).into(new ArrayList<>()))
                .containsExactly("a");
        assertThat(examined(() -> items.find(Filters.eq("shopId", "s1")).first())).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void nullMatchesMissingAndNullAndCompoundPrefixesUseTheIndex(String backend) {
        start(backend);
        items.createIndex(Indexes.ascending("shopId", "buyerId", "status"));
        items.insertMany(List.of(
                new Document("_id", 1).append("shopId", "s1").append("buyerId", "b1").append("status", "NEW"),
                new Document("_id", 2).append("shopId", "s1").append("buyerId", "b1").append("status", null),
                new Document("_id", 3).append("shopId", "s1").append("buyerId", "b1"),
                new Document("_id", 4).append("shopId", "s1").append("buyerId", "b2").append("status", "NEW"),
                new Document("_id", 5).append("shopId", "s2").append("buyerId", "b1").append("status", "NEW"),
                new Document("_id", 6).append("buyerId", "b1").append("status", "NEW")));

        assertThat(ids(items.find(Filters.eq("shopId", "s1")))).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(ids(items.find(Filters.and(Filters.eq("shopId", "s1"), Filters.eq("buyerId", "b1")))))
                .containsExactlyInAnyOrder(1, 2, 3);
        assertThat(ids(items.find(Filters.and(Filters.eq("shopId", "s1"), Filters.eq("buyerId", "b1"),
                Filters.eq("status", null))))).containsExactlyInAnyOrder(2, 3);
        assertThat(ids(items.find(Filters.eq("shopId", null)))).containsExactly(6);
        assertThat(ids(items.find(Filters.and(Filters.eq("shopId", "s1"), Filters.exists("status", false)))))
                .containsExactly(3);
        assertThat(examined(() -> items.find(Filters.and(Filters.eq("shopId", "s1"), Filters.eq("buyerId", "b1"),
                Filters.eq("status", "NEW"))).first())).isEqualTo(1);
        // a field beyond the index's keys is filtered after the index lookup
        assertThat(examined(() -> assertThat(ids(items.find(Filters.and(Filters.eq("shopId", "s1"),
                Filters.eq("buyerId", "b1"), Filters.eq("status", "NEW"), Filters.eq("extra", null)))))
                .containsExactly(1))).isEqualTo(1);
        // buyerId alone is not a prefix: a scan, still right
        assertThat(ids(items.find(Filters.eq("buyerId", "b2")))).containsExactly(4);
        assertThat(examined(() -> items.find(Filters.eq("buyerId", "b2")).first())).isEqualTo(6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void arraysAreIndexedPerElementAndRangesOverThemFallBack(String backend) {
        start(backend);
        items.createIndex(Indexes.ascending("tags"));
        items.insertMany(List.of(
                new Document("_id", 1).append("tags", List.of(1, 10)),
                new Document("_id", 2).append("tags", List.of(4)),
                new Document("_id", 3).append("tags", 4),
                new Document("_id", 4).append("tags", List.of()),
                new Document("_id", 5)));

        assertThat(ids(items.find(Filters.eq("tags", 4)))).containsExactlyInAnyOrder(2, 3);
        assertThat(ids(items.find(Filters.in("tags", 10, 11)))).containsExactly(1);
        // MongoDB semantics: each bound may be met by a different element of [1, 10]
        assertThat(ids(items.find(Filters.and(Filters.gt("tags", 3), Filters.lt("tags", 5)))))
                .containsExactlyInAnyOrder(1, 2, 3);
        assertThat(examined(() -> items.find(Filters.eq("tags", 4)).into(new ArrayList<>())))
                .isEqualTo(3); // two entries and the empty array, kept aside
    }

    @Test
    void h2RebuildsSecondaryIndexesWhenReopened() {
        start("h2");
        items.createIndex(Indexes.ascending("due"));
        for (int i = 0; i < 100; i++) {
            items.insertOne(new Document("_id", i).append("due", new Date(NOW + i)));
        }
        client.close();
        server.shutdown();

        start("h2");
        assertThat(items.listIndexes().map(d -> d.getString("name")).into(new ArrayList<>()))
                .containsExactlyInAnyOrder("_id_", "due_1");
        assertThat(ids(items.find(Filters.lt("due", new Date(NOW + 3))))).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(examined(() -> items.find(Filters.lt("due", new Date(NOW + 3))).into(new ArrayList<>())))
                .isEqualTo(3);

        items.dropIndex("due_1");
        assertThat(ids(items.find(Filters.lt("due", new Date(NOW + 3))))).containsExactlyInAnyOrder(0, 1, 2);
        items.drop();
        assertThat(items.countDocuments()).isZero();
    }
}
