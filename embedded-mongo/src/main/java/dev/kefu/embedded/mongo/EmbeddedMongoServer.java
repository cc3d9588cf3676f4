package dev.kefu.embedded.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;

/** A mongo-java-server that can say how many documents each collection examined to answer queries. */
public class EmbeddedMongoServer extends MongoServer {

    private final Examining backend;

    EmbeddedMongoServer(MongoBackend backend) {
        this(backend, (Examining) backend);
    }

    /** Serves {@code served} (e.g. a wrapper that observes writes) while counting through {@code examining}. */
    EmbeddedMongoServer(MongoBackend served, Examining examining) {
        super(served);
        this.backend = examining;
    }

    /** Documents read to answer queries on {@code database.collection} since the start or the last reset. */
    public long examined(String database, String collection) {
        return backend.examined().get(database, collection);
    }

    public void resetExamined() {
        backend.examined().reset();
    }
}
