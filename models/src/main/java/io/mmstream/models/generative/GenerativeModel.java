package io.mmstream.models.generative;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.mmstream.models.SavedModels;
import io.mmstream.models.videobert.VideoBert;
import io.mmstream.models.videobert.VideoBertConfig;
import io.mmstream.models.videobert.VideoBertVocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * A trained or training DALL-E or M6: its transformer and the discrete VAE whose codes it reads and
 * writes, saved together ({@code generative.properties}, {@code generative-NNNN.params} and {@code dvae/});
 * and what they do: the next-token losses, drawing pictures for a caption (codes sampled left to right
 * with top-k and a temperature, then decoded), and M6's greedy captions.
 */
public final class GenerativeModel implements AutoCloseable {

    /** Version of the saved folder's layout. */
    public static final int FORMAT = 1;
    private static final String NAME = "generative";
    /** DALL-E weighs the text part of its loss 1/8 and the image part 7/8. */
    public static final Map<String, Float> DALLE_WEIGHTS = Map.of("text", 1f / 8, "image", 7f / 8);

    private final GenerativeArchitecture architecture;
    private final GenerativeConfig config;
    private final Model model;
    private final GenerativeTransformer network;
    private final DiscreteVae vae;

    private GenerativeModel(GenerativeArchitecture architecture, GenerativeConfig config, Model model, GenerativeTransformer network,
            DiscreteVae vae) {
        this.architecture = architecture;
        this.config = config;
        this.model = model;
        this.network = network;
        this.vae = vae;
    }

    /** A fresh transformer over {@code vae}'s codes, which the model then owns; {@code seed} makes its weights reproducible. */
    public static GenerativeModel create(GenerativeArchitecture architecture, String size, int textVocabulary, DiscreteVae vae, long seed) {
        GenerativeConfig config = GenerativeConfig.of(architecture, size, textVocabulary, vae.config());
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        return assemble(architecture, config, vae);
    }

    private static GenerativeModel assemble(GenerativeArchitecture architecture, GenerativeConfig config, DiscreteVae vae) {
        GenerativeTransformer network = new GenerativeTransformer(config);
        Model model = Model.newInstance(NAME, VideoBert.device(), "PyTorch");
        model.setBlock(network);
        network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, config.textSlots()));
        return new GenerativeModel(architecture, config, model, network, vae);
    }

    /** Loads the model saved in {@code folder}, with its discrete VAE; refused with the reason when it is not one or does not fit. */
    public static GenerativeModel load(Path folder) throws IOException, MalformedModelException {
        Properties p = SavedModels.description(folder, NAME, "generative", FORMAT);
        GenerativeArchitecture architecture;
        GenerativeConfig config;
        try {
            architecture = GenerativeArchitecture.named(p.getProperty("architecture", "?"));
            config = new GenerativeConfig(new VideoBertConfig(SavedModels.integer(p, "layers"), SavedModels.integer(p, "hidden"),
                    SavedModels.integer(p, "heads"), SavedModels.integer(p, "intermediate"), SavedModels.integer(p, "max_length"),
                    Float.parseFloat(p.getProperty("dropout", "0.1"))), SavedModels.integer(p, "text_vocabulary"),
                    SavedModels.integer(p, "text_slots"), SavedModels.integer(p, "codes"), SavedModels.integer(p, "image_tokens"),
                    SavedModels.integer(p, "patches"), SavedModels.integer(p, "patch_width"));
        } catch (IllegalArgumentException e) {
            throw new MalformedModelException(folder + ": " + e.getMessage(), e);
        }
        DiscreteVae vae = DiscreteVae.load(folder.resolve("dvae"));
        if (vae.config().codes() != config.codes() || vae.config().tokens() != config.imageTokens()) {
            vae.close();
            throw new MalformedModelException(folder + ": its discrete VAE has " + vae.config().codes() + " codes, the transformer "
                    + config.codes());
        }
        GenerativeModel loaded = assemble(architecture, config, vae);
        try {
            SavedModels.loadParameters(loaded.model, loaded.network, folder, NAME, architecture.id() + " " + config);
        } catch (MalformedModelException e) {
            vae.close();
            throw e;
        }
        return loaded;
    }

    /** Saves the transformer into {@code folder} and its discrete VAE into {@code folder/dvae}. */
    public void save(Path folder) throws IOException {
        Files.createDirectories(folder);
        vae.save(folder.resolve("dvae"));
        VideoBertConfig e = config.encoder();
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("architecture", architecture.id());
        p.setProperty("text_vocabulary", Integer.toString(config.textVocabulary()));
        p.setProperty("text_slots", Integer.toString(config.textSlots()));
        p.setProperty("codes", Integer.toString(config.codes()));
        p.setProperty("image_tokens", Integer.toString(config.imageTokens()));
        p.setProperty("patches", Integer.toString(config.patches()));
        p.setProperty("patch_width", Integer.toString(config.patchWidth()));
        p.setProperty("layers", Integer.toString(e.layers()));
        p.setProperty("hidden", Integer.toString(e.hidden()));
        p.setProperty("heads", Integer.toString(e.heads()));
        p.setProperty("intermediate", Integer.toString(e.intermediate()));
        p.setProperty("max_length", Integer.toString(e.maxLength()));
        p.setProperty("dropout", Float.toString(e.dropout()));
        model.save(folder, NAME);
        SavedModels.describe(folder, NAME, p, "mmstream " + architecture.id() + " model");
    }

    /**
     * The losses of a batch of (word pieces, picture, codes) pairs: DALL-E's {@code text} and {@code image}
     * next-token cross-entropies (weighted 1/8 and 7/8 by {@link #DALLE_WEIGHTS}); M6's {@code caption}
     * (image to text, a random cut of each caption given) and {@code image} (text to image).
     */
    public GenerativeTrainer.Losses losses(List<int[]> pieces, List<float[]> pictures, List<int[]> codes, Random random) {
        return (trainer, manager) -> {
            Map<String, NDArray> losses = new LinkedHashMap<>();
            boolean dalle = architecture == GenerativeArchitecture.DALL_E;
            if (!dalle) {
                int[] cuts = new int[pieces.size()];
                for (int r = 0; r < cuts.length; r++) {
                    cuts[r] = random.nextInt(Math.min(pieces.get(r).length, config.textSlots() - 2) + 1);
                }
                GenerativeSequences.ImageToText s = GenerativeSequences.imageToText(patches(pictures), pieces, cuts, config);
                NDList out = trainer.forward(imageToText(manager, s));
                losses.put("caption", crossEntropy(out.get(0), manager.create(s.labels()), manager.create(s.weights())));
            }
            GenerativeSequences.TextToImage s = GenerativeSequences.textToImage(pieces, codes, config, dalle);
            NDList out = trainer.forward(textToImage(manager, s));
            if (dalle) {
                losses.put("text", crossEntropy(out.get(0), manager.create(s.textLabels()), manager.create(s.textWeights())));
            }
            float[] ones = new float[s.imageLabels().length];
            Arrays.fill(ones, 1f);
            losses.put("image", crossEntropy(out.get(1), manager.create(s.imageLabels()), manager.create(ones)));
            return losses;
        };
    }

    /** The loss weights the trainer applies (DALL-E's 1/8 and 7/8; M6's parts count once). */
    public Map<String, Float> weights() {
        return architecture == GenerativeArchitecture.DALL_E ? DALLE_WEIGHTS : Map.of();
    }

    private List<float[]> patches(List<float[]> pictures) {
        return pictures.stream().map(p -> PicturePixels.patches(p, vae.config().pictureSize(), GenerativeConfig.PATCH_GRID)).toList();
    }

    private NDList textToImage(NDManager manager, GenerativeSequences.TextToImage s) {
        int l = config.textSlots() + config.imageTokens();
        return new NDList(manager.create(s.text(), new Shape(s.rows(), config.textSlots())),
                manager.create(s.codes(), new Shape(s.rows(), config.imageTokens())), manager.create(s.mask(), new Shape(s.rows(), l, l)));
    }

    private NDList imageToText(NDManager manager, GenerativeSequences.ImageToText s) {
        int l = config.patches() + config.textSlots();
        return new NDList(manager.create(s.patches(), new Shape(s.rows(), config.patches(), config.patchWidth())),
                manager.create(s.text(), new Shape(s.rows(), config.textSlots())), manager.create(s.mask(), new Shape(s.rows(), l, l)));
    }

    /** Mean cross-entropy of {@code logits} (..., V) against {@code labels} over the rows of weight 1. */
    static NDArray crossEntropy(NDArray logits, NDArray labels, NDArray weights) {
        long v = logits.getShape().get(logits.getShape().dimension() - 1);
        NDArray index = labels.toType(DataType.INT64, false).reshape(-1, 1);
        NDArray nll = logits.reshape(-1, v).logSoftmax(-1).gather(index, 1).reshape(-1).neg();
        return nll.mul(weights).sum().div(weights.sum().maximum(1f));
    }

    /**
     * Draws {@code perPrompt} pictures for each caption (its word pieces): codes sampled left to right from
     * the {@code topK} likeliest at {@code temperature}, then decoded by the discrete VAE.
     *
     * @return the pictures ((3, S, S) intensities), prompt by prompt
     */
    public List<float[]> draw(List<int[]> prompts, int perPrompt, int topK, float temperature, long seed) {
        List<int[]> rows = new ArrayList<>();
        for (int[] prompt : prompts) {
            for (int k = 0; k < perPrompt; k++) {
                rows.add(prompt);
            }
        }
        List<float[]> out = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += 64) {
            List<int[]> part = rows.subList(from, Math.min(rows.size(), from + 64));
            out.addAll(vae.decode(sampleCodes(part, topK, temperature, new Random(seed + from))));
        }
        return out;
    }

    /** One grid of codes per prompt, sampled left to right. */
    int[][] sampleCodes(List<int[]> prompts, int topK, float temperature, Random random) {
        int n = prompts.size();
        int t = config.textSlots();
        int i = config.imageTokens();
        List<int[]> codes = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            codes.add(new int[i]);
        }
        boolean dalle = architecture == GenerativeArchitecture.DALL_E;
        for (int k = 0; k < i; k++) {
            GenerativeSequences.TextToImage s = GenerativeSequences.textToImage(prompts, codes, config, dalle);
            float[] logits;
            try (NDManager manager = model.getNDManager().newSubManager()) {
                ParameterStore store = new ParameterStore(manager, false);
                NDArray hidden = network.hidden(store, textToImage(manager, s), false);
                logits = network.codeLogitsAt(store, hidden, t - 1 + k).toFloatArray();
            }
            int kCodes = config.codes();
            for (int r = 0; r < n; r++) {
                codes.get(r)[k] = TopKSampling.sample(Arrays.copyOfRange(logits, r * kCodes, (r + 1) * kCodes), topK, temperature, random);
            }
        }
        return codes.toArray(new int[0][]);
    }

    /**
     * M6's caption of pictures ((3, S, S) intensities): word pieces predicted greedily after [CLS] from
     * the patches, until [SEP] or the text slots run out.
     */
    public List<int[]> caption(List<float[]> pictures) {
        if (architecture != GenerativeArchitecture.M6) {
            throw new IllegalStateException(architecture.id() + " does not caption pictures (m6 does)");
        }
        int n = pictures.size();
        int t = config.textSlots();
        List<float[]> patches = patches(pictures);
        List<List<Integer>> words = new ArrayList<>();
        boolean[] done = new boolean[n];
        for (int r = 0; r < n; r++) {
            words.add(new ArrayList<>());
        }
        int[] cuts = new int[n];
        for (int k = 0; k < t - 2; k++) {
            List<int[]> so = words.stream().map(w -> w.stream().mapToInt(Integer::intValue).toArray()).toList();
            GenerativeSequences.ImageToText s = GenerativeSequences.imageToText(patches, so, cuts, config);
            // the [SEP] written after the words so far comes after the predicting slot: the mask keeps it unseen
            float[] logits;
            try (NDManager manager = model.getNDManager().newSubManager()) {
                ParameterStore store = new ParameterStore(manager, false);
                NDArray hidden = network.hidden(store, imageToText(manager, s), false);
                logits = network.textLogitsAt(store, hidden, config.patches() + k).toFloatArray();
            }
            int v = config.textVocabulary();
            boolean any = false;
            for (int r = 0; r < n; r++) {
                if (done[r]) {
                    continue;
                }
                int best = bestWord(logits, r * v, v, k > 0);
                if (best == VideoBertVocabulary.SEP) {
                    done[r] = true;
                } else {
                    words.get(r).add(best);
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return words.stream().map(w -> w.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    /** The likeliest word piece (or [SEP], once a word has been said) in {@code logits[from, from + v)}. */
    private static int bestWord(float[] logits, int from, int v, boolean mayEnd) {
        int best = -1;
        for (int id = VideoBertVocabulary.FIRST_WORD_PIECE; id < v; id++) {
            if (best < 0 || logits[from + id] > logits[from + best]) {
                best = id;
            }
        }
        return mayEnd && logits[from + VideoBertVocabulary.SEP] > logits[from + best] ? VideoBertVocabulary.SEP : best;
    }

    public GenerativeArchitecture architecture() {
        return architecture;
    }

    public GenerativeConfig config() {
        return config;
    }

    public DiscreteVae vae() {
        return vae;
    }

    /** The transformer's DJL model, for training. */
    public Model model() {
        return model;
    }

    @Override
    public void close() {
        model.close();
        vae.close();
    }
}
