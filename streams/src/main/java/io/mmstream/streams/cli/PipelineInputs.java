package io.mmstream.streams.cli;

import io.mmstream.ingest.DecodeOptions;
import io.mmstream.streams.captions.CaptionCollector;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The inputs and options of the commands that run the pipeline ({@code captions}, {@code ingest}),
 * and the run they share: open the runtime, start captioning (and clip grouping when asked), feed
 * the inputs, wait for the results, report failures.
 *
 * <p>Ctrl-C ends the inputs where they are, as if they ended there, waits (up to 20 s) until their
 * last words are captioned, and hands the results on marked as interrupted, so a command keeps what
 * it made so far.
 */
final class PipelineInputs {

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Media files or URLs.")
    List<String> inputs;

    @Option(names = "--timeout", paramLabel = "SEC", defaultValue = "15",
            description = "Give up a network input that stalls this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--progress", negatable = true, description = "Show a progress bar (default: on a terminal).")
    Boolean progress;

    /** Whether this command runs the processing topologies itself, or leaves them to {@code worker} instances. */
    boolean processLocally = true;

    /** Whether local files get their content ids (ingest: one video per content) or ids of their own (captions). */
    boolean contentIds;

    /** What a command does with each input's result once every input is done. */
    @FunctionalInterface
    interface ResultHandler {
        /** Handles one result; returns what became of its output when the input failed (added to its failure line), or null. */
        String handle(PipelineRun.Result result, CaptionCollector captions, MmstreamRuntime runtime) throws Exception;
    }

    /** Work a command adds to the run, on its runtime, after the media inputs and before the derived records are awaited. */
    @FunctionalInterface
    interface MoreInputs {
        /** Runs it, ending early once {@code stop} says so; returns how many inputs failed (each said why on {@code err}). */
        int run(MmstreamRuntime runtime, java.util.function.BooleanSupplier stop, PrintWriter err) throws Exception;
    }

    /** Whether to show progress bars: as asked, else when on a terminal. */
    boolean showProgress() {
        return progress != null ? progress : System.console() != null;
    }

    /** {@code decode} with this command's network timeout. */
    DecodeOptions withTimeout(DecodeOptions decode) {
        return decode.withIoTimeout(Duration.ofSeconds(timeoutSeconds));
    }

    /** The stages a command runs besides ingest and captioning. */
    enum Stage { CLIPS, TOKENS, SEQUENCES, EMBEDDINGS }

    /**
     * The stages that ingesting with {@code decode} feeds: clips when frames are sampled; visual words
     * and VideoBERT segments too once a codebook has been trained; and segment embeddings once a
     * VideoBERT has been pretrained.
     */
    static java.util.Set<Stage> stages(GlobalOptions global, DecodeOptions decode) throws java.io.IOException {
        if (decode.frameRate() == 0) {
            return java.util.Set.of();
        }
        java.nio.file.Path dataDir = global.dataDir().toAbsolutePath();
        java.util.Set<Stage> stages = java.util.EnumSet.of(Stage.CLIPS);
        if (new io.mmstream.tokenizer.kmeans.CodebookStore(dataDir.resolve("codebooks")).current() != null) {
            stages.add(Stage.TOKENS);
            stages.add(Stage.SEQUENCES);
            if (new io.mmstream.models.videobert.ModelStore(dataDir.resolve("models").resolve("videobert")).current() != null) {
                stages.add(Stage.EMBEDDINGS);
            }
        }
        return stages;
    }

    /** Starts the stages of {@code stages} on {@code runtime}. */
    static void startStages(MmstreamRuntime runtime, java.util.Set<Stage> stages, DecodeOptions decode, ClipOptions clips)
            throws InterruptedException {
        if (stages.contains(Stage.CLIPS)) {
            runtime.startClips(clips.clipWindows(decode), clips.features, clips.objectDetectors());
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
    }

    /**
     * Runs every input through the pipeline; prints {@code <input>: <reason>} for each failure.
     *
     * @return the exit status: 0 when all inputs succeeded, 1 otherwise
     */
    int run(GlobalOptions global, DecodeOptions decode, ClipOptions clips, java.util.Set<Stage> stages, String clientId,
            PrintWriter err, ResultHandler handler) throws Exception {
        return run(global, decode, clips, stages, clientId, err, handler, null);
    }

    /**
     * The same, with {@code more} run after the media inputs (image-caption sets); {@link #inputs}
     * may then be empty, and without media inputs speech is not captioned at all. Null {@code stages}
     * are those {@link #stages} allows once the cluster's codebooks and models are mirrored here.
     */
    int run(GlobalOptions global, DecodeOptions decode, ClipOptions clips, java.util.Set<Stage> stages, String clientId,
            PrintWriter err, ResultHandler handler, MoreInputs more) throws Exception {
        boolean showProgress = showProgress();
        int failures = 0;
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        try (MmstreamRuntime runtime = MmstreamRuntime.open(global)) {
            runtime.beforeExit(() -> {
                if (finished.getCount() > 0) {
                    err.println("mmstream: interrupted: keeping the captions made so far");
                    err.flush();
                    interrupted.set(true);
                    awaitQuietly(finished);
                }
            });
            if (!processLocally) {
                runtime.requireWorkers();
            } else {
                // files are captioned whole: no partial results, progress follows the final utterances
                if (!inputs.isEmpty()) {
                    runtime.startCaptioning();
                }
                // the cluster's codebooks and models first: they decide the stages, and the stages load them
                if (stages == null ? decode.frameRate() > 0 : !stages.isEmpty()) {
                    runtime.mirrorArtifacts();
                }
                startStages(runtime, stages == null ? stages(global, decode) : stages, decode, clips);
            }
            try (CaptionCollector collector = new CaptionCollector(runtime.cluster().readerConfig(clientId))) {
                PipelineRun pipeline = new PipelineRun(runtime, withTimeout(decode), showProgress, err).stopWhen(interrupted::get);
                if (contentIds) {
                    pipeline.contentIds();
                }
                List<PipelineRun.Result> results = inputs.isEmpty() ? List.of() : pipeline.run(inputs, collector);
                if (more != null && !interrupted.get()) {
                    failures += more.run(runtime, interrupted::get, err);
                }
                if (!interrupted.get()) {
                    if (processLocally) {
                        runtime.awaitDerived();
                    } else {
                        runtime.awaitWorkers();
                    }
                }
                for (PipelineRun.Result r : results) {
                    String note = handler.handle(r, collector, runtime);
                    if (r.failure() != null) {
                        failures++;
                        err.println(r.outcome().input() + ": " + r.failure() + (note == null ? "" : "; " + note));
                    }
                }
            }
        } finally {
            finished.countDown();
        }
        return failures == 0 ? 0 : 1;
    }

    private static void awaitQuietly(CountDownLatch finished) {
        try {
            finished.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
