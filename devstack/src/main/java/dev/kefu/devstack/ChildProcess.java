package dev.kefu.devstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A process the devstack started: its output (stdout and stderr) is appended to a log file, and it is stopped by its
 * own {@link Process} handle, never by name. Where {@code setsid} exists the child gets its own session, so a Ctrl-C in
 * the terminal reaches only the devstack, which then stops the children in order (services before the broker).
 */
final class ChildProcess {

    static final String RUN_MARKER = "===== kefu-devstack: ";
    private static final Path SETSID = findSetsid();

    private final String name;
    private final List<String> command;
    private final Path logFile;
    private final Path workDir;
    private volatile Process process;

    ChildProcess(String name, List<String> command, Path logFile, Path workDir) {
        this.name = name;
        this.command = List.copyOf(command);
        this.logFile = logFile;
        this.workDir = workDir;
    }

    private static Path findSetsid() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return null;
        }
        for (String dir : new String[] {"/usr/bin", "/bin"}) {
            Path p = Path.of(dir, "setsid");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Starts the process with its output appended to the log, after a marker line that {@link #logTail} looks for. */
    Process start() throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Files.writeString(logFile, "\n" + RUN_MARKER + name + " started " + Instant.now() + " =====\n$ "
                        + masked(command) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        List<String> cmd = new ArrayList<>();
        if (SETSID != null) {
            // the child is not a process-group leader, so setsid execs in place: the pid stays the java pid
            cmd.add(SETSID.toString());
        }
        cmd.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // glibc gives each thread that mallocs its own arena, up to 8 per core, and keeps what was freed in them; two
        // shared by all threads suffice for JVMs whose heap is the Java one. Measured idle after the start: within
        // the noise (a few MiB per service); it bounds what JIT and thread churn leave behind later. Set -> kept.
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        Process started = builder.start();
        started.getOutputStream().close(); // stdin: nothing to read
        process = started;
        return started;
    }

    /** Hides secret values ({@code --x.secret=...}, {@code --x.webhook-secret=...}) in the logged command line. */
    static String masked(List<String> command) {
        return command.stream()
                .map(arg -> {
                    int eq = arg.indexOf('=');
                    return eq > 0 && arg.substring(0, eq).toLowerCase().contains("secret")
                            ? arg.substring(0, eq + 1) + "****" : arg;
                })
                .collect(Collectors.joining(" "));
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    List<String> command() {
        return command;
    }

    Process process() {
        return process;
    }

    boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    /**
     * Asks every live process to stop (SIGTERM), waits up to {@code grace} for all of them together, then kills the
     * rest (SIGKILL) and waits a little for those too.
     *
     * @return the names of the processes that had to be killed
     */
    static List<String> stopAll(List<ChildProcess> children, Duration grace) {
        List<ChildProcess> alive = children.stream().filter(ChildProcess::isAlive).toList();
        alive.forEach(c -> c.process.destroy());
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> killed = new ArrayList<>();
        for (ChildProcess c : alive) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !c.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    c.process.destroyForcibly();
                    killed.add(c.name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                c.process.destroyForcibly();
                killed.add(c.name);
            }
        }
        for (ChildProcess c : alive) {
            try {
                c.process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return killed;
    }

    /** The last {@code lines} lines this run wrote to the log (nothing from earlier runs). */
    List<String> logTail(int lines) {
        return tail(logFile, lines);
    }

    static List<String> tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int window = (int) Math.min(length, 256 * 1024);
            byte[] bytes = new byte[window];
            raf.seek(length - window);
            raf.readFully(bytes);
            List<String> all = new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R")));
            int marker = -1;
            for (int i = all.size() - 1; i >= 0; i--) {
                if (all.get(i).startsWith(RUN_MARKER)) {
                    marker = i;
                    break;
                }
            }
            List<String> run = all.subList(marker + 1, all.size());
            return List.copyOf(run.subList(Math.max(0, run.size() - lines), run.size()));
        } catch (IOException e) {
            return List.of("(could not read " + file + ": " + e.getMessage() + ")");
        }
    }
}
