package io.mmstream.streams.cli;

import io.mmstream.asr.captions.CaptionWriter;
import io.mmstream.ingest.DecodeOptions;
import io.mmstream.streams.kafka.TopicReplay;
import io.mmstream.streams.records.VisualToken;
import io.mmstream.streams.topics.Topics;
import io.mmstream.tokenizer.kmeans.CodebookStore;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mmstream tokenize INPUT --jsonl FILE}: the visual word of every clip of one input. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Ingest one input and write the visual word of each of its clips as JSON lines:"
                + " {\"video\", \"clip\", \"start_ms\", \"end_ms\", \"token\", \"path\"}.")
final class TokenizeCommand implements Callable<Integer> {

    @ParentCommand
    MmstreamCli parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "A media file or URL.")
    String input;

    @Option(names = "--jsonl", paramLabel = "FILE", required = true, description = "Where to write the tokens.")
    Path jsonl;

    @Option(names = "--timeout", paramLabel = "SEC", defaultValue = "15",
            description = "Give up a network input that stalls this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (new CodebookStore(parent.options.dataDir().toAbsolutePath().resolve("codebooks")).current() == null) {
            spec.commandLine().getErr().println("mmstream: no codebook trained yet: ingest video, then run mmstream codebook train");
            return 1;
        }
        PipelineInputs pipeline = new PipelineInputs();
        pipeline.inputs = List.of(input);
        pipeline.timeoutSeconds = timeoutSeconds;
        pipeline.progress = false;
        List<VisualToken> tokens = new ArrayList<>();
        // audio is not needed: its stream is ended at once, so captioning finishes the input right away
        int status = pipeline.run(parent.options, DecodeOptions.defaults().withAudio(false), new ClipOptions(),
                EnumSet.of(PipelineInputs.Stage.CLIPS, PipelineInputs.Stage.TOKENS), "mmstream-tokenize-cli",
                spec.commandLine().getErr(), (result, captions, runtime) -> {
                    String video = result.outcome().videoId();
                    TopicReplay.replay(runtime.cluster(), Topics.VISUAL_TOKENS, (key, token) -> {
                        if (token.getVideoId().equals(video) && !token.getLast()) {
                            tokens.add(token);
                        }
                    });
                    return null;
                });
        Path dir = jsonl.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        try (Writer out = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
            for (VisualToken t : tokens.stream().sorted(Comparator.comparingLong(VisualToken::getClipIndex)).toList()) {
                out.write("{\"video\":" + CaptionWriter.json(input) + ",\"clip\":" + t.getClipIndex()
                        + ",\"start_ms\":" + t.getStartUs() / 1000 + ",\"end_ms\":" + t.getEndUs() / 1000
                        + ",\"token\":" + t.getToken() + ",\"path\":["
                        + t.getPath().stream().map(String::valueOf).collect(Collectors.joining(",")) + "]}\n");
            }
        }
        spec.commandLine().getErr().println(input + " -> " + jsonl + " (" + tokens.size() + " clips)");
        return status;
    }
}
