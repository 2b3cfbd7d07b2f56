package io.mmstream.streams.cli;

import io.mmstream.ingest.DecodeOptions;
import io.mmstream.streams.captions.CaptionCollector;
import io.mmstream.streams.ingest.LiveSource;
import io.mmstream.streams.ingest.LiveStreamMessages;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mmstream live URL...}: captions of live streams as they play: partial cues as words form,
 * final cues at each utterance end, into growing WebVTT files and JSON lines; streams that stall
 * or drop are reopened with back-off.
 */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = "Caption live streams (udp, rtp, rtsp, http(s)/HLS, ...) as they play.")
final class LiveCommand implements Callable<Integer> {

    /** How long Ctrl-C waits for the last words before the process ends anyway. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    @ParentCommand
    MmstreamCli parent;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "URL", description = "The live streams, each with its own recogniser.")
    List<String> urls;

    @Option(names = "--vtt", paramLabel = "PATH",
            description = "A WebVTT file that grows with each final cue; with several streams, a folder of one file each.")
    Path vtt;

    @Option(names = "--jsonl", paramLabel = "FILE",
            description = "JSON lines of every cue, partial and final (default without --vtt: standard output).")
    Path jsonl;

    @Option(names = "--duration", paramLabel = "SEC", description = "Stop after this many seconds (default: at the streams' end).")
    Double durationSeconds;

    @Mixin
    LiveStreamOptions stream;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        stream.validate(spec.commandLine());
        if (urls.stream().distinct().count() < urls.size()) {
            throw new ParameterException(spec.commandLine(), "the same stream is given twice: " + urls);
        }
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        try (LiveOutputs outputs = new LiveOutputs(urls, vtt, jsonl, spec.commandLine().getOut());
                MmstreamRuntime runtime = MmstreamRuntime.openLive(parent.options)) {
            runtime.beforeExit(() -> drain(stop, finished, err));
            runtime.startLiveCaptioning();
            long deadline = durationSeconds == null ? Long.MAX_VALUE
                    : System.nanoTime() + Duration.ofMillis(Math.round(durationSeconds * 1000)).toNanos();
            DecodeOptions decode = stream.decodeOptions();
            var stopNow = (java.util.function.BooleanSupplier) () -> stop.get() || System.nanoTime() > deadline;
            try (CaptionCollector collector = new CaptionCollector(runtime.cluster().readerConfig("mmstream-live-cli"))) {
                List<PipelineRun.Result> results = new PipelineRun(runtime, decode, false, err)
                        .readLive((url, sink) -> new LiveSource(decode, stream.timeout(), stopNow, new LiveStreamMessages(err, url))
                                .decode(url, sink))
                        .onCue(outputs::write)
                        .run(urls, collector);
                // a stream's own failure was said when it happened; what only the end shows is said now
                int status = 0;
                for (PipelineRun.Result result : results) {
                    if (result.failure() != null) {
                        if (!result.failure().equals(result.outcome().failure())) {
                            err.println(result.outcome().input() + ": " + result.failure());
                        }
                        status = 1;
                    }
                }
                return status;
            }
        } finally {
            finished.countDown();
        }
    }

    /** Ctrl-C: ends the streams and waits until their last words have reached the outputs. */
    private static void drain(AtomicBoolean stop, CountDownLatch finished, PrintWriter err) {
        if (finished.getCount() == 0) {
            return;
        }
        err.println("live: stopping: finishing the last words");
        err.flush();
        stop.set(true);
        try {
            finished.await(DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
