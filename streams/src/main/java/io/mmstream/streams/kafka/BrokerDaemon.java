package io.mmstream.streams.kafka;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * The background process that owns the embedded broker of one data dir, as a database server owns its
 * data folder: every command on the data dir connects to it as a client, so no two processes ever open
 * the broker's log, and the broker outlives the command that started it while others still use it.
 *
 * <p>It holds {@code daemon.lock} for its whole life, publishes its address once the broker answers,
 * and stops on its own when no command has used it for the idle time, when it is asked to
 * ({@code SIGTERM}, {@code mmstream broker stop}), or when its data dir is removed. A broker that cannot
 * start (a damaged log) publishes why in the address file and exits.
 *
 * <p>Why a separate process and not a hand-over between commands: a hand-over would move the broker
 * (and its address) from process to process while clients are connected, so every producer, consumer
 * and Kafka Streams instance would have to follow it; a process of its own keeps one address for as
 * long as anyone uses it, and a command that ends or crashes takes nothing with it.
 */
public final class BrokerDaemon {

    /** How long the broker waits without commands before it stops, unless told otherwise. */
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(10);
    /** Start-up that takes longer than this is a failure (a damaged log can make KRaft spin). */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final BrokerFiles files;
    private final Duration idle;
    private final PrintStream log;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    BrokerDaemon(BrokerFiles files, Duration idle, PrintStream log) {
        this.files = files;
        this.idle = idle;
        this.log = log;
    }

    /** {@code BrokerDaemon DATA_DIR [IDLE_SECONDS]}: what {@link LocalBroker} starts in the background. */
    public static void main(String[] args) {
        Duration idle = args.length > 1 ? Duration.ofSeconds(Long.parseLong(args[1])) : DEFAULT_IDLE;
        ignoreTerminalSignals();
        System.exit(run(Path.of(args[0]), idle, System.err));
    }

    /**
     * Runs the broker of {@code dataDir} in this process until it stops; returns the exit status
     * (0: stopped normally or another broker already runs; 1: the broker could not start).
     */
    public static int run(Path dataDir, Duration idle, PrintStream log) {
        return new BrokerDaemon(new BrokerFiles(dataDir).create(), idle, log).run();
    }

    private int run() {
        ProcessLock lock;
        try {
            lock = ProcessLock.acquire(files.daemonLock(), Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            return 1;
        }
        if (lock == null) {
            say("another broker already runs for " + files.dataDir() + ": leaving it be");
            return 0;
        }
        long pid = ProcessHandle.current().pid();
        int[] previousPorts = files.readPorts();
        BrokerAddress starting = new BrokerAddress(pid, BrokerAddress.STARTING, "", 0, System.currentTimeMillis(),
                idle.toSeconds(), "");
        files.writeAddress(starting);
        say("starting the broker of " + files.dataDir() + " (pid " + pid + ")");
        EmbeddedKafka kafka;
        try {
            kafka = startWithin(previousPorts[0], previousPorts[1]);
        } catch (Exception e) {
            String reason = BrokerFailures.describe(e, files);
            files.writeAddress(starting.withState(BrokerAddress.FAILED, reason));
            say("cannot start: " + reason);
            log.flush();
            // KRaft threads of a failed start may still spin: end the process, not just this method
            Runtime.getRuntime().halt(1);
            return 1;
        }
        BrokerAddress ready = new BrokerAddress(pid, BrokerAddress.READY, kafka.bootstrapServers(), kafka.controllerPort(),
                starting.startedAtMs(), idle.toSeconds(), "");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.countDown();
            awaitQuietly(stopped);
        }, "mmstream-broker-stop"));
        files.writeAddress(ready);
        files.writePorts(ready.brokerPort(), ready.controllerPort());
        say("ready at " + kafka.bootstrapServers() + "; stops after " + idle.toSeconds() + " s without commands");
        try {
            say(watch());
        } finally {
            kafka.close();
            if (Files.exists(files.folder())) {
                files.clearAddress();
            }
            lock.close();
            say("stopped");
            stopped.countDown();
        }
        return 0;
    }

    /** Starts the broker and waits until it answers, within {@link #READY_TIMEOUT}. */
    private EmbeddedKafka startWithin(int brokerPort, int controllerPort) throws Exception {
        ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mmstream-broker-start");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<EmbeddedKafka> started = starter.submit(() -> {
                EmbeddedKafka kafka = EmbeddedKafka.start(files.kafkaLog(), brokerPort, controllerPort);
                try (Admin admin = KafkaCluster.adminFor(kafka.bootstrapServers())) {
                    admin.describeCluster().nodes().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
                return kafka;
            });
            try {
                return started.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } catch (TimeoutException e) {
                throw new TimeoutException("the broker did not become ready within " + READY_TIMEOUT.toSeconds() + " s");
            }
        } finally {
            starter.shutdownNow();
        }
    }

    /** Waits until it is time to stop; returns why. */
    private String watch() {
        Clients clients = new Clients(files);
        long idleSince = System.nanoTime();
        while (true) {
            try {
                if (stopRequested.await(1, TimeUnit.SECONDS)) {
                    return "stopping: asked to";
                }
            } catch (InterruptedException e) {
                return "stopping: interrupted";
            }
            if (!Files.exists(files.daemonLock())) {
                return "stopping: the data dir " + files.dataDir() + " was removed";
            }
            if (clients.live() > 0) {
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince > idle.toNanos()) {
                return "stopping: no command has used the broker for " + idle.toSeconds() + " s";
            }
        }
    }

    private void say(String line) {
        log.println(Instant.now() + " broker: " + line);
        log.flush();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ctrl-C in the terminal of the command that started the broker reaches its whole process group,
     * and closing that terminal sends a hang-up: neither is meant for the broker, which other commands
     * may be using. {@code SIGTERM} ({@code broker stop}) still stops it.
     */
    private static void ignoreTerminalSignals() {
        for (String name : new String[] {"INT", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sun.misc.SignalHandler.SIG_IGN);
            } catch (IllegalArgumentException unsupported) {
                // not on this platform
            }
        }
    }
}
