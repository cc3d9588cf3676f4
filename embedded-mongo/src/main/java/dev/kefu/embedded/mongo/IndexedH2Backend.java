package dev.kefu.embedded.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * The H2 (MVStore file) backend with {@link SortedIndex} secondary indexes and an {@link ExaminedCounter}. Secondary
 * indexes are held in memory only and rebuilt from the stored documents when a database is opened; their definitions
 * persist with the data as upstream's do.
 */
class IndexedH2Backend extends H2Backend implements Examining {

    private static final String DATABASES_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";

    /** The store of the database being constructed: H2Database opens its collections in its constructor. */
    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

    private static final ExaminedCounter OPENING_QUERIES = new ExaminedCounter();

    // no initializer: the super constructor opens the stored databases before this class's fields are assigned
    private ExaminedCounter examined;

    IndexedH2Backend(MVStore store) {
        super(store);
    }

    @Override
    public synchronized ExaminedCounter examined() {
        if (examined == null) {
            examined = new ExaminedCounter();
        }
        return examined;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        OPENING.set(getMvStore());
        try {
            return new Database(databaseName, getMvStore(), getCursorRegistry(), this);
        } finally {
            OPENING.remove();
        }
    }

    static class Database extends H2Database implements Examining {

        private final Examining owner;

        Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry, Examining owner) {
            super(databaseName, mvStore, cursorRegistry);
            this.owner = owner;
        }

        @Override
        public ExaminedCounter examined() {
            return owner != null ? owner.examined() : OPENING_QUERIES; // queries the super constructor runs
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            MVStore store = OPENING.get() != null ? OPENING.get() : ((IndexedH2Backend) owner).getMvStore();
            MVMap<Object, Document> dataMap = store.openMap(DATABASES_PREFIX + fullName);
            MVMap<String, Object> metaMap = store.openMap(META_PREFIX + fullName);
            return new Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
        }

        @Override
        public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver,
                                      Oplog oplog) {
            if (command.equalsIgnoreCase("aggregate")) {
                Document response = MatchFirstAggregation.run(this,
                        resolveCollection(String.valueOf(query.get(command)), false), query, resolver, oplog);
                if (response != null) {
                    clearLastStatus(channel);
                    return response;
                }
            }
            return super.handleCommand(channel, command, query, resolver, oplog);
        }

        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName,
                                                           List<IndexKey> keys, boolean sparse) {
            return new SortedIndex<>(indexName, keys, sparse);
        }
    }

    static class Collection extends H2Collection {

        private final Examining database;

        Collection(Database database, String collectionName, CollectionOptions options,
                   MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursors) {
            super(database, collectionName, options, dataMap, metaMap, cursors);
            this.database = database;
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            List<Object> candidates = QueryPlanner.candidates(getIndexes(), query);
            if (candidates == null) {
                database.examined().add(getFullName(), count());
                return matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            database.examined().add(getFullName(), candidates.size());
            return matchDocuments(query, candidates, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
    }
}
