package io.mmstream.streams.cli;

import io.mmstream.frames.RgbFrame;
import io.mmstream.index.text.MiniLmEncoder;
import io.mmstream.index.text.TextEncoder;
import io.mmstream.models.generative.GenerativeArchitecture;
import io.mmstream.models.generative.GenerativeModel;
import io.mmstream.models.generative.PicturePixels;
import io.mmstream.models.videobert.ModelStore;
import io.mmstream.tokenizer.text.WordPieceTokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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

/**
 * {@code models generate PROMPT --png FILE}: pictures drawn for a caption by the current DALL-E (or M6),
 * ranked by the current image CLIP (CLIP reranking, as DALL-E did), the best written to FILE and, with
 * {@code --sheet}, every sample with its score beside it.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Draw pictures for a caption with the current dall-e (or m6), rank them with the current image CLIP, and write"
                + " the best as a PNG.")
final class ModelsGenerate implements Callable<Integer> {

    @ParentCommand
    ModelsCommand models;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "The caption to draw, e.g. \"a red circle left of a blue square\".")
    String prompt;

    @Option(names = "--png", paramLabel = "FILE", required = true, description = "Where the best sample goes (PNG).")
    Path png;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "8", description = "Samples drawn and ranked (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "dall-e", description = "dall-e or m6 (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--sheet", description = "Also write every sample with its CLIP score, as FILE-sheet.png beside FILE.")
    boolean sheet;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "32", description = "Each code drawn from the K likeliest (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scale", paramLabel = "X", defaultValue = "8",
            description = "Each of the model's pixels drawn X x X in the PNGs (the model draws 32 x 32; default: ${DEFAULT-VALUE}).")
    int scale;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GenerativeArchitecture architecture;
        try {
            architecture = GenerativeArchitecture.named(model);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (samples < 1 || samples > 64 || topK < 1 || !(temperature > 0) || scale < 1 || scale > 32) {
            throw new ParameterException(spec.commandLine(), "--samples must be 1..64, --top-k at least 1, --temperature above 0,"
                    + " --scale 1..32");
        }
        if (prompt.isBlank()) {
            throw new ParameterException(spec.commandLine(), "the prompt is empty: give a caption to draw");
        }
        Path dataDir = models.parent.options.dataDir().toAbsolutePath();
        ModelStore store = GenerativePretrain.store(dataDir, architecture);
        String version = store.current();
        if (version == null) {
            err.println("models generate: no trained " + architecture.id() + " yet (mmstream pretrain --model " + architecture.id() + ")");
            return 1;
        }
        List<float[]> drawn;
        int size;
        try (GenerativeModel generator = GenerativeModel.load(store.modelFolder(version));
                WordPieceTokenizer wordPieces = WordPieceTokenizer.bertUncased(dataDir.resolve("cache"))) {
            size = generator.vae().config().pictureSize();
            drawn = generator.draw(List.of(wordPieces.encode(prompt)), samples, topK, temperature, seed);
        }
        List<RgbFrame> pictures = new ArrayList<>();
        for (float[] p : drawn) {
            pictures.add(PicturePixels.toFrame(p, size, scale));
        }
        float[] scores = null;
        String clipVersion = null;
        TextEncoder[] encoder = {null};
        try (ClipPictureScorer clip = ClipPictureScorer.current(dataDir, () -> encoder[0] = MiniLmEncoder.load(dataDir.resolve("cache")))) {
            if (clip != null) {
                List<RgbFrame> small = drawn.stream().map(p -> PicturePixels.toFrame(p, size, 1)).toList();
                scores = clip.scores(small, prompt);
                clipVersion = clip.version();
            }
        } finally {
            if (encoder[0] != null) {
                encoder[0].close();
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < pictures.size(); i++) {
            order.add(i);
        }
        if (scores == null) {
            err.printf(Locale.ROOT, "models generate: no image CLIP trained: the %d samples are unranked (the first drawn is written);"
                    + " train one with %s%n", samples, ClipPictureScorer.HOW_TO_TRAIN);
        } else {
            float[] s = scores;
            order.sort(Comparator.comparingDouble(i -> -s[i]));
        }
        int best = order.get(0);
        ContactSheet.write(pictures.get(best), png);
        out.printf(Locale.ROOT, "%s: the best of %d samples from %s%s%n", png, samples, version,
                scores == null ? " (unranked)" : ", image CLIP score " + ContactSheet.score(scores[best]) + " (" + clipVersion + ")");
        if (sheet) {
            String name = png.getFileName().toString();
            Path sheetFile = png.resolveSibling((name.endsWith(".png") ? name.substring(0, name.length() - 4) : name) + "-sheet.png");
            List<RgbFrame> ranked = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (int rank = 0; rank < order.size(); rank++) {
                int i = order.get(rank);
                ranked.add(PicturePixels.toFrame(drawn.get(i), size, Math.min(scale, 4)));
                labels.add(scores == null ? "#" + (i + 1) : "#" + (rank + 1) + " " + ContactSheet.score(scores[i]));
            }
            ContactSheet.write(ranked, labels, "\"" + prompt + "\" - " + version + (scores == null ? " (unranked: no image CLIP)"
                    : " ranked by " + clipVersion), sheetFile);
            out.println(sheetFile + ": all " + samples + " samples" + (scores == null ? "" : " with their image CLIP scores"));
        }
        return 0;
    }
}
