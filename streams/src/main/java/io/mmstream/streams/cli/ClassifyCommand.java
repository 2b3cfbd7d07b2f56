package io.mmstream.streams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmstream.frames.RgbFrame;
import io.mmstream.index.text.MiniLmEncoder;
import io.mmstream.index.text.TextEncoder;
import io.mmstream.ingest.imagetext.DecodedImage;
import io.mmstream.ingest.imagetext.ImageDecoder;
import io.mmstream.ingest.imagetext.ImageTextOptions;
import io.mmstream.ingest.imagetext.ItemProblem;
import io.mmstream.models.clip.ClipModel;
import io.mmstream.models.clip.ZeroShot;
import io.mmstream.models.videobert.ModelStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code models classify IMAGE... --labels a,b,c}: zero-shot classification with the current CLIP model
 * of pictures: each label put into the prompt, and per picture the labels ranked by their softmax
 * probability under the model's learned temperature.
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Label pictures zero-shot with the current clip-image model: the labels ranked, with their probabilities.")
final class ClassifyCommand implements Callable<Integer> {

    @ParentCommand
    ModelsCommand models;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Picture files (PNG, JPEG, BMP, GIF, WebP).")
    List<Path> images;

    @Option(names = "--labels", paramLabel = "A,B,C", required = true, split = ",", description = "The labels to choose from (at least 2).")
    List<String> labels;

    @Option(names = "--prompt", paramLabel = "TEXT", defaultValue = "a picture of a {}",
            description = "The sentence each label is put into, at {} (default: \"${DEFAULT-VALUE}\").")
    String prompt;

    @Option(names = "--json", description = "One JSON object a picture: {\"image\": ..., \"labels\": [{\"label\": ..., \"probability\": ...}]}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> names = labels.stream().map(String::strip).filter(l -> !l.isEmpty()).distinct().toList();
        if (names.size() < 2) {
            throw new ParameterException(spec.commandLine(), "--labels needs at least two different labels, got " + labels);
        }
        if (!prompt.contains("{}")) {
            throw new ParameterException(spec.commandLine(), "--prompt needs {} where the label goes: '" + prompt + "'");
        }
        Path dataDir = models.parent.options.dataDir().toAbsolutePath();
        ModelStore store = ClipPretrain.imageStore(dataDir);
        String version = store.current();
        if (version == null) {
            err.println("models classify: no trained clip-image model in " + dataDir + ": ingest an image-text set, then run"
                    + " mmstream pretrain --model clip");
            return 1;
        }
        ObjectMapper mapper = new ObjectMapper();
        ImageDecoder decoder = new ImageDecoder(ImageTextOptions.defaults());
        int failures = 0;
        try (ClipModel model = ClipModel.load(store.modelFolder(version));
                TextEncoder encoder = MiniLmEncoder.load(dataDir.resolve("cache"))) {
            List<float[]> prompts = encoder.encode(names.stream().map(l -> ZeroShot.prompt(prompt, l)).toList());
            for (Path image : images) {
                RgbFrame picture;
                try {
                    DecodedImage decoded = decoder.decode(Files.readAllBytes(image));
                    picture = new RgbFrame(0, decoded.width(), decoded.height(), decoded.rgb());
                } catch (IOException | ItemProblem e) {
                    err.println(image + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    err.flush();
                    failures++;
                    continue;
                }
                float[] p = ZeroShot.probabilities(model, List.of(picture), prompts)[0];
                Integer[] order = new Integer[names.size()];
                Arrays.setAll(order, i -> i);
                Arrays.sort(order, (a, b) -> Float.compare(p[b], p[a]));
                if (json) {
                    List<Map<String, Object>> ranked = new ArrayList<>();
                    for (int i : order) {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("label", names.get(i));
                        entry.put("probability", p[i]);
                        ranked.add(entry);
                    }
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("image", image.toString());
                    line.put("model", version);
                    line.put("labels", ranked);
                    out.println(mapper.writeValueAsString(line));
                } else {
                    List<String> ranked = new ArrayList<>();
                    for (int i : order) {
                        ranked.add(String.format(Locale.ROOT, "%s %.3f", names.get(i), p[i]));
                    }
                    out.println(image + ": " + String.join(", ", ranked));
                }
                out.flush();
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
