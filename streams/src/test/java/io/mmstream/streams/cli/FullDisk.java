package io.mmstream.streams.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted over a folder (a worker's state folder), which the test fills to the last
 * byte to inject a full disk, and empties again. Mounting needs root; without it the fault is
 * reported as not injected.
 */
final class FullDisk {

    private final Path folder;
    private final int sizeMb;
    private final String why;

    private FullDisk(Path folder, int sizeMb, String why) {
        this.folder = folder;
        this.sizeMb = sizeMb;
        this.why = why;
    }

    /** Mounts a tmpfs of {@code sizeMb} over {@code folder}, or says why it could not. */
    static FullDisk mount(Path folder, int sizeMb) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + sizeMb + "m", "tmpfs", folder.toString());
        return new FullDisk(folder, sizeMb, failure);
    }

    boolean mounted() {
        return why == null;
    }

    /** Why the tmpfs is not mounted. */
    String why() {
        return why;
    }

    int sizeMb() {
        return sizeMb;
    }

    /** Writes a file until the tmpfs has no byte left. */
    void fill() throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(folder.resolve("filler"))) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    /** Removes the filler. */
    void empty() throws IOException {
        Files.deleteIfExists(folder.resolve("filler"));
    }

    /** Unmounts it (lazily: a dead worker's files may still be open for a moment). */
    void unmount() throws IOException, InterruptedException {
        if (mounted()) {
            run("umount", "-l", folder.toString());
        }
    }

    /** Runs a command; returns null when it succeeded, else its first line of output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes()).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return String.join(" ", command) + ": " + (output.isEmpty() ? "failed" : output.lines().findFirst().orElse(""));
        }
        return null;
    }
}
