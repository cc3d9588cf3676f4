package dev.kefu.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Class-data sharing for the service JVMs (JDK 17's dynamic archives): a service's classes, once loaded and verified,
 * are mapped from a file at the next start instead of being read from jars, parsed and verified again.
 *
 * <p>Per service jar, in {@code <data-dir>/cds/<name>-<key>/} (the key: the jar's size and modification time and the
 * JVM's version and home, so a rebuilt jar or another JDK gets a new directory and the old one is deleted):
 * <ol>
 *   <li>the jar extracted once ({@code java -Djarmode=tools -jar x.jar extract}): a plain jar plus {@code lib/},
 *       which the application class loader reads (classes in a Boot jar's nested jars cannot be archived). This runs
 *       in the background while the broker starts; a service whose jar is not extracted yet when it is launched
 *       runs from its jar, as before;</li>
 *   <li>once the stack is ready, a training run per service, one at a time and niced, as the Dockerfile makes its
 *       archive: {@code -XX:ArchiveClassesAtExit} with {@code spring.context.exit=onRefresh} (the JVM writes the
 *       classes it loaded when the context is up and exits), renamed to {@code app-<bytes>.jsa} once complete. The first
 *       start itself runs the extracted jar without an archive: no slower than before;</li>
 *   <li>later starts run with {@code -XX:SharedArchiveFile=app-<bytes>.jsa -Xshare:auto -XX:+VerifySharedSpaces}.</li>
 * </ol>
 * Recording at the services' exit instead costs no training run, but five JVMs writing ~70 MB archives each did not
 * finish within the devstack's 15 s stop grace on 2 cores, and a Ctrl-C would wait for them.
 *
 * <p>Nothing here can stop the stack: a failed extraction runs the fat jar as before, a failed training run only
 * means no archive, an incomplete recording (its JVM killed while writing: the header is written last) is never
 * renamed, a truncated archive (its size is in its name) is deleted, a damaged one fails {@code VerifySharedSpaces},
 * and one the JVM rejects (another JVM build, a moved data dir) is ignored by {@code -Xshare:auto}, which loads the
 * classes as usual.
 */
final class ClassDataSharing {

    static final String DIR = "cds";
    static final java.util.regex.Pattern ARCHIVE_NAME = java.util.regex.Pattern.compile("app-(\\d{1,18})\\.jsa");
    static final String RECORDING = "app.jsa.rec-";
    /** The first four bytes of a JDK 17 dynamic archive (CDS_DYNAMIC_ARCHIVE_MAGIC), little-endian on x86/aarch64. */
    static final int DYNAMIC_MAGIC = 0xf00baba8;
    private static final String EXTRACTING = ".extracting-";
    private static final long TRAINING_TIMEOUT_SECONDS = 600; // niced on 2 busy cores: minutes
    private static final Path NICE = findNice();

    /** How one child is launched: its JVM flags (the given ones plus those for class-data sharing) and jar. */
    record Launch(List<String> jvmOptions, Path jar, String state) {
    }

    private final boolean enabled;
    private final Path root;
    private final String jvmKey;
    private final JavaLauncher launcher;
    private final Map<Path, CompletableFuture<Path>> extracted = new LinkedHashMap<>();
    private final AtomicInteger recordings = new AtomicInteger();
    private final Map<String, List<String>> launched = new LinkedHashMap<>();
    /** Fat jar to the JVM flags of its service, for the training runs after ready. */
    private final Map<Path, List<String>> toTrain = new LinkedHashMap<>();
    private volatile Process training;
    private volatile boolean closed;

    ClassDataSharing(boolean enabled, Path dataDir, JavaLauncher launcher) {
        this(enabled, dataDir.resolve(DIR), System.getProperty("java.vm.version") + "|" + launcher.java(), launcher);
    }

    ClassDataSharing(boolean enabled, Path root, String jvmKey, JavaLauncher launcher) {
        this.enabled = enabled;
        this.root = root;
        this.jvmKey = jvmKey;
        this.launcher = launcher;
    }

    static ClassDataSharing off() {
        return new ClassDataSharing(false, Path.of(DIR), "", null);
    }

    boolean enabled() {
        return enabled;
    }

    /** The cache directory of a jar: {@code <name>-<12 hex digits of its size, mtime and the JVM>}. */
    Path cacheDir(Path jar) throws IOException {
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        String identity = Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis() + "|" + jvmKey;
        return root.resolve(name + "-" + sha256(identity).substring(0, 12));
    }

    /**
     * Extracts the jars that have no cache yet, one after the other on a background thread (they mostly write files;
     * the broker's start has the CPU meanwhile). {@link #launch} does not wait: a jar not extracted yet runs as is.
     */
    void prepare(List<Path> jars, Consumer<String> log) {
        if (!enabled) {
            return;
        }
        CompletableFuture<Path> previous = CompletableFuture.completedFuture(null);
        for (Path jar : jars) {
            Path absolute = jar.toAbsolutePath().normalize();
            CompletableFuture<Path> next = previous.handleAsync((ignored, e) -> {
                try {
                    return extract(absolute, log);
                } catch (IOException | RuntimeException ex) {
                    log.accept(absolute.getFileName() + ": not extracted (" + ex.getMessage()
                            + "); it runs from its jar, without class-data sharing");
                    return null;
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            });
            extracted.put(absolute, next);
            previous = next;
        }
    }

    /** The extracted jar in the cache (extracting it now if needed), or null when it cannot be had. */
    Path extract(Path jar, Consumer<String> log) throws IOException, InterruptedException {
        Path dir = cacheDir(jar);
        Path thin = dir.resolve(jar.getFileName());
        if (Files.isRegularFile(thin)) {
            return thin;
        }
        Files.createDirectories(root);
        deleteOtherVersions(dir);
        Path tmp = root.resolve(dir.getFileName() + EXTRACTING + ProcessHandle.current().pid());
        deleteTree(tmp);
        List<String> cmd = new ArrayList<>(List.of(launcher.java().toString(), "-Djarmode=tools", "-jar",
                jar.toString(), "extract", "--destination", tmp.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            deleteTree(tmp);
            throw new IOException("extracting took over 120 s");
        }
        Path tmpThin = tmp.resolve(jar.getFileName());
        if (p.exitValue() != 0 || !Files.isRegularFile(tmpThin)) {
            deleteTree(tmp);
            throw new IOException("java -Djarmode=tools extract exited with " + p.exitValue());
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        log.accept(jar.getFileName() + ": extracted to " + dir + " (once per build of the jar)");
        return thin;
    }

    /** One line on what the launches so far do, by kind: which services map an archive, which record one. */
    synchronized String summary() {
        if (!enabled) {
            return "off (--cds=false): the services run from their jars";
        }
        List<String> parts = new ArrayList<>();
        launched.forEach((kind, names) -> parts.add(kind + ": " + String.join(", ", names)));
        return String.join("; ", parts) + "  (cache " + root + ")";
    }

    private synchronized Launch noted(Path jar, Launch launch, String kind) {
        List<String> names = launched.computeIfAbsent(kind, k -> new ArrayList<>());
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        if (!names.contains(name)) {
            names.add(name); // once for all its replicas
        }
        return launch;
    }

    /**
     * How to start the JVM of {@code jar}: from its extracted copy, with the archive when there is one (else it is
     * queued for {@link #trainAfterReady}); from the jar itself, as before, when class-data sharing is off or the
     * extraction failed.
     */
    Launch launch(Path jar, List<String> jvmOptions) {
        Path absolute = jar.toAbsolutePath().normalize();
        if (!enabled) {
            return new Launch(jvmOptions, absolute, "off");
        }
        CompletableFuture<Path> extraction = extracted.get(absolute);
        if (extraction != null && !extraction.isDone()) {
            // not waited for: the first start must not be slower than one without the cache
            queueTraining(absolute, jvmOptions);
            return noted(absolute, new Launch(jvmOptions, absolute, "from the jar, still extracting"),
                    "from their jars (extraction not done yet; archive made after ready)");
        }
        Path thin = awaitExtracted(absolute);
        if (thin == null) {
            return noted(absolute, new Launch(jvmOptions, absolute, "off (not extracted)"), "from the jar (not extracted)");
        }
        Path archive;
        try {
            archive = archive(thin.getParent());
        } catch (IOException e) {
            return noted(absolute, new Launch(jvmOptions, absolute, "off (" + e.getMessage() + ")"),
                    "from the jar (" + e.getMessage() + ")");
        }
        if (archive == null) {
            queueTraining(absolute, jvmOptions);
            return noted(absolute, new Launch(jvmOptions, thin, "extracted, no archive yet"),
                    "extracted, archive made after ready");
        }
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-XX:SharedArchiveFile=" + archive);
        // auto, not on: an archive this JVM rejects (another build, a moved data dir) only costs the speed-up
        options.add("-Xshare:auto");
        // checks the archive's CRCs before use (about 0.1 s): a damaged one is then rejected instead of crashing the JVM
        options.add("-XX:+VerifySharedSpaces");
        return noted(absolute, new Launch(options, thin, "archive " + archive), "classes mapped from their archive");
    }

    /**
     * The training run of one extracted jar, as the Dockerfile's: the JVM refreshes the context and exits
     * ({@code spring.context.exit=onRefresh}), writing the classes it loaded. It must not disturb the running stack:
     * random ports, a broker and a database that do not exist, local security with a throwaway secret, so it neither
     * binds a devstack port nor joins a consumer group.
     */
    static List<String> trainingCommand(Path java, List<String> jvmOptions, Path thin, Path recording) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmOptions);
        cmd.add("-XX:ArchiveClassesAtExit=" + recording);
        // the dump lists every class it cannot archive (JFR's, generated accessors) as a warning: not news
        cmd.add("-Xlog:cds=error,cds+dynamic=error");
        cmd.add("-Dspring.context.exit=onRefresh");
        cmd.add("-jar");
        cmd.add(thin.toString());
        cmd.addAll(List.of("--server.port=0", "--server.address=127.0.0.1", "--management.server.port=0",
                "--management.server.address=127.0.0.1", "--kefu.security.mode=local",
                "--kefu.security.jwt-secret=cds-training-run-only-" + "x".repeat(32),
                "--spring.kafka.bootstrap-servers=127.0.0.1:1",
                "--spring.mongodb.uri=mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300",
                "--spring.data.mongodb.auto-index-creation=false", "--kefu.kafka.create-topics=false",
                "--spring.kafka.admin.auto-create=false"));
        return cmd;
    }

    /**
     * Once the stack is ready, makes the missing archives one training run at a time on a background thread, at a
     * lower priority ({@code nice}); each is renamed to {@code app-<bytes>.jsa} only when its JVM exited 0 with the whole file
     * written. The next start maps them. Logs go to {@code <logDir>/cds-training.log}.
     */
    void trainAfterReady(Path logDir, Consumer<String> log) {
        Map<Path, List<String>> todo;
        synchronized (this) {
            todo = new LinkedHashMap<>(toTrain);
            toTrain.clear();
        }
        if (!enabled || todo.isEmpty()) {
            return;
        }
        Thread t = new Thread(() -> {
            long started = System.nanoTime();
            List<String> made = new ArrayList<>();
            for (Map.Entry<Path, List<String>> e : todo.entrySet()) {
                if (closed) {
                    return;
                }
                Path jar = e.getKey();
                String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
                try {
                    Path thin = awaitExtracted(jar);
                    if (thin == null || archive(thin.getParent()) != null) {
                        continue; // not extracted (said so already), or an archive made meanwhile
                    }
                    if (train(thin, e.getValue(), logDir.resolve("cds-training.log"))) {
                        made.add(name);
                    } else if (!closed) {
                        log.accept(name + ": no archive (the training run failed, see "
                                + logDir.resolve("cds-training.log") + "); it starts without one");
                    }
                } catch (IOException ex) {
                    log.accept(name + ": no archive (" + ex.getMessage() + ")");
                } catch (InterruptedException ex) {
                    return;
                }
            }
            if (!closed) {
                // always said, last: bench's footprint scenario waits for this line before it stops the stack
                log.accept(String.format(java.util.Locale.ROOT, "archives made in %.0f s for %s; the next start "
                        + "maps their classes", (System.nanoTime() - started) / 1e9,
                        made.isEmpty() ? "none" : String.join(", ", made)));
            }
        }, "devstack-cds-training");
        t.setDaemon(true);
        t.start();
    }

    private boolean train(Path thin, List<String> jvmOptions, Path logFile) throws IOException, InterruptedException {
        Path dir = thin.getParent();
        Path recording = dir.resolve(RECORDING + ProcessHandle.current().pid() + "-" + recordings.incrementAndGet());
        List<String> cmd = new ArrayList<>();
        if (NICE != null) {
            cmd.addAll(List.of(NICE.toString(), "-n", "10"));
        }
        cmd.addAll(trainingCommand(launcher.java(), jvmOptions, thin, recording));
        Files.createDirectories(logFile.getParent());
        Files.writeString(logFile, "\n" + ChildProcess.RUN_MARKER + "cds training " + java.time.Instant.now()
                + " =====\n$ " + ChildProcess.masked(cmd) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        p.getOutputStream().close();
        training = p;
        try {
            if (!p.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                return false;
            }
        } finally {
            training = null;
        }
        boolean ok = p.exitValue() == 0 && isCompleteArchive(recording);
        if (ok && !closed) {
            Files.move(recording, archiveFor(recording), StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.deleteIfExists(recording);
        }
        return ok && !closed;
    }

    /** Stops a training run under way (the devstack is stopping); its half-written recording is deleted next time. */
    void close() {
        closed = true;
        Process p = training;
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Path findNice() {
        for (String dir : new String[] {"/usr/bin", "/bin"}) {
            Path p = Path.of(dir, "nice");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private synchronized void queueTraining(Path jar, List<String> jvmOptions) {
        toTrain.putIfAbsent(jar, List.copyOf(jvmOptions));
    }

    private Path awaitExtracted(Path jar) {
        CompletableFuture<Path> future = extracted.get(jar);
        try {
            if (future == null) {
                return extract(jar, message -> { });
            }
            return future.get(180, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException | IOException e) {
            return null;
        }
    }

    /**
     * The archive of a cache dir, {@code app-<bytes>.jsa}, or null when there is none yet. One whose size is not the
     * size in its name (truncated: a JDK 17 JVM mapping it dies of SIGBUS, even with {@code -Xshare:auto}) or whose
     * header is not a dynamic archive's is deleted, and so are recordings left by an earlier run (a training run
     * killed with its devstack). Called while this devstack holds the data dir's lock: no other JVM writes here.
     */
    static Path archive(Path dir) throws IOException {
        Path found = null;
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "app*.jsa*")) {
            files.forEach(entries::add);
        }
        entries.sort(Comparator.comparing(Path::toString));
        for (Path file : entries) {
            java.util.regex.Matcher m = ARCHIVE_NAME.matcher(file.getFileName().toString());
            boolean valid = found == null && m.matches() && Files.size(file) == Long.parseLong(m.group(1))
                    && isCompleteArchive(file);
            if (valid) {
                found = file;
            } else {
                Files.deleteIfExists(file);
            }
        }
        return found;
    }

    /** The name a complete recording is renamed to: its size in it, checked before every use. */
    static Path archiveFor(Path recording) throws IOException {
        return recording.resolveSibling("app-" + Files.size(recording) + ".jsa");
    }

    /** A dynamic archive whose header was written: the JVM writes it after everything else. */
    static boolean isCompleteArchive(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4
                    && ByteBuffer.wrap(head).order(ByteOrder.nativeOrder()).getInt() == DYNAMIC_MAGIC;
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes the cache dirs of the same jar name with another key (an older build) and leftover extractions. */
    private void deleteOtherVersions(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        String prefix = name.substring(0, name.lastIndexOf('-') + 1);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String other = entry.getFileName().toString();
                boolean sameJar = other.startsWith(prefix) && other.substring(prefix.length()).matches("[0-9a-f]{12}"
                        + "(" + EXTRACTING.replace(".", "\\.") + "\\d+)?");
                if (sameJar && !entry.equals(dir)) {
                    deleteTree(entry);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
