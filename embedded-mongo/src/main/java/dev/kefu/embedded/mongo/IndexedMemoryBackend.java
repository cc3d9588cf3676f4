package dev.kefu.embedded.mongo;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

import java.util.ArrayList;
import java.util.List;

/** The memory backend with {@link SortedIndex} secondary indexes and an {@link ExaminedCounter}. */
class IndexedMemoryBackend extends MemoryBackend implements Examining {

    private final ExaminedCounter examined = new ExaminedCounter();

    @Override
    public ExaminedCounter examined() {
        return examined;
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getCursorRegistry(), this);
    }

    static class Database extends MemoryDatabase implements Examining {

        // null while the super constructor opens the system collections: read lazily
        final Examining owner;

        Database(String databaseName, CursorRegistry cursorRegistry, Examining owner) {
            super(databaseName, cursorRegistry);
            this.owner = owner;
        }

        @Override
        public ExaminedCounter examined() {
            return owner.examined();
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new Collection(this, collectionName, options, cursorRegistry);
        }

        /** For loading stored data. */
        MemoryCollection collection(String collectionName) {
            return (MemoryCollection) resolveOrCreateCollection(collectionName);
        }

        /** For loading stored index definitions. */
        void createIndex(Document indexDescription) {
            addIndex(indexDescription);
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
        protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName,
                                                            List<IndexKey> keys, boolean sparse) {
            return new SortedIndex<>(indexName, keys, sparse);
        }
    }

    static class Collection extends MemoryCollection {

        private final Examining database;

        Collection(Database database, String collectionName, CollectionOptions options, CursorRegistry cursors) {
            super(database, collectionName, options, cursors);
            this.database = database;
        }

        /*
         * What a query or a findAndModify answers is encoded for the wire after the collection's lock is released,
         * and upstream updates change the stored documents in place: an update of a document while its answer was
         * being encoded failed the answer (ConcurrentModificationException in the encoder: the client waited for its
         * timeout) or sent it half-updated. Answers are copies (updates still work on the stored documents, through
         * queryDocuments).
         */

        /** Set while findAndModify runs (under the lock): it finds the document to change through handleQuery. */
        private boolean modifying;

        @Override
        public synchronized QueryResult handleQuery(QueryParameters parameters) {
            QueryResult answer = super.handleQuery(parameters);
            if (modifying) {
                return answer;
            }
            List<Document> copies = new ArrayList<>();
            answer.forEach(document -> copies.add(document.cloneDeeply()));
            return new QueryResult(copies, answer.getCursorId());
        }

        /** The rest of an answer that a getMore returns (only queries with a batch size have one). */
        @Override
        protected Cursor createCursor(List<Document> remainingDocuments) {
            return super.createCursor(remainingDocuments.stream().map(Document::cloneDeeply).toList());
        }

        @Override
        public synchronized Document findAndModify(Document query) {
            Document answer;
            modifying = true;
            try {
                answer = super.findAndModify(query);
            } finally {
                modifying = false;
            }
            if (answer.get("value") instanceof Document value) {
                answer.put("value", value.cloneDeeply());
            }
            return answer;
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            List<Integer> candidates = QueryPlanner.candidates(getIndexes(), query);
            if (candidates == null) {
                database.examined().add(getFullName(), count());
                return matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            database.examined().add(getFullName(), candidates.size());
            return matchDocuments(query, candidates, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
    }
}
