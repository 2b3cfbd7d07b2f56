package io.mmstream.streams.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The commands using the broker of a data dir: each holds the lock on a file of its own in
 * {@code broker/clients/} while it runs, with a line saying what it is beside it. A file whose lock
 * nobody holds belongs to a command that has ended or crashed, and is removed.
 */
final class Clients {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final BrokerFiles files;

    Clients(BrokerFiles files) {
        this.files = files;
    }

    /** One command's registration: held until closed. */
    static final class Registration implements AutoCloseable {
        private final ProcessLock lock;
        private final Path lockFile;
        private final Path description;

        private Registration(ProcessLock lock, Path lockFile, Path description) {
            this.lock = lock;
            this.lockFile = lockFile;
            this.description = description;
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(description);
                Files.deleteIfExists(lockFile);
            } catch (IOException e) {
                // the broker removes what is left once the lock is gone
            }
            lock.close();
        }
    }

    /** Registers this process's command, described by {@code what}, as a user of the broker. */
    Registration register(String what) {
        String name = ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        Path lockFile = files.clients().resolve(name + ".lock");
        Path description = files.clients().resolve(name + ".txt");
        // locked under a name the broker does not look at, then renamed: it never sees the file unlocked
        ProcessLock lock = ProcessLock.tryAcquire(files.clients().resolve(name + ".new"));
        if (lock == null) {
            throw new IllegalStateException("cannot register with the broker in " + files.clients());
        }
        try {
            Files.writeString(description, "pid " + ProcessHandle.current().pid() + ": " + what, StandardCharsets.UTF_8);
            lock.renameTo(lockFile);
        } catch (IOException e) {
            lock.close();
            throw new UncheckedIOException("cannot register with the broker in " + files.clients(), e);
        }
        return new Registration(lock, lockFile, description);
    }

    /** How many commands use the broker now; the files of ended ones are removed. */
    int live() {
        return describeLive().size();
    }

    /** What each command using the broker now is, e.g. {@code pid 4242: captions talk.mp4}. */
    List<String> describeLive() {
        List<String> live = new ArrayList<>();
        if (!Files.isDirectory(files.clients())) {
            return live;
        }
        try (DirectoryStream<Path> locks = Files.newDirectoryStream(files.clients(), "*.lock")) {
            for (Path lockFile : locks) {
                Path description = lockFile.resolveSibling(lockFile.getFileName().toString().replace(".lock", ".txt"));
                if (ProcessLock.isHeld(lockFile)) {
                    live.add(Files.exists(description) ? Files.readString(description, StandardCharsets.UTF_8).strip()
                            : lockFile.getFileName().toString());
                } else {
                    Files.deleteIfExists(lockFile);
                    Files.deleteIfExists(description);
                }
            }
        } catch (IOException e) {
            // a file that vanished while being looked at belonged to a command that just ended
        }
        return live;
    }
}
