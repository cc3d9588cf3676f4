package dev.kefu.devstack;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MongoInsertLogTest {

    @Test
    void logsInsertsIntoWatchedCollectionsOnly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("inserts.log");
        EmbeddedChannel channel = new EmbeddedChannel();
        MongoInsertLog log = new MongoInsertLog(H2Backend.inMemory(),
                List.of(MongoInsertLog.Watch.parse("conv.messages:orderId", "test")), file);
        log.handleCommand(channel, "conv", "insert", new Document("insert", "messages")
                .append("documents", List.of(new Document("_id", "m1").append("orderId", "o1"))));
        log.handleCommand(channel, "conv", "insert", new Document("insert", "other")
                .append("documents", List.of(new Document("_id", "x").append("orderId", "o2"))));
        log.close();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).matches("\\d{16} conv\\.messages m1 o1");
    }

    @Test
    void optionNeedsANamespace() {
        assertThat(DevStackOptions.parse(new String[] {"--mongo-insert-log=a.b:f,c.d"}, Map.of()).mongoInsertLog())
                .containsExactly(new MongoInsertLog.Watch("a.b", "f"), new MongoInsertLog.Watch("c.d", "_id"));
        assertThatThrownBy(() -> MongoInsertLog.Watch.parse("nodot:f", "--mongo-insert-log"))
                .hasMessageContaining("DB.COLLECTION");
    }
}
