package io.mmstream.streams.cli;

import io.mmstream.ingest.DecodeOptions;
import io.mmstream.ingest.DecodeSummary;
import io.mmstream.ingest.imagetext.ImageTextOptions;
import io.mmstream.ingest.imagetext.ImageTextSets;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mmstream ingest}: decode inputs onto the topics (frames, audio) and transcribe their speech. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Run the pipeline over inputs: sampled frames to mm.frames, clips with features to mm.clips,"
                + " audio to mm.audio, speech to mm.transcripts and mm.captions. Image-caption sets (a folder of"
                + " images with .txt captions, a .jsonl or .tsv manifest, a WebDataset .tar shard) go on as"
                + " one-frame videos with their captions as transcripts.")
final class IngestCommand implements Callable<Integer> {

    @ParentCommand
    MmstreamCli parent;

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineInputs pipeline;

    @Mixin
    ClipOptions clips;

    @Option(names = "--fps", paramLabel = "RATE", defaultValue = "20",
            description = "Frames sampled per second of media (default: ${DEFAULT-VALUE}, as VideoBERT; 0 for none).")
    double fps;

    @Option(names = "--frame-size", paramLabel = "PIXELS", defaultValue = "256",
            description = "Longer side of a sampled frame, 2..1024 (default: ${DEFAULT-VALUE}).")
    int frameSize;

    @Option(names = "--no-processing",
            description = "Only decode onto the topics: `mmstream worker` instances on the cluster do the processing"
                    + " (this command still waits until they have, and reports as usual).")
    boolean noProcessing;

    @Override
    public Integer call() throws Exception {
        DecodeOptions decode = clips.sampling(fps, frameSize, spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        pipeline.contentIds = true;
        pipeline.processLocally = !noProcessing;
        // image-caption sets go their own way (one-frame videos with their captions); the rest as media
        List<String> sets = pipeline.inputs.stream().filter(ImageTextSets::isImageTextSet).toList();
        pipeline.inputs = pipeline.inputs.stream().filter(i -> !sets.contains(i)).toList();
        ImageSetsIngest images = sets.isEmpty() ? null : new ImageSetsIngest(sets,
                ImageTextOptions.of(decode.maxSide(), Duration.ofSeconds(pipeline.timeoutSeconds)), pipeline.showProgress());
        int status = pipeline.run(parent.options, decode, clips, null, "mmstream-ingest-cli", spec.commandLine().getErr(), (r, captions, runtime) -> {
            DecodeSummary s = r.outcome().summary();
            if (s != null) {
                out.printf(Locale.ROOT, "%s: video %s, %d frames sampled of %d decoded, %.1f s of audio in %d chunks, %d caption cues%n",
                        r.outcome().input(), r.outcome().videoId(), s.framesKept(), s.framesDecoded(),
                        s.audioChunks() == 0 ? 0.0 : s.lastMediaUs() / 1e6, s.audioChunks(),
                        captions.finalCues(r.outcome().videoId()).size());
            }
            return null;
        }, images == null ? null : images::run);
        if (images != null) {
            images.printSummaries(out);
        }
        return status;
    }
}
