package io.mmstream.streams.cli;

import io.mmstream.streams.kafka.KafkaUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code mmstream} command line: global options, then one of the commands. */
@Command(name = "mmstream", mixinStandardHelpOptions = true, version = "mmstream 0.1.0",
        description = "Video, speech and text as a searchable, captioned, trainable Kafka stream.",
        subcommands = {CaptionsCommand.class, IngestCommand.class, CodebookCommand.class, TokenizeCommand.class, LiveCommand.class,
                ServeCommand.class, PretrainCommand.class, ModelsCommand.class, BrokerCommand.class, IndexCommand.class,
                SearchCommand.class, DetectCommand.class, WorkerCommand.class, StatusCommand.class})
public final class MmstreamCli implements Runnable {

    @Mixin
    GlobalOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Runs the command line and returns its exit status: 0 all good, 1 some input failed, 2 usage error. */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs the command line writing to {@code out} and {@code err}; what tests call. */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        MmstreamCli app = new MmstreamCli();
        CommandLine cli = new CommandLine(app);
        String invocation = String.join(" ", args);
        app.options.invocation = invocation.length() > 200 ? invocation.substring(0, 200) + "..." : invocation;
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof KafkaUnavailableException) {
                commandLine.getErr().println("mmstream: " + e.getMessage());
            } else {
                commandLine.getErr().println("mmstream: " + e);
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    public static void main(String[] args) {
        ThreadDeaths.reportOn(System.err);
        System.exit(execute(args));
    }
}
