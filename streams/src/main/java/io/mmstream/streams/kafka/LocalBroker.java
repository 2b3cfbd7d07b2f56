package io.mmstream.streams.kafka;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The command side of a data dir's broker: finds the broker process that runs for the data dir, or
 * starts one in the background ({@link BrokerDaemon}), and registers the command as its user for as
 * long as it runs. Also what {@code mmstream broker status|stop} do.
 *
 * <p>Finding is safe from races: whether a broker lives is told by its lock, not by its address file
 * (which a crash leaves behind, and which is then cleared); only one command at a time may start a
 * broker ({@code start.lock}), and the others wait for its address.
 */
public final class LocalBroker {

    /** How long a command waits for a broker to start (its own, or one another command is starting). */
    static final Duration START_TIMEOUT = BrokerDaemon.READY_TIMEOUT.plusSeconds(30);
    /** Environment variable: seconds a broker started by a command waits without commands before it stops. */
    public static final String IDLE_ENV = "MMSTREAM_BROKER_IDLE";

    /** The data dirs whose broker this JVM has used (the tests stop them between tests). */
    private static final Set<Path> USED = ConcurrentHashMap.newKeySet();

    private LocalBroker() {}

    /**
     * Connects a command, described by {@code what}, to the broker of {@code dataDir}, starting one when
     * none runs; the lease keeps the broker from stopping until it is closed.
     */
    public static BrokerLease connect(Path dataDir, String what) {
        BrokerFiles files = new BrokerFiles(dataDir).create();
        USED.add(files.dataDir());
        Clients.Registration registration = new Clients(files).register(what);
        try {
            BrokerAddress address = running(files);
            if (address == null) {
                address = startOrWait(files);
            }
            return new BrokerLease(files, address, registration);
        } catch (RuntimeException | InterruptedException e) {
            registration.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new KafkaUnavailableException("interrupted while waiting for the broker of " + files.dataDir(), e);
            }
            throw (RuntimeException) e;
        }
    }

    /** The data dirs whose broker this JVM has used. */
    public static Set<Path> used() {
        return Set.copyOf(USED);
    }

    /**
     * The address of the broker that runs for {@code files}, waiting while it starts; null when none
     * runs (a stale address file left by a crash is removed). Throws when the running one failed to start.
     */
    private static BrokerAddress running(BrokerFiles files) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!ProcessLock.isHeld(files.daemonLock())) {
                if (files.readAddress().isPresent()) {
                    files.clearAddress();
                }
                return null;
            }
            Optional<BrokerAddress> address = files.readAddress();
            if (address.isPresent() && address.get().ready() && alive(address.get().pid())) {
                return address.get();
            }
            if (address.isPresent() && address.get().failed()) {
                throw new KafkaUnavailableException(address.get().reason(), null);
            }
            if (System.nanoTime() > deadline) {
                throw new KafkaUnavailableException("the broker of " + files.dataDir() + " did not start within "
                        + START_TIMEOUT.toSeconds() + " s; details in " + files.log(), null);
            }
            Thread.sleep(50);
        }
    }

    /** Starts a broker, unless another command started one meanwhile; returns its address once ready. */
    private static BrokerAddress startOrWait(BrokerFiles files) throws InterruptedException {
        try (ProcessLock starting = ProcessLock.acquire(files.startLock(), START_TIMEOUT)) {
            if (starting == null) {
                throw new KafkaUnavailableException("another command has been starting the broker of " + files.dataDir()
                        + " for " + START_TIMEOUT.toSeconds() + " s; details in " + files.log(), null);
            }
            BrokerAddress address = running(files);
            if (address != null) {
                return address;
            }
            Process process = launch(files);
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (true) {
                Optional<BrokerAddress> published = files.readAddress();
                if (published.isPresent() && published.get().pid() == process.pid()) {
                    if (published.get().ready()) {
                        return published.get();
                    }
                    if (published.get().failed()) {
                        throw new KafkaUnavailableException(published.get().reason(), null);
                    }
                }
                if (!process.isAlive()) {
                    // it found another broker running, or died before it could say why
                    BrokerAddress other = running(files);
                    if (other != null) {
                        return other;
                    }
                    throw new KafkaUnavailableException("the broker process for " + files.dataDir() + " exited at start"
                            + " (status " + process.exitValue() + "): " + lastLine(files.log()), null);
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new KafkaUnavailableException("the broker of " + files.dataDir() + " did not start within "
                            + START_TIMEOUT.toSeconds() + " s; details in " + files.log(), null);
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Starts the broker process: this JVM's Java and class path, a modest heap, its temporary files
     * under the data dir, its output appended to {@code broker.log}, and a session of its own, so the
     * terminal's Ctrl-C and hang-up reach the command but not the broker.
     */
    private static Process launch(BrokerFiles files) {
        Path tmp = files.dataDir().resolve("cache").resolve("tmp");
        List<String> command = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            command.add("/usr/bin/setsid");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(classDataSharing(files));
        // freed native memory goes back to the system once a minute (JDK 17.0.9 and later; older ones ignore it)
        command.addAll(List.of("-Xms32m", "-Xmx768m", "-XX:+UseSerialGC", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:TrimNativeHeapInterval=60000",
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                BrokerDaemon.class.getName(), files.dataDir().toString(), Long.toString(idleSeconds())));
        try {
            Files.createDirectories(tmp);
            return new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(files.log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new KafkaUnavailableException("cannot start the broker process for " + files.dataDir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Class data sharing for the broker process, as the launcher has for commands: the classes a broker
     * loads are archived when the first broker of this build exits, and mapped by the later ones (a
     * second or so less to start). Only when running from the jar: an archive cannot hold classes
     * loaded from folders.
     */
    private static List<String> classDataSharing(BrokerFiles files) {
        String classPath = System.getProperty("java.class.path");
        if (classPath.isEmpty() || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return List.of();
        }
        Path cds = files.dataDir().resolve("cache").resolve("cds");
        Path archive = cds.resolve("broker-" + new File(classPath).lastModified() + ".jsa");
        List<String> flags = new ArrayList<>(List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        try {
            Files.createDirectories(cds);
        } catch (IOException e) {
            return List.of();
        }
        if (Files.exists(archive)) {
            flags.add("-XX:SharedArchiveFile=" + archive);
            return flags;
        }
        // a new build: the archives of older ones will not be mapped again
        try (var old = Files.newDirectoryStream(cds, "broker-*.jsa")) {
            for (Path stale : old) {
                Files.deleteIfExists(stale);
            }
        } catch (IOException e) {
            // they only take room
        }
        flags.add("-XX:ArchiveClassesAtExit=" + archive);
        return flags;
    }

    /** The idle time of a broker a command starts: {@value #IDLE_ENV} (seconds), else {@link BrokerDaemon#DEFAULT_IDLE}. */
    public static long idleSeconds() {
        String configured = System.getenv(IDLE_ENV);
        if (configured == null) {
            configured = System.getProperty("mmstream.broker.idle");
        }
        try {
            return configured == null ? BrokerDaemon.DEFAULT_IDLE.toSeconds() : Math.max(1, Long.parseLong(configured.strip()));
        } catch (NumberFormatException e) {
            return BrokerDaemon.DEFAULT_IDLE.toSeconds();
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
        } catch (IOException e) {
            // no log to quote
        }
        return "see " + log;
    }

    /** What runs for {@code dataDir} now: its broker (if any) and the commands using it. */
    public static BrokerStatus status(Path dataDir) {
        BrokerFiles files = new BrokerFiles(dataDir);
        boolean running = Files.exists(files.daemonLock()) && ProcessLock.isHeld(files.daemonLock());
        Optional<BrokerAddress> address = files.readAddress();
        boolean stale = !running && address.isPresent();
        if (stale) {
            files.clearAddress();
        }
        List<String> clients = running ? new Clients(files).describeLive() : List.of();
        return new BrokerStatus(files, running ? address.orElse(null) : null, clients, stale);
    }

    /**
     * Stops the broker of {@code dataDir} (as {@code SIGTERM} does: the broker shuts down cleanly) and
     * waits up to {@code timeout} for it to exit; returns the status it had, or null when none ran.
     */
    public static BrokerStatus stop(Path dataDir, Duration timeout) throws InterruptedException {
        BrokerStatus status = status(dataDir);
        if (!status.running()) {
            return null;
        }
        BrokerFiles files = status.files();
        long pid = status.address() != null ? status.address().pid() : -1;
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        process.ifPresent(ProcessHandle::destroy);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessLock.isHeld(files.daemonLock())) {
            if (System.nanoTime() > deadline) {
                process.ifPresent(ProcessHandle::destroyForcibly);
                throw new KafkaUnavailableException("the broker (pid " + pid + ") did not stop within "
                        + timeout.toSeconds() + " s; it was killed", null);
            }
            Thread.sleep(50);
        }
        return status;
    }
}
