package io.mmstream.streams.cli;

import io.mmstream.frames.ClipFeatureExtractors;
import io.mmstream.frames.ClipWindows;
import io.mmstream.ingest.DecodeOptions;
import io.mmstream.streams.captions.CaptionCollector;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The inputs and options of the commands that run the pipeline ({@code captions}, {@code ingest}),
 * and the run they share: open the runtime, start captioning (and clip grouping when asked), feed
 * the inputs, wait for the results, report failures.
 */
final class PipelineInputs {

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Media files or URLs.")
    List<String> inputs;

    @Option(names = "--timeout", paramLabel = "SEC", defaultValue = "15",
            description = "Give up a network input that stalls this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--progress", negatable = true, description = "Show a progress bar (default: on a terminal).")
    Boolean progress;

    /** What a command does with each input's result once every input is done. */
    @FunctionalInterface
    interface ResultHandler {
        void handle(PipelineRun.Result result, CaptionCollector captions, MmstreamRuntime runtime) throws Exception;
    }

    @Option(names = "--features", paramLabel = "NAME", defaultValue = ClipFeatureExtractors.DEFAULT,
            description = "Clip features: ${DEFAULT-VALUE} (no weights), or torchscript:PATH[@SIDE] for a TorchScript"
                    + " network fed [frames, 3, SIDE, SIDE] clips (default side 112).")
    String features;

    @Option(names = "--clip-frames", paramLabel = "N", defaultValue = "30",
            description = "Frames per clip, at the sampling rate (default: ${DEFAULT-VALUE}: 1.5 s at 20 fps, as VideoBERT).")
    int clipFrames;

    @Option(names = "--clip-stride", paramLabel = "N",
            description = "Frames between clip starts (default: the clip length, no overlap).")
    Integer clipStride;

    /** Loads the {@code --features} extractor once and closes it: a model that cannot load fails here, with its reason. */
    void checkFeatures() {
        var extractor = ClipFeatureExtractors.create(features);
        if (extractor instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Clips of {@code --clip-frames} frames every {@code --clip-stride}, counted at the sampling rate. */
    ClipWindows clipWindows(DecodeOptions decode) {
        return new ClipWindows(decode.frameRate(), clipFrames, clipStride == null ? clipFrames : clipStride);
    }

    /** {@code decode} with this command's network timeout. */
    DecodeOptions withTimeout(DecodeOptions decode) {
        return decode.withIoTimeout(Duration.ofSeconds(timeoutSeconds));
    }

    /** The stages a command runs besides ingest and captioning. */
    enum Stage { CLIPS, TOKENS, SEQUENCES, EMBEDDINGS }

    /**
     * Runs every input through the pipeline; prints {@code <input>: <reason>} for each failure.
     *
     * @return the exit status: 0 when all inputs succeeded, 1 otherwise
     */
    int run(GlobalOptions global, DecodeOptions decode, java.util.Set<Stage> stages, String clientId, PrintWriter err,
            ResultHandler handler) throws Exception {
        boolean showProgress = progress != null ? progress : System.console() != null;
        int failures = 0;
        try (MmstreamRuntime runtime = MmstreamRuntime.open(global)) {
            // files are captioned whole: no partial results, progress follows the final utterances
            runtime.startCaptioning();
            if (stages.contains(Stage.CLIPS)) {
                runtime.startClips(clipWindows(decode), features);
            }
            if (stages.contains(Stage.TOKENS)) {
                runtime.startTokens();
            }
            if (stages.contains(Stage.SEQUENCES)) {
                runtime.startSequences();
            }
            if (stages.contains(Stage.EMBEDDINGS)) {
                runtime.startEmbeddings();
            }
            try (CaptionCollector collector = new CaptionCollector(runtime.cluster().readerConfig(clientId))) {
                List<PipelineRun.Result> results = new PipelineRun(runtime, withTimeout(decode), showProgress, err)
                        .run(inputs, collector);
                runtime.awaitDerived();
                for (PipelineRun.Result r : results) {
                    handler.handle(r, collector, runtime);
                    if (r.failure() != null) {
                        failures++;
                        err.println(r.outcome().input() + ": " + r.failure());
                    }
                }
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
