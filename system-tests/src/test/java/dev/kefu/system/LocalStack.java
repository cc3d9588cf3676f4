package dev.kefu.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The whole local stack, started the way the README tells a newcomer ({@code devstack/run}), on ports moved by an
 * offset so it never meets a stack a developer is running. Stopped by PID: the launcher first (its shutdown hook
 * stops the broker and the services), then any of its descendants still alive.
 */
final class LocalStack implements AutoCloseable {

    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    // A 2-core machine under other builds needs minutes to start five services: generous, it only bounds a failure.
    private static final Duration READY_WITHIN = Duration.ofSeconds(330);

    final int portOffset;
    final Path dataDir;
    private final Process process;
    private final Deque<String> output = new ArrayDeque<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Duration startedIn;

    private LocalStack(int portOffset, Path dataDir, List<String> options, Map<String, String> environment)
            throws IOException, InterruptedException {
        this.portOffset = portOffset;
        this.dataDir = dataDir;
        long start = System.nanoTime();
        // No class-data sharing cache: each test's data dir is new, so the cache would only be built (extraction
        // and a training run per service after ready) while the test runs beside it, and never used.
        List<String> command = new ArrayList<>(List.of("bash", REPO.resolve("devstack/run").toString(),
                "--port-offset=" + portOffset, "--data-dir=" + dataDir, "--startup-timeout=300", "--cds=false"));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(REPO.toFile())
                .redirectErrorStream(true);
        // The reactor that runs this test has just built every jar: never start a second build inside it.
        builder.environment().put("KEFU_NO_BUILD", "true");
        // The services inherit it: Spring's relaxed binding reads KEFU_X_Y as kefu.x.y.
        builder.environment().putAll(environment);
        process = builder.start();
        Thread reader = new Thread(this::readOutput, "devstack-output");
        reader.setDaemon(true);
        reader.start();
        // Wait for "ready", but not for a stack that already gave up (ports taken, a service that failed to start).
        long deadline = start + READY_WITHIN.toNanos();
        boolean up = false;
        while (!up && process.isAlive() && System.nanoTime() < deadline) {
            up = ready.await(1, TimeUnit.SECONDS);
        }
        startedIn = Duration.ofNanos(System.nanoTime() - start);
        if (!up) {
            String why = process.isAlive() ? "devstack not ready within " + READY_WITHIN
                    : "devstack exited (" + process.waitFor() + ") before it was ready";
            reader.join(2000); // the last lines it printed say why
            String tail = tail();
            close();
            throw new IllegalStateException(why + ":\n" + tail);
        }
    }

    static LocalStack start(int portOffset, Path dataDir) throws IOException, InterruptedException {
        return start(portOffset, dataDir, List.of(), Map.of());
    }

    /** With more devstack {@code options} (e.g. {@code --shop=...}) and {@code environment} for every process. */
    static LocalStack start(int portOffset, Path dataDir, List<String> options, Map<String, String> environment)
            throws IOException, InterruptedException {
        return new LocalStack(portOffset, dataDir, options, environment);
    }

    String gateway() {
        return "http://127.0.0.1:" + (8080 + portOffset);
    }

    String kafka() {
        return "127.0.0.1:" + (9092 + portOffset);
    }

    Duration startedIn() {
        return startedIn;
    }

    /** The shop's webhook secret, as the devstack stored (and printed) it. */
    String webhookSecret(String shopId) throws IOException {
        Properties shops = new Properties();
        try (var in = Files.newBufferedReader(dataDir.resolve("shops.properties"))) {
            shops.load(in);
        }
        return shops.getProperty(shopId);
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops the devstack (its shutdown hook stops the broker and the services), then any of its children left; returns them. */
    private List<ProcessHandle> stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                if (child.isAlive()) {
                    child.destroy();
                    child.onExit().get(20, TimeUnit.SECONDS);
                }
            }
        } catch (Exception e) {
            children.forEach(ProcessHandle::destroyForcibly);
        }
        return children;
    }

    /** Stops the stack as {@link #close} does and fails if any process it had started is still alive then. */
    void closeAndCheckNothingLeft() {
        List<Long> alive = stop().stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        if (!alive.isEmpty()) {
            throw new AssertionError("still alive after the devstack stopped: pids " + alive);
        }
    }

    /**
     * Options giving {@code shop} hours around the current time (UTC): open for business 3 h either side of now,
     * quiet hours from 4 to 5 h ahead, so a test's proactive messages are neither held nor told the shop is closed.
     */
    static List<String> shopHoursAroundNow(String shop) {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        return List.of("--shop=" + shop + ".time-zone=UTC",
                "--shop=" + shop + ".business-hours=" + now.minusHours(3).format(hhmm) + "-" + now.plusHours(3).format(hhmm),
                "--shop=" + shop + ".quiet-hours=" + now.plusHours(4).format(hhmm) + "-" + now.plusHours(5).format(hhmm));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("[devstack] " + line);
                synchronized (output) {
                    output.addLast(line);
                    if (output.size() > 80) {
                        output.removeFirst();
                    }
                }
                if (line.startsWith("KEFU READY")) {
                    ready.countDown();
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private String tail() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }
}
