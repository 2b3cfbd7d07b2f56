package io.mmstream.streams.cli;

import io.mmstream.asr.captions.CaptionFormat;
import io.mmstream.asr.captions.CaptionWriter;
import io.mmstream.asr.captions.Cue;
import io.mmstream.ingest.DecodeOptions;
import io.mmstream.ingest.MediaLocations;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mmstream captions}: transcribe files or URLs into WebVTT, SRT or JSON-lines caption files. */
@Command(name = "captions", mixinStandardHelpOptions = true,
        description = "Transcribe files or URLs into caption files (WebVTT, SRT or JSON lines).")
final class CaptionsCommand implements Callable<Integer> {

    @ParentCommand
    MmstreamCli parent;

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineInputs pipeline;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output file for a single input ('-' for standard output).")
    String output;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Write one file per input here, named after the input.")
    Path outDir;

    @Option(names = "--format", paramLabel = "FMT", description = "vtt, srt or jsonl (default: from -o's extension, else vtt).")
    String format;

    @Override
    public Integer call() throws Exception {
        CaptionFormat fmt = chooseFormat();
        if (output != null && outDir != null) {
            throw new ParameterException(spec.commandLine(), "give -o or --out-dir, not both");
        }
        if (output != null && pipeline.inputs.size() > 1) {
            throw new ParameterException(spec.commandLine(), "-o takes one input; use --out-dir for " + pipeline.inputs.size());
        }
        PrintWriter err = spec.commandLine().getErr();
        Set<Path> used = new HashSet<>();
        return pipeline.run(parent.options, DecodeOptions.audioOnly(), java.util.Set.of(), "mmstream-captions-cli", err, (r, captions, runtime) -> {
            if (r.info() != null) {
                String videoId = r.outcome().videoId();
                write(r.outcome().input(), captions.finalCues(videoId), fmt, used, err);
            }
        });
    }

    private CaptionFormat chooseFormat() {
        try {
            if (format != null) {
                return CaptionFormat.parse(format);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        CaptionFormat fromName = output == null || output.equals("-") ? null : CaptionFormat.fromFileName(output);
        return fromName == null ? CaptionFormat.VTT : fromName;
    }

    private void write(String input, List<Cue> cues, CaptionFormat fmt, Set<Path> used, PrintWriter err)
            throws IOException {
        String video = input;
        if ("-".equals(output)) {
            writeCues(spec.commandLine().getOut(), fmt, video, cues);
            return;
        }
        Path target = output != null ? Path.of(output) : uniqueTarget(input, fmt, used);
        Path parentDir = target.toAbsolutePath().getParent();
        if (parentDir != null) {
            Files.createDirectories(parentDir);
        }
        try (Writer out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            writeCues(out, fmt, video, cues);
        }
        err.println(input + " -> " + target + " (" + cues.size() + " cues)");
    }

    private static void writeCues(Writer out, CaptionFormat fmt, String video, List<Cue> cues) throws IOException {
        Writer buffered = out instanceof BufferedWriter ? out : new BufferedWriter(out);
        CaptionWriter writer = new CaptionWriter(buffered, fmt, video);
        writer.header();
        long now = System.currentTimeMillis();
        for (Cue cue : CaptionWriter.ordered(cues)) {
            writer.cue(cue, now);
        }
        buffered.flush();
    }

    /** {@code DIR/base.ext}, with {@code -2}, {@code -3} added when two inputs share a base name. */
    private Path uniqueTarget(String input, CaptionFormat fmt, Set<Path> used) {
        Path dir = outDir != null ? outDir : Path.of(".");
        String base = MediaLocations.baseName(input);
        Path candidate = dir.resolve(base + "." + fmt.extension());
        for (int n = 2; !used.add(candidate.toAbsolutePath().normalize()); n++) {
            candidate = dir.resolve(base + "-" + n + "." + fmt.extension());
        }
        return candidate;
    }
}
