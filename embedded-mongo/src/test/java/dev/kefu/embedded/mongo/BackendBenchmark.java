package dev.kefu.embedded.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.h2.mvstore.MVStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Single-document write throughput of the wire server's backends through the sync driver: inserts, find-by-_id +
 * replace, and $push updates, each on an order-like document of ~1 KB. Prints the median of 3 rounds per backend and
 * its ratio to the memory backend measured in the same run. Not a test: run it with
 * {@code embedded-mongo/benchmark} (or this main with the test classpath); argument: documents per round (3000).
 */
public final class BackendBenchmark {

    private static final String[] OPERATIONS = {"insert", "find+replace", "$push"};

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Path root = Files.createTempDirectory("kefu-mongo-bench");
        Map<String, Function<Path, EmbeddedMongoServer>> backends = new LinkedHashMap<>();
        backends.put("memory", p -> EmbeddedMongo.memory());
        backends.put("h2 file (devstack before)", p -> EmbeddedMongo.h2(p.resolve("data.mv")));
        backends.put("h2 file, 64 MB cache, 8 MB buffer, commit 5 s", p -> {
            MVStore store = new MVStore.Builder().fileName(p.resolve("data.mv").toString()).cacheSize(64)
                    .autoCommitBufferSize(8 * 1024).open();
            store.setAutoCommitDelay(5000);
            return EmbeddedMongo.h2(store);
        });
        backends.put("persistent (memory + journal)", EmbeddedMongo::persistent);

        Map<String, double[][]> results = new LinkedHashMap<>(); // backend → operation → rounds
        backends.keySet().forEach(b -> results.put(b, new double[OPERATIONS.length][3]));
        run(backends.get("memory"), root.resolve("warm-up"), n); // JIT warm-up, not recorded
        for (int round = 0; round < 3; round++) {
            for (var backend : backends.entrySet()) { // interleaved: drift hits every backend alike
                double[] rates = run(backend.getValue(), root.resolve(backend.getKey().replaceAll("\\W", "") + round), n);
                for (int op = 0; op < OPERATIONS.length; op++) {
                    results.get(backend.getKey())[op][round] = rates[op];
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d documents per round, median of 3 rounds, ops/s (ratio to memory)%n", n);
        System.out.printf(Locale.ROOT, "%-50s %22s %22s %22s%n", "backend", OPERATIONS[0], OPERATIONS[1], OPERATIONS[2]);
        double[] memory = medians(results.get("memory"));
        results.forEach((backend, rounds) -> {
            double[] medians = medians(rounds);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-50s", backend));
            for (int op = 0; op < OPERATIONS.length; op++) {
                line.append(String.format(Locale.ROOT, " %13.0f (%5.2f)", medians[op], medians[op] / memory[op]));
            }
            System.out.println(line);
        });
    }

    private static double[] medians(double[][] rounds) {
        double[] medians = new double[rounds.length];
        for (int op = 0; op < rounds.length; op++) {
            double[] sorted = rounds[op].clone();
            Arrays.sort(sorted);
            medians[op] = sorted[1];
        }
        return medians;
    }

    private static double[] run(Function<Path, EmbeddedMongoServer> backend, Path dir, int n) throws Exception {
        Files.createDirectories(dir);
        EmbeddedMongoServer server = backend.apply(dir);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort())) {
            MongoCollection<Document> orders = client.getDatabase("bench").getCollection("orders");
            double[] rates = new double[3];
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                orders.insertOne(order(i));
            }
            rates[0] = n / seconds(start);
            start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Document order = orders.find(Filters.eq("_id", "TB-" + i)).first();
                order.put("status", "PAID");
                orders.replaceOne(Filters.eq("_id", "TB-" + i), order);
            }
            rates[1] = n / seconds(start);
            start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                orders.updateOne(Filters.eq("_id", "TB-" + i), Updates.push("events", new Document("type", "paid")
                        .append("at", System.currentTimeMillis())));
            }
            rates[2] = n / seconds(start);
            return rates;
        } finally {
            server.shutdown();
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static Document order(int i) {
        List<Document> items = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            items.add(new Document("sku", "SKU-" + (i * 7 + k)).append("title", "商品 " + k + " — a product title")
                    .append("quantity", k + 1).append("price", 19.9 * (k + 1)));
        }
        return new Document("_id", "TB-" + i).append("shopId", "shop-" + (i % 5)).append("buyerId", "buyer-" + i)
                .append("platform", "taobao").append("status", "CREATED").append("items", items)
                .append("address", new Document("name", "张三").append("city", "杭州").append("line", "西湖区 1 号"))
                .append("events", new ArrayList<>()).append("outbox", new ArrayList<>())
                .append("createdAt", new java.util.Date());
    }
}
