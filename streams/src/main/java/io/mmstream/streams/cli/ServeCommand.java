package io.mmstream.streams.cli;

import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.serve.LiveJobs;
import io.mmstream.streams.serve.WebServer;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mmstream serve}: the HTTP API and pages: search of the indexed library (it runs the index,
 * so it stays current with what is ingested, and answers for the whole index with its peers), and
 * live captions of the streams given with {@code --live} or posted to {@code /api/live}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the HTTP API and pages (search, live captions, /api/status) until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    @ParentCommand
    MmstreamCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}); any but a loopback"
                    + " address without a token gets a warning.")
    String bind;

    @Option(names = "--live", paramLabel = "URL", description = "A live stream to caption from the start (repeatable); ids count from 1.")
    List<String> live = new ArrayList<>();

    @Mixin
    LiveStreamOptions stream;

    @Option(names = "--exit-when-done", description = "Exit once every live stream has ended (scripts and tests).")
    boolean exitWhenDone;

    @Option(names = "--advertise", paramLabel = "HOST",
            description = "The host name other serve instances reach this one by (default: the --bind address, or this"
                    + " machine's name when binding every interface).")
    String advertise;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = {"Ask every request for this bearer token (the file's first line; default: $" + ServeToken.ENV
                    + " when set). API clients and peers send 'Authorization: Bearer <token>'; a browser opens"
                    + " /?token=<token> once and keeps it in an HttpOnly cookie. Every serve instance of a cluster"
                    + " takes the same token (they query each other with it)."})
    java.nio.file.Path tokenFile;

    @Option(names = "--features", paramLabel = "NAME", defaultValue = io.mmstream.frames.ClipFeatureExtractors.DEFAULT,
            description = "The clip features the library was ingested with, for search by picture (default: ${DEFAULT-VALUE}).")
    String features;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        stream.validate(spec.commandLine());
        io.mmstream.streams.serve.BearerAuth auth;
        try {
            auth = ServeToken.configured(tokenFile, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (auth == null && !ServeToken.isLoopback(bind)) {
            err.println("serve: warning: listening on " + bind + " without a token: anyone who reaches it can search the library"
                    + " and start live jobs; give --token-file FILE or $" + ServeToken.ENV);
            err.flush();
        }
        CountDownLatch finished = new CountDownLatch(1);
        try (MmstreamRuntime runtime = MmstreamRuntime.openLive(parent.options);
                RecordSender sender = runtime.ingestSender()) {
            runtime.startLiveCaptioning();
            // the CLIP model the index and search use may have been trained on another instance
            runtime.mirrorArtifacts();
            java.util.concurrent.atomic.AtomicReference<io.mmstream.streams.search.ServedLibrary> library =
                    new java.util.concurrent.atomic.AtomicReference<>();
            java.nio.file.Path catalog = runtime.dataDir().resolve("library");
            io.mmstream.streams.serve.LibraryRoutes routes = new io.mmstream.streams.serve.LibraryRoutes(() -> {
                var lib = library.get();
                if (lib == null) {
                    throw new io.mmstream.streams.serve.WebServer.NotFound("the index is starting; ask again in a moment");
                }
                return lib;
            }, () -> io.mmstream.index.library.LibraryCatalog.readRoots(catalog), features, auth);
            try (LiveJobs jobs = new LiveJobs(sender, runtime.cluster().readerConfig("mmstream-serve"), stream.decodeOptions(),
                            stream.timeout(), err);
                    io.mmstream.streams.serve.StatusReport status = new io.mmstream.streams.serve.StatusReport(
                            runtime::runningStreams, runtime.cluster().admin(), runtime.cluster().readerConfig("mmstream-serve-status"));
                    WebServer server = new WebServer(jobs, routes, new InetSocketAddress(bind, port), auth, status)) {
                String host = advertise != null ? advertise
                        : bind.equals("0.0.0.0") ? java.net.InetAddress.getLocalHost().getHostName() : bind;
                org.apache.kafka.streams.state.HostInfo self = new org.apache.kafka.streams.state.HostInfo(host, server.address().getPort());
                runtime.startIndex(host + ":" + server.address().getPort());
                library.set(new io.mmstream.streams.search.ServedLibrary(runtime.indexApp(), runtime.encoder(), self, runtime.dataDir(),
                        auth == null ? null : auth.headerValue()));
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
                        // in ServeIT, beside a busy lane, the page was cut off before the end reached it
                        jobs.awaitFollowersDone(java.time.Duration.ofSeconds(10));
                        break;
                    }
                    Thread.sleep(200);
                }
            }
        }
        return 0;
    }
}
