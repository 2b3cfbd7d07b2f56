package io.mmstream.streams.cli;

import io.mmstream.ingest.DecodeOptions;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.serve.LiveJobs;
import io.mmstream.streams.serve.LiveServer;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mmstream serve}: the HTTP API and pages; today the live captions of the streams given
 * with {@code --live} or posted to {@code /api/live}, as server-sent events and a page each.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the HTTP API and pages (live captions) until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    @ParentCommand
    MmstreamCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--live", paramLabel = "URL", description = "A live stream to caption from the start (repeatable); ids count from 1.")
    List<String> live = new ArrayList<>();

    @Option(names = "--stall", paramLabel = "SEC", defaultValue = "3",
            description = "A stream silent this long has stalled and is reopened (default: ${DEFAULT-VALUE}).")
    int stallSeconds;

    @Option(names = "--timeout", paramLabel = "SEC", defaultValue = "15",
            description = "A stream silent this long, reopenings included, has ended (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--exit-when-done", description = "Exit once every live stream has ended (scripts and tests).")
    boolean exitWhenDone;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (stallSeconds < 1 || timeoutSeconds < stallSeconds) {
            throw new ParameterException(spec.commandLine(),
                    "--stall must be at least 1 s and --timeout at least --stall (got " + stallSeconds + " and " + timeoutSeconds + ")");
        }
        CountDownLatch finished = new CountDownLatch(1);
        try (MmstreamRuntime runtime = MmstreamRuntime.openLive(parent.options);
                RecordSender sender = runtime.ingestSender()) {
            runtime.startLiveCaptioning();
            DecodeOptions decode = DecodeOptions.audioOnly()
                    .withChunkMillis(LiveCommand.LIVE_CHUNK_MS)
                    .withIoTimeout(Duration.ofSeconds(stallSeconds));
            try (LiveJobs jobs = new LiveJobs(sender, runtime.cluster().readerConfig("mmstream-serve"), decode,
                            Duration.ofSeconds(timeoutSeconds), err);
                    LiveServer server = new LiveServer(jobs, new InetSocketAddress(bind, port))) {
                runtime.beforeExit(() -> {
                    err.println("serve: stopping: finishing the last words of the live streams");
                    err.flush();
                    try {
                        jobs.stopAll(DRAIN_TIMEOUT);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    finished.countDown();
                });
                live.forEach(jobs::start);
                out.println("serving on http://" + server.address().getHostString() + ":" + server.address().getPort() + "/");
                out.flush();
                while (finished.getCount() > 0) {
                    runtime.checkRunning();
                    if (exitWhenDone && jobs.allEnded()) {
                        break;
                    }
                    Thread.sleep(200);
                }
            }
        }
        return 0;
    }
}
