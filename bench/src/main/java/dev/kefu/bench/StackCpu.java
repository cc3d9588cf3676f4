package dev.kefu.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of a process tree from /proc: the devstack JVM (which hosts the Mongo server) and everything it started
 * (the broker, the services, its watchdog), found by parent pid.
 */
public final class StackCpu {

    private final long rootPid;
    private final int clockTicks;

    public StackCpu(long rootPid, int clockTicks) {
        this.rootPid = rootPid;
        this.clockTicks = clockTicks;
    }

    /** The root and all its descendants, each with a short name (the jar or main class it runs). */
    public Map<Long, String> processes() throws IOException {
        Map<Long, List<Long>> children = new HashMap<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : proc) {
                long pid = Long.parseLong(p.getFileName().toString());
                long ppid = parentOf(pid);
                if (ppid > 0) {
                    children.computeIfAbsent(ppid, k -> new ArrayList<>()).add(pid);
                }
            }
        }
        Map<Long, String> tree = new LinkedHashMap<>();
        List<Long> todo = new ArrayList<>(List.of(rootPid));
        while (!todo.isEmpty()) {
            long pid = todo.remove(0);
            tree.put(pid, name(pid));
            todo.addAll(children.getOrDefault(pid, List.of()));
        }
        return tree;
    }

    /** utime + stime in clock ticks; 0 for a process that is gone. */
    public long ticks(long pid) {
        String[] f = statFields(pid);
        return f == null ? 0 : cpuTicks(f);
    }

    /**
     * utime + stime in clock ticks of the JIT compiler threads of {@code pid} (HotSpot's "C1 CompilerThreadN" and "C2
     * CompilerThreadN", shown as "C1 CompilerThre"...); 0 for a process that is gone or not a JVM. A compiler thread
     * that ended meanwhile takes its ticks with it, so a difference of two readings can only understate.
     */
    public long compilerTicks(long pid) {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String stat = readStat(task.resolve("stat")); // null: the thread ended after the listing
                if (stat != null && isCompilerThread(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')))) {
                    ticks += cpuTicks(fieldsOf(stat));
                }
            }
        } catch (IOException | RuntimeException gone) {
            return ticks;
        }
        return ticks;
    }

    static boolean isCompilerThread(String comm) {
        return comm.matches("C[12] CompilerThre.*");
    }

    /** {@link #ticks(long)} of each of {@code pids}, read now. */
    public Map<Long, Long> ticks(Collection<Long> pids) {
        Map<Long, Long> ticks = new HashMap<>();
        pids.forEach(pid -> ticks.put(pid, ticks(pid)));
        return ticks;
    }

    /** Percent of one core used by each process over {@code millis}, measured now. */
    public Map<String, Double> sample(Map<Long, String> processes, long millis) throws InterruptedException {
        return sampleWithCompilers(processes, millis).perProcess();
    }

    /** A sample: percent of one core per process, and the part of all of it the JVMs' JIT compiler threads used. */
    public record Sample(Map<String, Double> perProcess, double compilers) {

        public double total() {
            return perProcess.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /** {@link #sample} with the JIT compiler threads' share ({@link #compilerTicks}) read over the same time. */
    public Sample sampleWithCompilers(Map<Long, String> processes, long millis) throws InterruptedException {
        Map<Long, Long> before = ticks(processes.keySet());
        long compilersBefore = compilerTicks(processes.keySet());
        long start = System.nanoTime();
        Thread.sleep(millis);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> percent = new LinkedHashMap<>();
        processes.forEach((pid, name) -> percent.merge(name,
                (ticks(pid) - before.get(pid)) * 100.0 / clockTicks / seconds, Double::sum));
        double compilers = Math.max(0, compilerTicks(processes.keySet()) - compilersBefore) * 100.0 / clockTicks
                / seconds;
        return new Sample(percent, compilers);
    }

    /** {@link #compilerTicks(long)} summed over {@code pids}. */
    public long compilerTicks(Collection<Long> pids) {
        return pids.stream().mapToLong(this::compilerTicks).sum();
    }

    private static long parentOf(long pid) {
        String[] f = statFields(pid);
        return f == null ? -1 : Long.parseLong(f[1]);
    }

    /** Fields after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime (proc(5) fields 3..). */
    private static String[] statFields(long pid) {
        String stat = readStat(Path.of("/proc", Long.toString(pid), "stat"));
        return stat == null ? null : fieldsOf(stat);
    }

    /** A {@code stat} file of a process or thread; null when it is gone. */
    private static String readStat(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The fields after the command name, which may itself hold spaces and parentheses. */
    private static String[] fieldsOf(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** utime + stime of {@link #fieldsOf} fields. */
    private static long cpuTicks(String[] fields) {
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private String name(long pid) {
        if (pid == rootPid) {
            return "devstack+mongo";
        }
        try {
            String[] args = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8)
                    .split("\0");
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("-jar") && i + 1 < args.length) {
                    return Path.of(args[i + 1]).getFileName().toString().replace(".jar", "");
                }
                if (args[i].startsWith("-Dloader.main=")) {
                    return args[i].contains("kafka") ? "kafka" : args[i].substring("-Dloader.main=".length());
                }
                if (args[i].equals("kafka.Kafka")) {
                    return "kafka";
                }
            }
            String exe = Path.of(args[0]).getFileName().toString();
            return exe.endsWith("sh") ? "watchdog (" + exe + ")" : exe + "[" + pid + "]";
        } catch (IOException | RuntimeException e) {
            return "pid " + pid;
        }
    }
}
