package dev.kefu.system;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Looks for personal data an end-to-end run sent (phone numbers, street addresses, names) wherever Kefu could keep
 * it: every record of every topic on the broker (dead-letter topics included: keys, values and headers), and every
 * file under the devstack's data directory (logs, the broker's segments, the database files). Each finding names
 * where the needle was, so a leak says which path carried it.
 */
final class PiiScan {

    private final List<String> needles;

    PiiScan(List<String> needles) {
        this.needles = List.copyOf(needles);
    }

    /** Needle → the topics whose records hold it; the topic names scanned are reported in {@code scanned}. */
    Map<String, Set<String>> topics(String bootstrap, Collection<String> scanned) {
        Map<String, Set<String>> found = new LinkedHashMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                     ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Set<String> names = admin.listTopics().names().get();
            scanned.addAll(names);
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : names) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("could not read every topic to its end within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    StringBuilder text = new StringBuilder();
                    append(text, record.key());
                    append(text, record.value());
                    for (Header header : record.headers()) {
                        text.append(header.key()).append('=');
                        append(text, header.value());
                    }
                    match(text.toString(), record.topic(), found);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return found;
    }

    /** Needle → the files under {@code dir} whose bytes hold it (as UTF-8); counts the files read in {@code scanned}. */
    Map<String, Set<String>> files(Path dir, Collection<Path> scanned) {
        Map<String, Set<String>> found = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (IOException vanished) {
                    continue; // a segment deleted or rolled while walking
                }
                scanned.add(file);
                // ISO-8859-1 keeps every byte as one char, so a UTF-8 needle is found as its byte sequence.
                match(new String(bytes, StandardCharsets.ISO_8859_1), dir.relativize(file).toString(), found, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Needle → "answer" when {@code text} (an API answer) holds it. */
    Map<String, Set<String>> text(String text, String where) {
        Map<String, Set<String>> found = new LinkedHashMap<>();
        match(text, where, found);
        return found;
    }

    private void match(String text, String where, Map<String, Set<String>> found) {
        match(text, where, found, false);
    }

    private void match(String text, String where, Map<String, Set<String>> found, boolean asBytes) {
        for (String needle : needles) {
            String n = asBytes ? new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1) : needle;
            if (text.contains(n)) {
                found.computeIfAbsent(needle, k -> new TreeSet<>()).add(where);
            }
        }
    }

    private static void append(StringBuilder text, byte[] bytes) {
        if (bytes != null) {
            text.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
        }
    }
}
