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

/**
 * {@code mmstream captions}: transcribe files or URLs into WebVTT, SRT or JSON-lines caption files.
 *
 * <p>Each file is written whole or not at all. An input that fails part-way (truncated, interrupted)
 * never replaces a good caption file: its partial captions go beside it ({@code talk.partial.vtt}),
 * or, when there was none, where asked; stderr says which.
 */
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
        return pipeline.run(parent.options, DecodeOptions.audioOnly(), null, java.util.Set.of(), "mmstream-captions-cli", err,
                (r, captions, runtime) -> r.info() == null ? null
                        : write(r.outcome().input(), captions.finalCues(r.outcome().videoId()), r.failure() != null, fmt, used, err));
    }

    private CaptionFormat chooseFormat() {
        CaptionFormat fromName = output == null || output.equals("-") ? null : CaptionFormat.fromFileName(output);
        if (format == null) {
            return fromName == null ? CaptionFormat.VTT : fromName;
        }
        CaptionFormat asked;
        try {
            asked = CaptionFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (fromName != null && fromName != asked) {
            throw new ParameterException(spec.commandLine(), "-o " + output + " names a ." + fromName.extension()
                    + " file but --format is " + asked.extension() + ": make them agree, or leave --format out");
        }
        return asked;
    }

    /**
     * Writes {@code cues} of {@code input}; when the input failed ({@code partial}), the cues are only
     * what was captioned before the failure, and never replace an existing file, nor are written when
     * empty. Returns, for a failed input, where its partial captions went or what was left alone.
     */
    private String write(String input, List<Cue> cues, boolean partial, CaptionFormat fmt, Set<Path> used, PrintWriter err)
            throws IOException {
        String video = input;
        if ("-".equals(output)) {
            writeCues(spec.commandLine().getOut(), fmt, video, cues);
            return null;
        }
        Path target = output != null ? Path.of(output) : uniqueTarget(input, fmt, used);
        if (partial && cues.isEmpty()) {
            return Files.exists(target) ? target + " left as it was" : null;
        }
        Path written = partial && Files.exists(target) ? AtomicOutput.partialBeside(target) : target;
        AtomicOutput.write(written, out -> writeCues(out, fmt, video, cues));
        err.println(input + " -> " + written + " (" + cues.size() + " cues" + (partial ? ", made before it failed" : "") + ")");
        if (!partial) {
            return null;
        }
        return "the captions made before that are in " + written + (written.equals(target) ? "" : "; " + target + " left as it was");
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
