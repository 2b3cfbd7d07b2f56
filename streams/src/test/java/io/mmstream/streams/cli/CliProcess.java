package io.mmstream.streams.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The mmstream command line run in a process of its own, as a user runs it: what several commands on
 * one data dir at once look like. Its output goes to files beside each other in {@code logs}.
 */
final class CliProcess {

    private final Process process;
    private final Path out;
    private final Path err;

    private CliProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code mmstream args...}, with this JVM's class path and native cache settings. */
    static CliProcess start(Path logs, String name, String... args) throws IOException {
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        System.getProperties().forEach((key, value) -> {
            String k = key.toString();
            if (k.startsWith("org.bytedeco.") || k.startsWith("jna.") || k.startsWith("ai.djl.") || k.startsWith("mmstream.")
                    || k.startsWith("DJL_") || k.startsWith("ENGINE_")) {
                command.add("-D" + k + "=" + value);
            }
        });
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MmstreamCli.class.getName()));
        command.addAll(List.of(args));
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new CliProcess(p, out, err);
    }

    /** Waits for the exit status, failing after {@code timeout}. */
    int await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("command did not end within " + timeout.toSeconds() + " s; stderr:\n" + err());
        }
        return process.exitValue();
    }

    /** Asks it to stop as Ctrl-C would (SIGTERM runs the same shutdown path) and waits. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return await(timeout);
    }

    /** Kills it with SIGKILL, as a crash would, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String out() {
        return read(out);
    }

    String err() {
        return read(err);
    }

    /** Waits until standard output has a line containing {@code text}; returns that line. */
    String awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : out().split("\n")) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' on stdout; stderr:\n" + err());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
