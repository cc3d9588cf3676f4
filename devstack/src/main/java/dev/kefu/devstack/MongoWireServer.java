package dev.kefu.devstack;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.nio.file.Path;
import java.util.List;

/**
 * The MongoDB wire-protocol server (mongo-java-server) in the devstack's own JVM, with the H2 backend in one file so
 * the data survives a restart. It answers {@code ping} but not {@code hello}; the services' health check uses ping.
 */
final class MongoWireServer {

    private final Path file;
    private final int port;
    private final boolean oplog;
    private final List<MongoInsertLog.Watch> insertLog;
    private final Path insertLogFile;
    private MongoServer server;

    MongoWireServer(Path file, int port, boolean oplog) {
        this(file, port, oplog, List.of(), null);
    }

    MongoWireServer(Path file, int port, boolean oplog, List<MongoInsertLog.Watch> insertLog, Path insertLogFile) {
        this.file = file;
        this.port = port;
        this.oplog = oplog;
        this.insertLog = List.copyOf(insertLog);
        this.insertLogFile = insertLogFile;
    }

    void start() {
        H2Backend backend;
        try {
            backend = new H2Backend(file.toAbsolutePath().toString());
        } catch (RuntimeException e) {
            throw new StartupException("could not open the Mongo data file " + file + ": " + e.getMessage()
                    + " (is another devstack using this data dir? else --reset starts afresh)");
        }
        server = new MongoServer(insertLog.isEmpty() ? backend : new MongoInsertLog(backend, insertLog, insertLogFile));
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

    /** Closes client connections and the H2 store (flushing it). */
    void stop() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }
}
