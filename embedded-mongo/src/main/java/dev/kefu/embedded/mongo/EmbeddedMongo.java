package dev.kefu.embedded.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import org.h2.mvstore.MVStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The one way Kefu starts a MongoDB wire server in tests and in the devstack: mongo-java-server with secondary indexes
 * ({@link SortedIndex}) and a count of documents examined. Bind it yourself ({@code bind()} picks a free loopback
 * port); call {@code enableOplog()} for change streams.
 */
public final class EmbeddedMongo {

    private EmbeddedMongo() {
    }

    /** Everything in memory; gone when the server stops. */
    public static EmbeddedMongoServer memory() {
        return new EmbeddedMongoServer(new IndexedMemoryBackend());
    }

    /**
     * In memory, kept in a directory: a journal of the documents written, forced to disk every second, and a snapshot
     * replaced atomically when the journal grows (see {@link PersistentMemoryBackend}). Survives a normal stop without
     * loss and a kill -9 losing at most the last second of writes; loads everything at start.
     */
    public static EmbeddedMongoServer persistent(Path directory) {
        return new EmbeddedMongoServer(new PersistentMemoryBackend(directory, Duration.ofSeconds(1)));
    }

    /** {@link #persistent(Path)} served through {@code wrap} (the devstack's insert log for benchmarks). */
    public static EmbeddedMongoServer persistent(Path directory, UnaryOperator<MongoBackend> wrap) {
        PersistentMemoryBackend backend = new PersistentMemoryBackend(directory, Duration.ofSeconds(1));
        return new EmbeddedMongoServer(wrap.apply(backend), backend);
    }

    static EmbeddedMongoServer persistent(Path directory, Duration flushInterval) {
        return new EmbeddedMongoServer(new PersistentMemoryBackend(directory, flushInterval));
    }

    /** Documents in one H2 MVStore file (upstream's persistent backend); secondary indexes rebuilt when opened. */
    public static EmbeddedMongoServer h2(Path file) {
        return new EmbeddedMongoServer(new IndexedH2Backend(MVStore.open(file.toAbsolutePath().toString())));
    }

    /** H2 with a caller-configured store, for measuring its options. */
    static EmbeddedMongoServer h2(MVStore store) {
        return new EmbeddedMongoServer(new IndexedH2Backend(store));
    }
}
