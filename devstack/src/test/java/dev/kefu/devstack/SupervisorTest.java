package dev.kefu.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With real (tiny) child processes and a back-off in tens of milliseconds. */
class SupervisorTest {

    @TempDir
    Path dir;

    private final List<String> told = new CopyOnWriteArrayList<>();

    private final Supervisor.Events events = new Supervisor.Events() {
        @Override
        public void exited(ChildProcess child, int code, Duration upFor, Duration restartIn, int exitsInARow) {
            told.add("exited " + code + " restart in " + restartIn.toMillis() + " #" + exitsInARow);
        }

        @Override
        public void restarted(ChildProcess child) {
            told.add("restarted");
        }

        @Override
        public void restartFailed(ChildProcess child, Exception cause, Duration retryIn) {
            told.add("failed " + cause.getMessage() + " retry in " + retryIn.toMillis());
        }
    };

    private ChildProcess child(String script) {
        return new ChildProcess("crashy", List.of("/bin/sh", "-c", script), dir.resolve("crashy.log"), dir);
    }

    private static Backoff fast() {
        return new Backoff(Duration.ofMillis(20), Duration.ofMillis(80), Duration.ofSeconds(30));
    }

    @Test
    void aChildThatKeepsExitingIsRestartedWithAGrowingCappedWait() throws IOException {
        ChildProcess crashy = child("exit 3");
        AtomicInteger starts = new AtomicInteger();
        try (Supervisor supervisor = new Supervisor(c -> {
            starts.incrementAndGet();
            c.start();
        }, events, SupervisorTest::fast, System::nanoTime)) {
            crashy.start();
            supervisor.supervise(crashy);
            await().atMost(Duration.ofSeconds(20)).until(() -> starts.get() >= 5);
        }
        assertThat(told).startsWith("exited 3 restart in 20 #1", "restarted", "exited 3 restart in 40 #2", "restarted",
                "exited 3 restart in 80 #3", "restarted", "exited 3 restart in 80 #4", "restarted");
        // each start appended its run marker to the same log
        assertThat(Files.readString(dir.resolve("crashy.log")).split(ChildProcess.RUN_MARKER, -1).length - 1)
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    void aChildKilledFromOutsideComesBackUnderANewPid() throws IOException {
        ChildProcess sleeper = child("sleep 60");
        try (Supervisor supervisor = new Supervisor(ChildProcess::start, events, SupervisorTest::fast,
                System::nanoTime)) {
            sleeper.start();
            long first = sleeper.pid();
            supervisor.supervise(sleeper);
            sleeper.process().destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).until(() -> sleeper.isAlive() && sleeper.pid() != first);
            assertThat(told.get(0)).startsWith("exited 137 restart in 20 #1");
            assertThat(told).contains("restarted");
        } finally {
            ChildProcess.stopAll(List.of(sleeper), Duration.ofSeconds(2));
        }
    }

    @Test
    void aRestartThatCannotStartIsTriedAgainLater() throws IOException {
        ChildProcess crashy = child("exit 1");
        AtomicInteger attempts = new AtomicInteger();
        try (Supervisor supervisor = new Supervisor(c -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IOException("port busy");
            }
            c.start();
        }, events, SupervisorTest::fast, System::nanoTime)) {
            crashy.start();
            supervisor.supervise(crashy);
            await().atMost(Duration.ofSeconds(10)).until(() -> told.contains("restarted"));
        }
        assertThat(told).startsWith("exited 1 restart in 20 #1", "failed port busy retry in 40", "restarted");
    }

    @Test
    void nothingIsRestartedOnceClosed() throws Exception {
        ChildProcess sleeper = child("sleep 60");
        AtomicInteger starts = new AtomicInteger();
        Supervisor supervisor = new Supervisor(c -> {
            starts.incrementAndGet();
            c.start();
        }, events, SupervisorTest::fast, System::nanoTime);
        sleeper.start();
        supervisor.supervise(sleeper);
        supervisor.close();
        ChildProcess.stopAll(List.of(sleeper), Duration.ofSeconds(2));
        Thread.sleep(300);
        assertThat(starts).hasValue(0);
        assertThat(told).isEmpty();
        assertThat(sleeper.isAlive()).isFalse();
    }
}
