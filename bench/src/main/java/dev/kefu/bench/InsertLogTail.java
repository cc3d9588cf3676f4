package dev.kefu.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows the devstack's {@code mongo-inserts.log} (lines {@code <epoch micros> <ns> <_id> <field>}, written by the
 * Mongo server as it inserts) and remembers when each field value was first stored in one namespace.
 */
public final class InsertLogTail implements AutoCloseable {

    private final Path file;
    private final String namespace;
    private final Map<String, Long> storedMicros = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts at the file's current end: only what is inserted from now on counts. */
    public InsertLogTail(Path file, String namespace) throws IOException {
        this.file = file;
        this.namespace = namespace;
        long start = Files.exists(file) ? Files.size(file) : 0;
        thread = new Thread(() -> follow(start), "bench-insert-log");
        thread.setDaemon(true);
        thread.start();
    }

    public Long storedMicros(String value) {
        return storedMicros.get(value);
    }

    private void follow(long position) {
        StringBuilder partial = new StringBuilder();
        byte[] buffer = new byte[65536];
        while (running) {
            try {
                if (!Files.exists(file)) {
                    Thread.sleep(50);
                    continue;
                }
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                    while (running) {
                        raf.seek(position);
                        int n = raf.read(buffer);
                        if (n <= 0) {
                            Thread.sleep(2);
                            continue;
                        }
                        position += n;
                        partial.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        int nl;
                        while ((nl = partial.indexOf("\n")) >= 0) {
                            parse(partial.substring(0, nl));
                            partial.delete(0, nl + 1);
                        }
                    }
                }
            } catch (IOException e) {
                sleepQuietly();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void parse(String line) {
        String[] f = line.split(" ");
        if (f.length >= 4 && f[1].equals(namespace)) {
            storedMicros.putIfAbsent(f[3], Long.parseLong(f[0]));
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
