package io.mmstream.streams.lanes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Holds a {@link Quiet} class back while {@link ComputeLane} runs in its JVM beside this one (its
 * process id is in {@link #PID_FILE} until it ends); when the class runs alone ({@code -Dit.test=...})
 * there is nothing to wait for.
 */
public final class AfterComputeLane implements BeforeAllCallback {

    /** Where {@link ComputeLane} writes its JVM's process id while it runs, relative to the module. */
    static final Path PID_FILE = Path.of("target", "lanes", "compute-lane.pid");

    private static final Duration AT_MOST = Duration.ofMinutes(40);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        long deadline = System.nanoTime() + AT_MOST.toNanos();
        boolean said = false;
        while (computeLaneRuns() && System.nanoTime() < deadline) {
            if (!said) {
                System.err.println(context.getRequiredTestClass().getSimpleName() + " waits for the compute lane to end");
                said = true;
            }
            Thread.sleep(1000);
        }
    }

    private static boolean computeLaneRuns() throws IOException {
        if (!Files.exists(PID_FILE)) {
            return false;
        }
        try {
            long pid = Long.parseLong(Files.readString(PID_FILE).strip());
            // a @Quiet class run by the compute lane itself would wait for its own end
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException | IOException gone) {
            return false;
        }
    }

    /** Called by {@link ComputeLane} as it starts. */
    static void computeLaneStarts() throws IOException {
        Files.createDirectories(PID_FILE.getParent());
        Path tmp = PID_FILE.resolveSibling("compute-lane.pid.tmp");
        Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()));
        Files.move(tmp, PID_FILE, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Called by {@link ComputeLane} as it ends. */
    static void computeLaneEnds() throws IOException {
        Files.deleteIfExists(PID_FILE);
    }
}
