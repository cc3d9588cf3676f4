package dev.kefu.devstack;

import de.bwaldvogel.mongo.MongoServer;
import dev.kefu.embedded.mongo.EmbeddedMongo;

import java.nio.file.Path;
import java.util.List;

/**
 * The MongoDB wire-protocol server (mongo-java-server) in the devstack's own JVM: {@link EmbeddedMongo#persistent},
 * documents in memory with secondary indexes, kept in a directory by a journal forced every second and atomic
 * snapshots, so the data survives a restart (a kill -9 loses at most the last second). Chosen over the H2 file backend
 * by embedded-mongo's BackendBenchmark: H2 serialises documents with Java serialisation on every commit. It answers {@code ping} but not {@code hello}; the services' health check uses ping.
 */
final class MongoWireServer {

    private final Path directory;
    private final int port;
    private final boolean oplog;
    private final List<MongoInsertLog.Watch> insertLog;
    private final Path insertLogFile;
    private MongoServer server;

    MongoWireServer(Path directory, int port, boolean oplog) {
        this(directory, port, oplog, List.of(), null);
    }

    MongoWireServer(Path directory, int port, boolean oplog, List<MongoInsertLog.Watch> insertLog, Path insertLogFile) {
        this.directory = directory;
        this.port = port;
        this.oplog = oplog;
        this.insertLog = List.copyOf(insertLog);
        this.insertLogFile = insertLogFile;
    }

    void start() {
        try {
            server = insertLog.isEmpty() ? EmbeddedMongo.persistent(directory)
                    : EmbeddedMongo.persistent(directory, backend -> new MongoInsertLog(backend, insertLog, insertLogFile));
        } catch (RuntimeException e) {
            throw new StartupException("could not load the Mongo data in " + directory + ": " + e.getMessage()
                    + " (is another devstack using this data dir? else --reset starts afresh)");
        }
        if (oplog) {
            server.enableOplog();
        }
        try {
            server.bind("127.0.0.1", port);
        } catch (RuntimeException e) {
            server.shutdownNow();
            server = null;
            throw new StartupException("could not listen on 127.0.0.1:" + port + " for MongoDB: " + e.getMessage());
        }
    }

    String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    /** Closes client connections and writes the data (a last journal flush and a snapshot). */
    void stop() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }
}
