package io.mmstream.streams.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A state folder of its own for one command's Kafka Streams applications.
 *
 * <p>Kafka Streams keeps an instance's identity and its local stores in its state folder, and two
 * instances must never share one. Commands on one data dir run at once, so each claims the first free
 * numbered slot under {@code <data-dir>/streams/} and holds it until it ends: commands run one after
 * another reuse slot 0 and its warm stores, commands run together get slots of their own.
 */
public final class StateSlot implements AutoCloseable {

    private final Path folder;
    private final ProcessLock lock;

    private StateSlot(Path folder, ProcessLock lock) {
        this.folder = folder;
        this.lock = lock;
    }

    /** Claims the first free slot under {@code streamsDir}. */
    public static StateSlot claim(Path streamsDir) {
        try {
            Files.createDirectories(streamsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + streamsDir, e);
        }
        for (int n = 0; ; n++) {
            ProcessLock lock = ProcessLock.tryAcquire(streamsDir.resolve("slot-" + n + ".lock"));
            if (lock != null) {
                return new StateSlot(streamsDir.resolve("slot-" + n), lock);
            }
        }
    }

    /** The folder to give Kafka Streams as its state dir. */
    public Path folder() {
        return folder;
    }

    @Override
    public void close() {
        lock.close();
    }
}
