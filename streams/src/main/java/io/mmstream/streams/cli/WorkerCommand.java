package io.mmstream.streams.cli;

import io.mmstream.ingest.DecodeOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mmstream worker}: runs the processing topologies (speech, clips, visual words, segments,
 * embeddings) without ingesting anything, until stopped; workers with the same cluster split the
 * partitions between them, so processing scales apart from ingest and {@code serve}.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run the processing stages without ingesting, until Ctrl-C (or SIGTERM): speech to mm.transcripts"
                + " and mm.captions, frames to clips, and, once a codebook and a model are trained anywhere on the"
                + " cluster, visual words, VideoBERT segments and embeddings.",
                "Several workers on one cluster split the partitions (up to 4 per stage); `ingest --no-processing`"
                + " and `serve` feed and query them. The clip options must match those of the ingesting side."})
final class WorkerCommand implements Callable<Integer> {

    /** How often the worker looks for a codebook or model that lets it start more stages. */
    private static final Duration NEW_STAGES_EVERY = Duration.ofSeconds(5);

    @ParentCommand
    MmstreamCli parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ClipOptions clips;

    @Option(names = "--fps", paramLabel = "RATE", defaultValue = "20",
            description = "The frame rate the ingesting side samples at, which clips are cut by (default: ${DEFAULT-VALUE}).")
    double fps;

    @Override
    public Integer call() throws Exception {
        DecodeOptions decode = clips.sampling(fps, io.mmstream.ingest.DecodeOptions.defaults().maxSide(), spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch stopped = new CountDownLatch(1);
        try (MmstreamRuntime runtime = MmstreamRuntime.open(parent.options)) {
            runtime.beforeExit(() -> {
                err.println("worker: stopping: committing and leaving the groups");
                err.flush();
                stopped.countDown();
            });
            // the codebooks and models trained on other instances, before the stages that load them
            runtime.mirrorArtifacts();
            runtime.startCaptioning();
            Set<PipelineInputs.Stage> running = EnumSet.noneOf(PipelineInputs.Stage.class);
            startNewStages(runtime, decode, running);
            out.println("worker: running " + describe(running) + " on " + runtime.cluster().bootstrapServers()
                    + "; Ctrl-C stops");
            out.flush();
            while (!stopped.await(NEW_STAGES_EVERY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                runtime.checkRunning();
                if (startNewStages(runtime, decode, running)) {
                    out.println("worker: now running " + describe(running));
                    out.flush();
                }
            }
        } catch (io.mmstream.streams.kafka.KafkaUnavailableException e) {
            err.println("worker: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    /**
     * Starts the stages that became possible since the last look (a codebook or a model arrived);
     * returns whether any did.
     */
    private boolean startNewStages(MmstreamRuntime runtime, DecodeOptions decode, Set<PipelineInputs.Stage> running)
            throws Exception {
        Set<PipelineInputs.Stage> ready = EnumSet.noneOf(PipelineInputs.Stage.class);
        ready.addAll(PipelineInputs.stages(parent.options, decode));
        ready.removeAll(running);
        if (ready.isEmpty()) {
            return false;
        }
        PipelineInputs.startStages(runtime, ready, decode, clips);
        running.addAll(ready);
        return true;
    }

    private static String describe(Set<PipelineInputs.Stage> stages) {
        return "speech" + (stages.isEmpty() ? "" : ", " + stages.stream().map(s -> s.name().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(", ")));
    }
}
