package dev.kefu.devstack;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Wraps any Mongo backend and appends one line per document inserted into a watched collection:
 * {@code <epoch micros> <db.coll> <_id> <field>}. It lets a benchmark see the moment a service stored something without
 * polling the database. Change streams are no substitute on mongo-java-server: every getMore there re-reads and sorts
 * the whole oplog, and the oplog doubles every write.
 */
final class MongoInsertLog implements MongoBackend {

    /** One watched collection and the field whose value each line carries. */
    record Watch(String namespace, String field) {

        static Watch parse(String spec, String source) {
            int colon = spec.indexOf(':');
            String ns = colon < 0 ? spec : spec.substring(0, colon);
            String field = colon < 0 ? "_id" : spec.substring(colon + 1);
            if (ns.indexOf('.') <= 0 || ns.endsWith(".") || field.isBlank()) {
                throw new IllegalArgumentException(source + ": expected DB.COLLECTION[:FIELD], got '" + spec + "'");
            }
            return new Watch(ns, field);
        }
    }

    private final MongoBackend delegate;
    private final List<Watch> watches;
    private final Set<String> namespaces = new HashSet<>();
    private final BufferedWriter out;

    MongoInsertLog(MongoBackend delegate, List<Watch> watches, Path file) {
        this.delegate = delegate;
        this.watches = List.copyOf(watches);
        watches.forEach(w -> namespaces.add(w.namespace()));
        try {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        Document response = delegate.handleMessage(message);
        record(message.getDatabaseName(), message.getDocument(), response);
        return response;
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document response = delegate.handleCommand(channel, database, command, query);
        record(database, query, response);
        return response;
    }

    private void record(String database, Document command, Document response) {
        if (database == null || command.isEmpty() || !"insert".equals(command.keySet().iterator().next())) {
            return;
        }
        String ns = database + "." + command.get("insert");
        if (!namespaces.contains(ns) || !(command.get("documents") instanceof List<?> documents)) {
            return;
        }
        Set<Integer> failed = failedIndexes(response);
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < documents.size(); i++) {
            if (failed.contains(i) || !(documents.get(i) instanceof Document doc)) {
                continue;
            }
            for (Watch w : watches) {
                if (w.namespace().equals(ns)) {
                    lines.append(micros).append(' ').append(ns).append(' ').append(doc.get("_id")).append(' ')
                            .append(doc.get(w.field())).append('\n');
                }
            }
        }
        write(lines);
    }

    private static Set<Integer> failedIndexes(Document response) {
        Set<Integer> failed = new HashSet<>();
        if (response != null && response.get("writeErrors") instanceof List<?> errors) {
            for (Object e : errors) {
                if (e instanceof Document error && error.get("index") instanceof Number index) {
                    failed.add(index.intValue());
                }
            }
        }
        return failed;
    }

    private synchronized void write(CharSequence lines) {
        if (lines.isEmpty()) {
            return;
        }
        try {
            out.append(lines);
            out.flush();
        } catch (IOException e) {
            // a benchmark aid: never fail the write it observes
        }
    }

    @Override
    public void close() {
        delegate.close();
        synchronized (this) {
            try {
                out.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void handleClose(Channel channel) {
        delegate.handleClose(channel);
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return delegate.handleQuery(query);
    }

    @Override
    public void dropDatabase(String database) {
        delegate.dropDatabase(database);
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
        return delegate.getCurrentOperations(query);
    }

    @Override
    public Document getServerStatus() {
        return delegate.getServerStatus();
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        delegate.closeCursors(cursorIds);
    }

    @Override
    public Clock getClock() {
        return delegate.getClock();
    }

    @Override
    public void enableOplog() {
        delegate.enableOplog();
    }

    @Override
    public void disableOplog() {
        delegate.disableOplog();
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
        return delegate.resolveDatabase(database);
    }

    @Override
    public MongoBackend version(MongoVersion version) {
        delegate.version(version);
        return this;
    }
}
