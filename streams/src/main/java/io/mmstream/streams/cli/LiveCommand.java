package io.mmstream.streams.cli;

import io.mmstream.asr.captions.CaptionFormat;
import io.mmstream.asr.captions.CaptionWriter;
import io.mmstream.asr.captions.Cue;
import io.mmstream.ingest.DecodeOptions;
import io.mmstream.streams.captions.CaptionCollector;
import io.mmstream.streams.records.Caption;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mmstream live URL}: captions of a live stream as it plays: partial cues as words form,
 * final cues at each utterance end, into a growing WebVTT file and JSON lines.
 */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = "Caption a live stream (udp, rtp, rtsp, http(s)/HLS, ...) as it plays.")
final class LiveCommand implements Callable<Integer> {

    /** Live captions commit every 100 ms: a cue reaches the files within a few hundred ms of being made. */
    private static final int LIVE_COMMIT_INTERVAL_MS = 100;

    @ParentCommand
    MmstreamCli parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "The live stream.")
    String url;

    @Option(names = "--vtt", paramLabel = "FILE", description = "A WebVTT file that grows with each final cue.")
    Path vtt;

    @Option(names = "--jsonl", paramLabel = "FILE",
            description = "JSON lines of every cue, partial and final (default without --vtt: standard output).")
    Path jsonl;

    @Option(names = "--duration", paramLabel = "SEC", description = "Stop after this many seconds (default: at the stream's end).")
    Double durationSeconds;

    @Option(names = "--timeout", paramLabel = "SEC", defaultValue = "15",
            description = "A stream silent this long has ended (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try (Outputs outputs = new Outputs(); MmstreamRuntime runtime = MmstreamRuntime.open(parent.options)) {
            runtime.startCaptioning(true, LIVE_COMMIT_INTERVAL_MS);
            long deadline = durationSeconds == null ? Long.MAX_VALUE
                    : System.nanoTime() + Duration.ofMillis(Math.round(durationSeconds * 1000)).toNanos();
            try (CaptionCollector collector = new CaptionCollector(runtime.cluster().readerConfig("mmstream-live-cli"))) {
                List<PipelineRun.Result> results = new PipelineRun(runtime,
                        DecodeOptions.audioOnly().withIoTimeout(Duration.ofSeconds(timeoutSeconds)), false, err)
                        .onCue(outputs::write)
                        .stopWhen(() -> System.nanoTime() > deadline)
                        .run(List.of(url), collector);
                PipelineRun.Result r = results.get(0);
                if (r.failure() != null) {
                    err.println(url + ": " + r.failure());
                    return 1;
                }
                return 0;
            }
        }
    }

    /** The files (or standard output) the cues go to, written and flushed as each arrives. */
    private final class Outputs implements AutoCloseable {

        private Writer vttOut;
        private CaptionWriter vttWriter;
        private Writer jsonOut;
        private CaptionWriter jsonWriter;

        Outputs() throws IOException {
            if (vtt != null) {
                vttOut = Files.newBufferedWriter(create(vtt), StandardCharsets.UTF_8);
                vttWriter = new CaptionWriter(vttOut, CaptionFormat.VTT, url);
                vttWriter.header();
            }
            if (jsonl != null) {
                jsonOut = Files.newBufferedWriter(create(jsonl), StandardCharsets.UTF_8);
            } else if (vtt == null) {
                jsonOut = spec.commandLine().getOut();
            }
            if (jsonOut != null) {
                jsonWriter = new CaptionWriter(jsonOut, CaptionFormat.JSONL, url);
            }
        }

        private Path create(Path file) throws IOException {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            return file;
        }

        void write(String video, Caption caption) {
            if (caption.getEndOfStream()) {
                return;
            }
            Cue cue = new Cue(caption.getStartUs(), caption.getEndUs(), caption.getLines(), caption.getIsFinal());
            long now = System.currentTimeMillis();
            try {
                if (jsonWriter != null) {
                    jsonWriter.cue(cue, now);
                }
                if (vttWriter != null && cue.isFinal()) {
                    vttWriter.cue(cue, now);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write captions: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            if (vttOut != null) {
                vttOut.close();
            }
            if (jsonOut != null && jsonl != null) {
                jsonOut.close();
            }
        }
    }
}
