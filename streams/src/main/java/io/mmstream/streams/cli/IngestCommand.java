package io.mmstream.streams.cli;

import io.mmstream.ingest.DecodeOptions;
import io.mmstream.streams.captions.CaptionCollector;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mmstream ingest}: decode inputs onto the topics (frames, audio) and transcribe their speech. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Run the pipeline over inputs: sampled frames to mm.frames, audio to mm.audio, speech to mm.transcripts and mm.captions.")
final class IngestCommand implements Callable<Integer> {

    @ParentCommand
    MmstreamCli parent;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Media files or URLs.")
    List<String> inputs;

    @Option(names = "--fps", paramLabel = "RATE", defaultValue = "20",
            description = "Frames sampled per second of media (default: ${DEFAULT-VALUE}, as VideoBERT; 0 for none).")
    double fps;

    @Option(names = "--frame-size", paramLabel = "PIXELS", defaultValue = "256",
            description = "Longer side of a sampled frame, 2..1024 (default: ${DEFAULT-VALUE}).")
    int frameSize;

    @Option(names = "--timeout", paramLabel = "SEC", defaultValue = "15",
            description = "Give up a network input that stalls this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--progress", negatable = true, description = "Show a progress bar (default: on a terminal).")
    Boolean progress;

    @Override
    public Integer call() throws Exception {
        DecodeOptions decode;
        try {
            decode = DecodeOptions.defaults().withFrameRate(fps).withMaxSide(frameSize)
                    .withIoTimeout(java.time.Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        boolean showProgress = progress != null ? progress : System.console() != null;
        int failures = 0;
        try (MmstreamRuntime runtime = MmstreamRuntime.open(parent.options)) {
            runtime.startCaptioning();
            try (CaptionCollector collector = new CaptionCollector(runtime.cluster().readerConfig("mmstream-ingest-cli"))) {
                for (PipelineRun.Result r : new PipelineRun(runtime, decode, showProgress, err).run(inputs, collector)) {
                    var outcome = r.outcome();
                    if (outcome.summary() != null) {
                        var s = outcome.summary();
                        spec.commandLine().getOut().printf(Locale.ROOT, "%s: video %s, %d frames sampled of %d decoded, %.1f s of audio in %d chunks, %d caption cues%n",
                                outcome.input(), outcome.videoId(), s.framesKept(), s.framesDecoded(),
                                s.audioChunks() == 0 ? 0.0 : s.lastMediaUs() / 1e6, s.audioChunks(),
                                collector.finalCues(outcome.videoId()).size());
                    }
                    if (r.failure() != null) {
                        failures++;
                        err.println(outcome.input() + ": " + r.failure());
                    }
                }
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
