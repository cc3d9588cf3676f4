package dev.kefu.embedded.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

import java.util.List;
import java.util.Set;

/**
 * An aggregation whose first stage is {@code $match} (the driver's {@code countDocuments} is one) reads the documents
 * of that query, through the collection's indexes, instead of every document; upstream always reads all of them.
 */
final class MatchFirstAggregation {

    private MatchFirstAggregation() {
    }

    /** The command's response, or null when this pipeline is not one to handle here. */
    static Document run(MongoDatabase database, MongoCollection<?> collection, Document command,
                        DatabaseResolver resolver, Oplog oplog) {
        if (collection == null || !(command.get("pipeline") instanceof List<?>)) {
            return null;
        }
        List<Document> pipeline = Aggregation.parse(command.get("pipeline"));
        if (pipeline.isEmpty() || !pipeline.get(0).keySet().equals(Set.of("$match"))
                || !(pipeline.get(0).get("$match") instanceof Document match)) {
            return null;
        }
        Aggregation aggregation = Aggregation.fromPipeline(pipeline, resolver, database, collection, oplog);
        aggregation.validate(command);
        List<Document> result = aggregation.runStages(collection.handleQueryAsStream(match));

        Document cursor = new Document("id", 0L);
        cursor.put("ns", collection.getFullName());
        cursor.put("firstBatch", result);
        Document response = new Document("cursor", cursor);
        response.put("ok", 1.0);
        return response;
    }
}
