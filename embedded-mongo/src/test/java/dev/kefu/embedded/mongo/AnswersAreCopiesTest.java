package dev.kefu.embedded.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer is encoded for the wire after the collection's lock is released, while other connections' updates go on:
 * what a query or a findAndModify answered must not change under it (it failed the encoder with a
 * ConcurrentModificationException when an outbox relay emptied a message another connection was reading).
 */
class AnswersAreCopiesTest {

    private final IndexedMemoryBackend backend = new IndexedMemoryBackend();
    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoCollection<?> messages;

    @BeforeEach
    void start() {
        server = new EmbeddedMongoServer(backend);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
        client.getDatabase("t").getCollection("messages").insertOne(new org.bson.Document("_id", "m1")
                .append("status", "QUEUED").append("outbox", List.of(new org.bson.Document("eventId", "e1")))
                .append("outboxSince", new java.util.Date()));
        messages = backend.resolveDatabase("t").resolveCollection("messages", true);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void whatAQueryAnsweredStaysAsItWasWhenTheDocumentIsUpdatedBeforeItIsSent() {
        Document answered = messages.handleQuery(new Document("_id", "m1"), 0, 0).iterator().next();

        relayEmptiesTheOutbox();

        assertThat(answered.keySet()).containsExactly("_id", "status", "outbox", "outboxSince");
        assertThat((List<?>) answered.get("outbox")).hasSize(1);
    }

    @Test
    void whatAFindAndModifyAnsweredStaysAsItWas() {
        Document answer = messages.findAndModify(new Document("query", new Document("_id", "m1"))
                .append("update", new Document("$set", new Document("status", "SENT"))).append("new", true));
        Document value = (Document) answer.get("value");

        relayEmptiesTheOutbox();

        assertThat(value.get("status")).isEqualTo("SENT");
        assertThat(value.keySet()).contains("outboxSince");
    }

    @Test
    void updatesStillChangeTheStoredDocument() {
        relayEmptiesTheOutbox();

        Document stored = messages.handleQuery(new Document("_id", "m1"), 0, 0).iterator().next();
        assertThat(stored.keySet()).containsExactly("_id", "status", "outbox");
        assertThat((List<?>) stored.get("outbox")).isEmpty();
    }

    private void relayEmptiesTheOutbox() {
        client.getDatabase("t").getCollection("messages").updateOne(Filters.eq("_id", "m1"),
                Updates.combine(Updates.set("outbox", List.of()), Updates.unset("outboxSince")));
    }
}
