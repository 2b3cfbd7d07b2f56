package io.mmstream.streams.cli;

import io.mmstream.streams.kafka.BrokerDaemon;
import io.mmstream.streams.kafka.BrokerStatus;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.LocalBroker;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mmstream broker}: the embedded broker that every command on a data dir shares, run by a
 * background process that the first command starts and that stops after an idle time.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Show, start or stop the embedded broker that every command on a data dir shares.",
        subcommands = {BrokerCommand.Status.class, BrokerCommand.Start.class, BrokerCommand.Stop.class, BrokerCommand.Run.class})
final class BrokerCommand implements Runnable {

    /** {@code broker status} exits with this when no broker runs (as {@code pg_ctl status} does). */
    static final int NOT_RUNNING = 3;

    @ParentCommand
    MmstreamCli parent;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a broker command is required (status, start, stop)");
    }

    private static void refuseExternal(BrokerCommand broker) {
        if (broker.parent.options.bootstrapServers() != null) {
            throw new ParameterException(broker.spec.commandLine(),
                    "broker commands manage the embedded broker of a data dir, not a cluster given by --bootstrap-servers");
        }
    }

    /** {@code broker status}: whether the data dir's broker runs, where, since when, and which commands use it. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Whether the data dir's broker runs, its address, and the commands using it (exit 3 when not running).")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        BrokerCommand broker;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            refuseExternal(broker);
            BrokerStatus status = LocalBroker.status(broker.parent.options.dataDir());
            PrintWriter out = spec.commandLine().getOut();
            status.describe().forEach(out::println);
            return status.running() ? 0 : NOT_RUNNING;
        }
    }

    /** {@code broker start}: starts the broker in the background now, if it is not running. */
    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the data dir's broker in the background if it is not running (commands start it"
                    + " on their own; this only saves the first one the wait).")
    static final class Start implements Callable<Integer> {
        @ParentCommand
        BrokerCommand broker;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            refuseExternal(broker);
            try (KafkaCluster cluster = KafkaCluster.open(null, broker.parent.options.dataDir().toAbsolutePath(), "broker start")) {
                spec.commandLine().getOut().println("broker running at " + cluster.bootstrapServers() + " (pid " + cluster.brokerPid() + ")");
            }
            return 0;
        }
    }

    /** {@code broker stop}: stops the broker cleanly; commands still using it end with a message. */
    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the data dir's broker cleanly; commands still using it end, saying so.")
    static final class Stop implements Callable<Integer> {
        @ParentCommand
        BrokerCommand broker;

        @Spec
        CommandSpec spec;

        @Option(names = "--timeout", paramLabel = "SEC", defaultValue = "60",
                description = "Kill the broker if it has not stopped after this long (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Override
        public Integer call() throws InterruptedException {
            refuseExternal(broker);
            PrintWriter out = spec.commandLine().getOut();
            BrokerStatus stopped = LocalBroker.stop(broker.parent.options.dataDir(), Duration.ofSeconds(timeoutSeconds));
            if (stopped == null) {
                out.println("broker of " + broker.parent.options.dataDir().toAbsolutePath().normalize() + ": not running");
                return 0;
            }
            out.println("broker of " + stopped.files().dataDir() + " stopped (pid " + stopped.address().pid() + ")"
                    + (stopped.clients().isEmpty() ? "" : "; the commands using it end: " + String.join("; ", stopped.clients())));
            return 0;
        }
    }

    /** {@code broker run}: runs the broker in this process, in the foreground, until Ctrl-C or the idle time. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run the data dir's broker in the foreground (what the background process does).")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        BrokerCommand broker;

        @Option(names = "--idle", paramLabel = "SEC",
                description = "Stop after this long without commands (default: 600, or $" + LocalBroker.IDLE_ENV + ").")
        Long idleSeconds;

        @Override
        public Integer call() {
            refuseExternal(broker);
            Duration idle = Duration.ofSeconds(idleSeconds != null ? idleSeconds : LocalBroker.idleSeconds());
            return BrokerDaemon.run(broker.parent.options.dataDir(), idle, System.err);
        }
    }
}
