package dev.kefu.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What the numbers were measured on. The commit and java -version come from bench/run. */
public record Machine(String commit, String javaVersion, String mode) {

    public Map<String, String> rows() {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        rows.put("git commit", commit);
        rows.put("cores (nproc)", Integer.toString(Runtime.getRuntime().availableProcessors()));
        rows.put("memory", memory());
        rows.put("java -version", javaVersion);
        rows.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        rows.put("load average (1/5/15 min) at the end", loadAverage());
        rows.put("mode", mode);
        return rows;
    }

    /** The machine may be shared: a high load average means the figures carry others' noise. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux
        }
        return "?";
    }
}
