package dev.kefu.embedded.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PersistentMemoryBackendTest {

    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private record Running(EmbeddedMongoServer server, MongoClient client) {
        MongoCollection<Document> items() {
            return client.getDatabase("t").getCollection("items");
        }

        void stop() {
            client.close();
            server.shutdown();
        }
    }

    private Running start(Duration flushInterval) {
        EmbeddedMongoServer server = EmbeddedMongo.persistent(dir, flushInterval);
        return new Running(server, MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort()));
    }

    @Test
    void documentsAndIndexesSurviveARestart() {
        Running first = start(Duration.ofSeconds(1));
        first.items().createIndex(Indexes.ascending("due"));
        for (int i = 0; i < 50; i++) {
            first.items().insertOne(new Document("_id", i).append("due", new Date(NOW + i)).append("log", List.of()));
        }
        first.items().updateOne(Filters.eq("_id", 3), Updates.push("log", "seen"));
        first.items().deleteOne(Filters.eq("_id", 4));
        first.client.getDatabase("other").getCollection("empty").createIndex(Indexes.ascending("x"));
        first.stop();

        Running second = start(Duration.ofSeconds(1));
        try {
            assertThat(second.items().countDocuments()).isEqualTo(49);
            assertThat(second.items().find(Filters.eq("_id", 3)).first().getList("log", String.class))
                    .containsExactly("seen");
            assertThat(second.items().find(Filters.eq("_id", 4)).first()).isNull();
            assertThat(second.items().find(Filters.eq("_id", 5)).first().getDate("due")).isEqualTo(new Date(NOW + 5));
            second.server.resetExamined();
            assertThat(second.items().find(Filters.lt("due", new Date(NOW + 3))).into(new ArrayList<>())).hasSize(3);
            assertThat(second.server.examined("t", "items")).isEqualTo(3); // the index came back
            assertThat(second.client.getDatabase("other").listCollectionNames().into(new ArrayList<>()))
                    .contains("empty");
        } finally {
            second.stop();
        }
    }

    @Test
    void aCrashLosesOnlyUnflushedWritesAndATornJournalTailIsIgnored() throws Exception {
        Running first = start(Duration.ofMillis(100));
        first.items().createIndex(Indexes.ascending("due"));
        for (int i = 0; i < 20; i++) {
            first.items().insertOne(new Document("_id", i).append("due", new Date(NOW + i)));
        }
        first.items().updateOne(Filters.eq("_id", 1), Updates.set("state", "claimed"));
        Thread.sleep(500); // flushed
        // kill -9: no shutdown, no final flush; and a write torn half-way
        first.client.close();
        first.server.stopListening();
        Path journal;
        try (var files = Files.list(dir)) {
            journal = files.filter(f -> f.getFileName().toString().startsWith("journal-")).findFirst().orElseThrow();
        }
        Files.write(journal, new byte[]{0, 0, 0, 40, 1, 2, 3, 4, 5, 6}, StandardOpenOption.APPEND);

        Running second = start(Duration.ofSeconds(1));
        try {
            assertThat(second.items().countDocuments()).isEqualTo(20);
            assertThat(second.items().find(Filters.eq("_id", 1)).first().getString("state")).isEqualTo("claimed");
            second.items().insertOne(new Document("_id", 99)); // appended after the cut-off tail
        } finally {
            second.stop();
        }
        Running third = start(Duration.ofSeconds(1));
        try {
            assertThat(third.items().countDocuments()).isEqualTo(21);
        } finally {
            third.stop();
        }
    }

    @Test
    void snapshotsReplaceTheJournal() throws Exception {
        Running first = start(Duration.ofMillis(100));
        first.items().insertOne(new Document("_id", 1));
        first.client.getDatabase("t").getCollection("items").drop(); // a structural change: snapshot
        first.items().insertOne(new Document("_id", 2));
        Thread.sleep(500);
        first.stop();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).contains("snapshot.bson")
                    .noneMatch(name -> name.endsWith(".tmp"));
        }
        Running second = start(Duration.ofSeconds(1));
        try {
            assertThat(second.items().find().map(d -> d.get("_id")).into(new ArrayList<>())).containsExactly(2);
        } finally {
            second.stop();
        }
    }
}
