package dev.kefu.embedded.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The memory backend, kept on disk: every second a background thread appends the documents written since (their
 * current content, or a deletion) to a journal and forces it to disk; when the journal outgrows the last snapshot
 * (or an index, collection or database is created, dropped or renamed) it writes a full snapshot to a temporary file
 * and renames it into place atomically, then starts a new journal. At start the snapshot is loaded and its journal
 * replayed, up to the first damaged record. So a normal stop loses nothing, a kill -9 the last second at most, and
 * neither can leave a half-written file in use.
 *
 * <p>Files in the directory: {@code snapshot.bson} (header with its generation, index definitions, collections and
 * their documents) and {@code journal-<generation>.bson}; records are framed BSON ({@link RecordFile}).
 */
final class PersistentMemoryBackend extends IndexedMemoryBackend {

    private static final Logger log = LoggerFactory.getLogger(PersistentMemoryBackend.class);
    private static final String SNAPSHOT = "snapshot.bson";
    private static final long MIN_JOURNAL_BEFORE_SNAPSHOT = 64L << 20;

    private final Path directory;
    private final Set<TrackedCollection> collections = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean snapshotWanted = new AtomicBoolean();
    private final ScheduledExecutorService flusher;
    private volatile boolean loading;
    private long generation;
    private FileChannel journal;
    private long journalBytes;
    private long snapshotBytes;
    private boolean closed;

    PersistentMemoryBackend(Path directory, Duration flushInterval) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("could not load the Mongo data in " + directory, e);
        }
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mongo-journal");
            thread.setDaemon(true);
            return thread;
        });
        long millis = flushInterval.toMillis();
        flusher.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        if (!loading) {
            snapshotWanted.set(true);
        }
        return new PersistentDatabase(databaseName, getCursorRegistry(), this);
    }

    /** Writes what changed since the last flush (and a snapshot if due). */
    synchronized void flush() throws IOException {
        if (closed) {
            return;
        }
        List<byte[]> records = new ArrayList<>();
        for (TrackedCollection collection : collections) {
            collection.drainChanges(records);
        }
        if (!records.isEmpty()) {
            journalBytes += RecordFile.append(journal, records);
        }
        if (snapshotWanted.getAndSet(false)
                || journalBytes > Math.max(MIN_JOURNAL_BEFORE_SNAPSHOT, snapshotBytes)) {
            snapshot();
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (IOException | RuntimeException e) {
            log.error("could not write the Mongo journal in {}", directory, e);
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(30, TimeUnit.SECONDS);
            synchronized (this) {
                flush();
                if (journalBytes > 0) {
                    snapshot(); // the next start reads one file
                }
                journal.close();
                closed = true;
            }
        } catch (IOException e) {
            log.error("could not write the Mongo data in {} at close", directory, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.close();
    }

    private void snapshot() throws IOException {
        long next = generation + 1;
        Path temporary = directory.resolve(SNAPSHOT + ".tmp");
        long bytes;
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            List<byte[]> records = new ArrayList<>();
            records.add(RecordFile.encode(new Document("op", "snapshot").append("generation", next)));
            for (String name : listDatabaseNames()) {
                MongoDatabase database = resolveDatabase(name);
                var indexes = database.resolveCollection("system.indexes", false);
                if (indexes != null) {
                    for (Document index : indexes.queryAll()) {
                        records.add(RecordFile.encode(new Document("op", "index").append("db", name)
                                .append("index", index)));
                    }
                }
            }
            bytes = RecordFile.append(out, records);
            for (TrackedCollection collection : collections) {
                records = collection.snapshot();
                bytes += RecordFile.append(out, records);
            }
        }
        Files.move(temporary, directory.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        FileChannel previous = journal;
        Path previousFile = journalFile(generation);
        generation = next;
        journal = openJournal(0);
        journalBytes = 0;
        snapshotBytes = bytes;
        previous.close();
        Files.deleteIfExists(previousFile);
        log.debug("snapshot {} of {} bytes in {}", next, bytes, directory);
    }

    private void load() throws IOException {
        Map<String, Map<String, Map<Object, Document>>> data = new LinkedHashMap<>();
        List<Document> indexes = new ArrayList<>();
        long[] generationRead = {0};
        long snapshotLength = RecordFile.read(directory.resolve(SNAPSHOT), record -> {
            switch ((String) record.get("op")) {
                case "snapshot" -> generationRead[0] = ((Number) record.get("generation")).longValue();
                case "index" -> indexes.add(record);
                case "collection" -> documents(data, record);
                default -> apply(data, record);
            }
        });
        generation = generationRead[0];
        long journalLength = RecordFile.read(journalFile(generation), record -> apply(data, record));
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.equals(SNAPSHOT + ".tmp")
                        || name.startsWith("journal-") && !file.equals(journalFile(generation))) {
                    Files.delete(file); // an interrupted snapshot, or a journal it already contains
                }
            }
        }
        loading = true;
        try {
            data.forEach((databaseName, collectionsByName) -> {
                PersistentDatabase database = (PersistentDatabase) resolveDatabase(databaseName);
                collectionsByName.forEach((collectionName, documents) -> {
                    MemoryCollection collection = database.collection(collectionName);
                    documents.values().forEach(collection::addDocument);
                });
            });
            for (Document index : indexes) {
                String databaseName = ((String) index.get("db"));
                ((PersistentDatabase) resolveDatabase(databaseName)).createIndex((Document) index.get("index"));
            }
        } finally {
            loading = false;
        }
        snapshotWanted.set(false);
        snapshotBytes = snapshotLength;
        journal = openJournal(journalLength);
        journalBytes = journalLength;
        log.info("loaded {} databases from {} (snapshot {} bytes, journal {} bytes)", data.size(), directory,
                snapshotLength, journalLength);
    }

    private static void documents(Map<String, Map<String, Map<Object, Document>>> data, Document record) {
        data.computeIfAbsent((String) record.get("db"), d -> new LinkedHashMap<>())
                .computeIfAbsent((String) record.get("collection"), c -> new LinkedHashMap<>());
    }

    private static void apply(Map<String, Map<String, Map<Object, Document>>> data, Document record) {
        Map<Object, Document> documents = data.computeIfAbsent((String) record.get("db"), d -> new LinkedHashMap<>())
                .computeIfAbsent((String) record.get("collection"), c -> new LinkedHashMap<>());
        if (record.get("op").equals("put")) {
            Document document = (Document) record.get("document");
            documents.put(document.get("_id"), document);
        } else {
            documents.remove(record.get("id"));
        }
    }

    private Path journalFile(long generation) {
        return directory.resolve("journal-" + generation + ".bson");
    }

    private FileChannel openJournal(long validLength) throws IOException {
        FileChannel channel = FileChannel.open(journalFile(generation), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        channel.truncate(validLength); // cut a torn tail off before appending
        channel.position(validLength);
        return channel;
    }

    static final class PersistentDatabase extends IndexedMemoryBackend.Database {

        PersistentDatabase(String databaseName, CursorRegistry cursorRegistry, PersistentMemoryBackend owner) {
            super(databaseName, cursorRegistry, owner);
        }

        private PersistentMemoryBackend backend() {
            return (PersistentMemoryBackend) owner;
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            if (owner == null || collectionName.startsWith("system.")) {
                return super.openOrCreateCollection(collectionName, options); // kept in the snapshot's own way
            }
            backend().structureChanged();
            return new TrackedCollection(this, collectionName, options, cursorRegistry, backend());
        }

        @Override
        protected void addIndex(Document indexDescription) {
            super.addIndex(indexDescription);
            backend().structureChanged();
        }

        @Override
        protected void dropIndex(de.bwaldvogel.mongo.MongoCollection<Integer> collection, String indexName) {
            super.dropIndex(collection, indexName);
            backend().structureChanged();
        }
    }

    void structureChanged() {
        if (!loading) {
            snapshotWanted.set(true);
        }
    }

    /** A collection that remembers which documents changed since the last flush. */
    static final class TrackedCollection extends IndexedMemoryBackend.Collection {

        private static final Integer DELETED = -1;

        private final PersistentMemoryBackend backend;
        private Map<Object, Integer> changes = new HashMap<>(); // _id → position, or DELETED; guarded by this

        TrackedCollection(PersistentDatabase database, String collectionName, CollectionOptions options,
                          CursorRegistry cursors, PersistentMemoryBackend backend) {
            super(database, collectionName, options, cursors);
            this.backend = backend;
            backend.collections.add(this);
        }

        @Override
        protected synchronized Integer addDocumentInternal(Document document) {
            Integer position = super.addDocumentInternal(document);
            changed(document.get("_id"), position);
            return position;
        }

        @Override
        protected synchronized void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
            super.handleUpdate(position, oldDocument, newDocument);
            changed(newDocument.get("_id"), position);
        }

        @Override
        protected synchronized void removeDocument(Integer position) {
            changed(getDocument(position).get("_id"), DELETED);
            super.removeDocument(position);
        }

        private void changed(Object id, Integer position) {
            if (!backend.loading) {
                changes.put(id, position);
            }
        }

        @Override
        public synchronized void drop() {
            super.drop();
            backend.collections.remove(this);
            backend.structureChanged();
        }

        @Override
        public synchronized void renameTo(MongoDatabase newDatabase, String newCollectionName) {
            super.renameTo(newDatabase, newCollectionName);
            backend.structureChanged();
        }

        /** Journal records for the changes since the last call: the documents' current content, or deletions. */
        synchronized void drainChanges(List<byte[]> records) {
            if (changes.isEmpty()) {
                return;
            }
            Map<Object, Integer> drained = changes;
            changes = new HashMap<>();
            drained.forEach((id, position) -> {
                Document record = new Document("db", getDatabaseName()).append("collection", getCollectionName());
                if (position.equals(DELETED)) {
                    record.append("op", "delete").append("id", id);
                } else {
                    record.append("op", "put").append("document", getDocument(position));
                }
                records.add(RecordFile.encode(record));
            });
        }

        /** The collection and all its documents as snapshot records. */
        synchronized List<byte[]> snapshot() {
            List<byte[]> records = new ArrayList<>(count() + 1);
            records.add(RecordFile.encode(new Document("op", "collection").append("db", getDatabaseName())
                    .append("collection", getCollectionName())));
            // not queryAll(): a snapshot is not a query to count as examined
            for (Document document : matchDocuments(new Document(), null, 0, 0, 0, null)) {
                records.add(RecordFile.encode(new Document("op", "put").append("db", getDatabaseName())
                        .append("collection", getCollectionName()).append("document", document)));
            }
            return records;
        }
    }
}
