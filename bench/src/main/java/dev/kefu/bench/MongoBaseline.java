package dev.kefu.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The pipeline's baseline: one thread doing what applying one event minimally needs, a find by _id then a
 * replaceOne upsert of an order-sized document, with the sync driver on the same Mongo wire server (its own database).
 */
public final class MongoBaseline implements AutoCloseable {

    static final String DATABASE = "kefu-bench-baseline";
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
    private static final String PAYLOAD = "{\"shopId\":\"shop-demo\",\"orderId\":\"%s\",\"buyerId\":\"bench-b1\","
            + "\"amount\":\"199.00\",\"currency\":\"CNY\",\"paidAt\":\"2026-01-01T00:00:00Z\",\"platform\":\"taobao\"}";

    private final MongoClient client;
    private final MongoCollection<Document> orders;

    public MongoBaseline(String uri) {
        client = MongoClients.create(uri);
        orders = client.getDatabase(DATABASE).getCollection("orders");
    }

    /** Applies one "event" per key (keys repeat as an order's events do); returns events per second. */
    public double run(List<String> keys) {
        long start = System.nanoTime();
        for (String key : keys) {
            Document stored = orders.find(Filters.eq("_id", key)).first();
            orders.replaceOne(Filters.eq("_id", key), next(key, stored), UPSERT);
        }
        return keys.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** Bulk-inserts {@code count} order-sized documents, so the baseline's collection is as large as Kefu's. */
    public void preload(String prefix, int count) {
        List<Document> batch = new ArrayList<>(1000);
        for (int i = 0; i < count; i++) {
            batch.add(next(prefix + i, null));
            if (batch.size() == 1000) {
                orders.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            orders.insertMany(batch);
        }
    }

    public void drop() {
        client.getDatabase(DATABASE).drop();
    }

    /** Shaped like an order document: state, the applied event ids and an outbox entry with the event's JSON. */
    @SuppressWarnings("unchecked")
    private static Document next(String key, Document stored) {
        List<String> applied = stored == null ? new ArrayList<>() : new ArrayList<>((List<String>) stored.get("appliedEventIds"));
        applied.add(UUID.randomUUID().toString());
        long version = stored == null ? 0 : stored.getLong("version") + 1;
        Document order = new Document("shopId", "shop-demo").append("orderId", key).append("buyerId", "bench-b1")
                .append("platform", "taobao").append("status", version == 0 ? "CREATED" : "PAID")
                .append("amount", "199.00").append("currency", "CNY").append("createdAt", new Date())
                .append("paidAt", new Date()).append("shipBy", new Date()).append("carrier", null)
                .append("trackingNo", null).append("delayReported", null);
        Document outbox = new Document("id", UUID.randomUUID().toString()).append("type", "order-paid")
                .append("topic", "order-paid").append("key", key).append("time", new Date())
                .append("payload", String.format(PAYLOAD, key));
        return new Document("_id", key).append("version", version).append("order", order)
                .append("appliedEventIds", applied).append("outbox", List.of(outbox));
    }

    @Override
    public void close() {
        client.close();
    }
}
