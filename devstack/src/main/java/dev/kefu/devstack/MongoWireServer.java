package dev.kefu.devstack;

import de.bwaldvogel.mongo.MongoServer;
import dev.kefu.embedded.mongo.EmbeddedMongo;

import java.nio.file.Path;

/**
 * The MongoDB wire-protocol server (mongo-java-server) in the devstack's own JVM, with the H2 backend in one file so
 * the data survives a restart. It answers {@code ping} but not {@code hello}; the services' health check uses ping.
 */
final class MongoWireServer {

    private final Path file;
    private final int port;
    private final boolean oplog;
    private MongoServer server;

    MongoWireServer(Path file, int port, boolean oplog) {
        this.file = file;
        this.port = port;
        this.oplog = oplog;
    }

    void start() {
        try {
            server = EmbeddedMongo.h2(file);
        } catch (RuntimeException e) {
            throw new StartupException("could not open the Mongo data file " + file + ": " + e.getMessage()
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

    /** Closes client connections and the H2 store (flushing it). */
    void stop() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }
}
