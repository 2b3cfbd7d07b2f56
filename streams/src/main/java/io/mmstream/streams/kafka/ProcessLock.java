package io.mmstream.streams.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * An exclusive lock on a file, held by this process until closed, and dropped by the operating system
 * when the process dies however it dies: what tells a live holder from a stale file.
 *
 * <p>A lock this JVM already holds counts as held by someone else, so two commands run in one JVM
 * (as the tests do) exclude each other as two processes would. Such a file is never opened a second
 * time here: on Linux, closing any channel of a file drops every lock the process holds on it.
 */
public final class ProcessLock implements AutoCloseable {

    /** The files this JVM holds locks on. */
    private static final Set<Path> HELD = new HashSet<>();

    private Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private ProcessLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock on {@code file} (created when missing), or null when another holder has it. */
    public static ProcessLock tryAcquire(Path file) {
        Path key = file.toAbsolutePath().normalize();
        synchronized (HELD) {
            if (HELD.contains(key)) {
                return null;
            }
            ProcessLock lock = lockFile(key);
            if (lock != null) {
                HELD.add(key);
            }
            return lock;
        }
    }

    private static ProcessLock lockFile(Path file) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new ProcessLock(file, channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // this JVM holds it through a channel opened elsewhere
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file, e);
        }
        closeQuietly(channel);
        return null;
    }

    /** The lock on {@code file}, waiting up to {@code timeout} for its holder to let go; null if it did not. */
    public static ProcessLock acquire(Path file, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ProcessLock lock = tryAcquire(file);
            if (lock != null || System.nanoTime() > deadline) {
                return lock;
            }
            Thread.sleep(50);
        }
    }

    /** Whether some live process (this one included) holds the lock on {@code file}. */
    public static boolean isHeld(Path file) {
        if (!file.toFile().exists()) {
            return false;
        }
        ProcessLock probe = tryAcquire(file);
        if (probe == null) {
            return true;
        }
        probe.close();
        return false;
    }

    /**
     * Renames the locked file to {@code target}, keeping the lock (it belongs to the file, not its name):
     * a file can be locked under a name nobody looks at, then appear under its real name already locked.
     */
    public void renameTo(Path target) throws IOException {
        Path key = target.toAbsolutePath().normalize();
        synchronized (HELD) {
            Files.move(file, key, StandardCopyOption.ATOMIC_MOVE);
            HELD.remove(file);
            HELD.add(key);
            file = key;
        }
    }

    @Override
    public void close() {
        synchronized (HELD) {
            if (!HELD.remove(file)) {
                return;
            }
            try {
                lock.release();
            } catch (IOException e) {
                // closing the channel below releases it too
            }
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }
}
