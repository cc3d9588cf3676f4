package dev.kefu.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stops the children if the devstack JVM dies without running its shutdown hook (kill -9, a crash). A tiny
 * {@code /bin/sh} watchdog is told each child's pid on its stdin; end-of-file on that pipe, which only the devstack
 * holds, means the devstack is gone: it then stops the services (TERM, up to 15 s, then KILL) and after them the
 * broker, by pid. A normal stop tells it {@code done} first, so it exits without touching anything. It ignores
 * SIGINT and SIGHUP, which a terminal sends to the whole foreground group.
 */
final class OrphanGuard {

    static final int SERVICES = 1;
    static final int BROKER = 2;

    static final String SCRIPT = """
            trap '' INT HUP
            first=""; second=""
            drop() { out=""; for p in $1; do [ "$p" = "$2" ] || out="$out $p"; done; echo "$out"; }
            stop() {
              [ -n "$1" ] || return 0
              kill -TERM $1 2>/dev/null
              i=0; alive="$1"
              while [ $i -lt 15 ]; do
                alive=""
                for p in $1; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
                [ -z "$alive" ] && return 0
                sleep 1; i=$((i+1))
              done
              kill -KILL $alive 2>/dev/null
            }
            while IFS=' ' read -r cmd pid; do
              case "$cmd" in
                1) first="$first $pid" ;;
                2) second="$second $pid" ;;
                -) first=$(drop "$first" "$pid"); second=$(drop "$second" "$pid") ;;
                done) exit 0 ;;
              esac
            done
            stop "$first"
            stop "$second"
            """;

    private final Process watchdog;
    private final OutputStream pipe;

    private OrphanGuard(Process watchdog) {
        this.watchdog = watchdog;
        this.pipe = watchdog == null ? null : watchdog.getOutputStream();
    }

    /** Starts the watchdog where there is a POSIX shell; elsewhere a guard that does nothing. */
    static OrphanGuard start() {
        Path sh = Path.of("/bin/sh");
        if (!Files.isExecutable(sh)) {
            return new OrphanGuard(null);
        }
        try {
            Process p = new ProcessBuilder(sh.toString(), "-c", SCRIPT)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new OrphanGuard(p);
        } catch (IOException e) {
            return new OrphanGuard(null);
        }
    }

    /** Watches a started child; forgets it again when it exits (so a reused pid is never signalled). */
    void watch(ChildProcess child, int stage) {
        long pid = child.pid();
        send(stage + " " + pid);
        child.process().onExit().thenRun(() -> send("- " + pid));
    }

    /** The devstack stopped its children itself: the watchdog exits without doing anything. */
    void release() {
        send("done");
        if (pipe != null) {
            try {
                pipe.close();
            } catch (IOException ignored) {
                // the watchdog is gone already
            }
        }
    }

    long pid() {
        return watchdog == null ? -1 : watchdog.pid();
    }

    private synchronized void send(String line) {
        if (pipe == null) {
            return;
        }
        try {
            pipe.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            pipe.flush();
        } catch (IOException ignored) {
            // watchdog gone (or released): nothing more to tell it
        }
    }
}
