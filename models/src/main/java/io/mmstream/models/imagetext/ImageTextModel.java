package io.mmstream.models.imagetext;

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
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * A region-based image-text model on DJL's PyTorch engine: its architecture, sizes, vocabulary (word
 * pieces, then one tag per region class) and parameters, saved to and loaded from a folder
 * ({@code imagetext.properties} and DJL's {@code imagetext-NNNN.params}); and what a trained one does:
 * score image-caption pairs, and (Unified VLP) caption a picture by beam search.
 */
public final class ImageTextModel implements AutoCloseable {

    /** Version of the saved folder's layout; a folder of another format is refused. */
    public static final int FORMAT = 1;
    private static final String NAME = "imagetext";

    private final ImageTextArchitecture architecture;
    private final VideoBertVocabulary vocabulary;
    private final ImageTextConfig config;
    private final Model model;
    private final ImageTextNetwork network;

    private ImageTextModel(ImageTextArchitecture architecture, VideoBertVocabulary vocabulary, ImageTextConfig config, Model model,
            ImageTextNetwork network) {
        this.architecture = architecture;
        this.vocabulary = vocabulary;
        this.config = config;
        this.model = model;
        this.network = network;
    }

    /** A freshly initialised model; {@code seed} makes its initial weights reproducible. */
    public static ImageTextModel create(ImageTextArchitecture architecture, int textVocabulary, ImageTextConfig config, long seed) {
        config.checkFits(architecture);
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        VideoBertVocabulary vocabulary = new VideoBertVocabulary(textVocabulary, config.regionClasses());
        ImageTextNetwork network = new ImageTextNetwork(architecture, vocabulary, config);
        Model model = Model.newInstance(NAME, VideoBert.device(), "PyTorch");
        model.setBlock(network);
        initialize(network, model, config, architecture);
        return new ImageTextModel(architecture, vocabulary, config, model, network);
    }

    private static void initialize(ImageTextNetwork network, Model model, ImageTextConfig config, ImageTextArchitecture architecture) {
        int t = config.tokenLength(architecture);
        int l = t + config.regions();
        network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, t), new Shape(1, t), new Shape(1, l, l),
                new Shape(1, config.regions(), config.featureDimension()), new Shape(1, config.regions(), 5), new Shape(1), new Shape(1));
    }

    /**
     * Loads the model saved in {@code folder}.
     *
     * @throws MalformedModelException when the folder is not an image-text model of this format, names an
     *     unknown architecture, or its parameters do not fit its sizes
     */
    public static ImageTextModel load(Path folder) throws IOException, MalformedModelException {
        Properties p = SavedModels.description(folder, NAME, "image-text", FORMAT);
        ImageTextArchitecture architecture;
        ImageTextConfig config;
        int textVocabulary;
        try {
            architecture = ImageTextArchitecture.named(p.getProperty("architecture", "?"));
            textVocabulary = SavedModels.integer(p, "text_vocabulary");
            config = new ImageTextConfig(new VideoBertConfig(SavedModels.integer(p, "layers"), SavedModels.integer(p, "hidden"),
                    SavedModels.integer(p, "heads"), SavedModels.integer(p, "intermediate"), SavedModels.integer(p, "max_length"),
                    Float.parseFloat(p.getProperty("dropout", "0.1"))), SavedModels.integer(p, "feature_dimension"),
                    SavedModels.integer(p, "regions"), SavedModels.integer(p, "max_words"), SavedModels.integer(p, "region_classes"));
            config.checkFits(architecture);
        } catch (IllegalArgumentException e) {
            throw new MalformedModelException(folder + ": " + e.getMessage(), e);
        }
        VideoBertVocabulary vocabulary = new VideoBertVocabulary(textVocabulary, config.regionClasses());
        ImageTextNetwork network = new ImageTextNetwork(architecture, vocabulary, config);
        Model model = Model.newInstance(NAME, VideoBert.device(), "PyTorch");
        model.setBlock(network);
        try {
            initialize(network, model, config, architecture);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        SavedModels.loadParameters(model, network, folder, NAME, architecture.id() + " " + config);
        return new ImageTextModel(architecture, vocabulary, config, model, network);
    }

    /** Saves the model into {@code folder} (created if needed). */
    public void save(Path folder) throws IOException {
        Files.createDirectories(folder);
        Properties p = new Properties();
        VideoBertConfig e = config.encoder();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("architecture", architecture.id());
        p.setProperty("text_vocabulary", Integer.toString(vocabulary.textSize()));
        p.setProperty("region_classes", Integer.toString(config.regionClasses()));
        p.setProperty("feature_dimension", Integer.toString(config.featureDimension()));
        p.setProperty("regions", Integer.toString(config.regions()));
        p.setProperty("max_words", Integer.toString(config.maxWords()));
        p.setProperty("layers", Integer.toString(e.layers()));
        p.setProperty("hidden", Integer.toString(e.hidden()));
        p.setProperty("heads", Integer.toString(e.heads()));
        p.setProperty("intermediate", Integer.toString(e.intermediate()));
        p.setProperty("max_length", Integer.toString(e.maxLength()));
        p.setProperty("dropout", Float.toString(e.dropout()));
        model.save(folder, NAME);
        SavedModels.describe(folder, NAME, p, "mmstream image-text model");
    }

    /** Runs the network (inference: no dropout) on a batch: its outputs by name. */
    public ImageTextNetwork.Outputs forward(ImageTextBatch batch) {
        NDList out = network.forward(new ParameterStore(batch.inputs().getManager(), false), batch.inputs(), false);
        return ImageTextNetwork.Outputs.of(out, architecture);
    }

    /**
     * How well each caption goes with each picture: {@code scores[i][j]} for picture {@code i} and caption
     * {@code j}. Architectures with a matching head use its probability that the pair goes together
     * (Oscar's: that the tags are not polluted); the others (VL-BERT, Unified VLP) the caption's
     * pseudo-log-likelihood given the picture, per word piece: each word masked in turn and predicted.
     */
    public float[][] scores(List<ImageTextExample> pictures, List<int[]> captions) {
        return scores(pictures, captions, architecture.objectives().matching());
    }

    /**
     * The same by a chosen score: the matching head's probability ({@code byMatchingHead}; only for
     * architectures that have one) or the caption's pseudo-log-likelihood, which every architecture has.
     */
    public float[][] scores(List<ImageTextExample> pictures, List<int[]> captions, boolean byMatchingHead) {
        if (byMatchingHead && !architecture.objectives().matching()) {
            throw new IllegalArgumentException(architecture.id() + " has no matching head");
        }
        int n = pictures.size();
        float[][] scores = new float[n][captions.size()];
        List<ImageTextExample> pairs = new ArrayList<>();
        List<int[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < captions.size(); j++) {
                ImageTextExample p = pictures.get(i);
                pairs.add(new ImageTextExample(captions.get(j), p.features(), p.geometry(), p.classes(), p.classDistributions()));
                cells.add(new int[] {i, j});
            }
        }
        int chunk = 64;
        for (int from = 0; from < pairs.size(); from += chunk) {
            List<ImageTextExample> part = pairs.subList(from, Math.min(pairs.size(), from + chunk));
            float[] s = byMatchingHead ? matchProbabilities(part) : pseudoLogLikelihoods(part);
            for (int q = 0; q < s.length; q++) {
                int[] cell = cells.get(from + q);
                scores[cell[0]][cell[1]] = s[q];
            }
        }
        return scores;
    }

    private float[] matchProbabilities(List<ImageTextExample> pairs) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            BatchPlan plan = BatchPlan.plain(pairs, architecture, config, vocabulary, false);
            ImageTextBatch batch = ImageTextBatch.of(plan, config, manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray hidden = network.encode(store, batch, false);
            return network.match(store, hidden).softmax(-1).get(":, 1").toFloatArray();
        }
    }

    private float[] pseudoLogLikelihoods(List<ImageTextExample> pairs) {
        BatchPlan plan = BatchPlan.plain(pairs, architecture, config, vocabulary, false);
        int t = plan.tokenLength();
        float[] total = new float[pairs.size()];
        int[] counts = new int[pairs.size()];
        // one masked copy per (pair, word position), scored in chunks
        List<int[]> copies = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            for (int p = 0; p < t; p++) {
                if (plan.words()[i * t + p] > 0) {
                    copies.add(new int[] {i, p});
                }
            }
        }
        int chunk = 128;
        for (int from = 0; from < copies.size(); from += chunk) {
            List<int[]> part = copies.subList(from, Math.min(copies.size(), from + chunk));
            float[] logProbabilities = maskedLogProbabilities(plan, part);
            for (int q = 0; q < part.size(); q++) {
                total[part.get(q)[0]] += logProbabilities[q];
                counts[part.get(q)[0]]++;
            }
        }
        for (int i = 0; i < total.length; i++) {
            total[i] = counts[i] == 0 ? Float.NEGATIVE_INFINITY : total[i] / counts[i];
        }
        return total;
    }

    /** For each (row, position) of {@code cells}: log p(the row's token there | that token masked). */
    private float[] maskedLogProbabilities(BatchPlan plan, List<int[]> cells) {
        int m = cells.size();
        BatchPlan copy = select(plan, cells);
        int t = plan.tokenLength();
        int l = plan.length();
        long[] positions = new long[m];
        int[] labels = new int[m];
        for (int q = 0; q < m; q++) {
            int p = cells.get(q)[1];
            labels[q] = copy.ids()[q * t + p];
            copy.ids()[q * t + p] = VideoBertVocabulary.MASK;
            positions[q] = (long) q * l + p;
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            ImageTextBatch batch = ImageTextBatch.of(copy, config, manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray hidden = network.encode(store, batch, false);
            NDArray logits = network.tokenLogits(store, hidden, manager.create(positions), false);
            return ImageTextLoss.crossEntropy(logits, manager.create(labels)).neg().toFloatArray();
        }
    }

    /** The rows of {@code plan} named by {@code cells}' first numbers, as a new plan (nothing masked). */
    private static BatchPlan select(BatchPlan plan, List<int[]> cells) {
        int m = cells.size();
        int t = plan.tokenLength();
        int r = plan.regions();
        int l = plan.length();
        int f = plan.features().length / (plan.rows() * r);
        int[] ids = new int[m * t];
        int[] types = new int[m * t];
        float[] attention = new float[m * l * l];
        float[] features = new float[m * r * f];
        float[] geometry = new float[m * r * 5];
        for (int q = 0; q < m; q++) {
            int i = cells.get(q)[0];
            System.arraycopy(plan.ids(), i * t, ids, q * t, t);
            System.arraycopy(plan.types(), i * t, types, q * t, t);
            System.arraycopy(plan.attention(), i * l * l, attention, q * l * l, l * l);
            System.arraycopy(plan.features(), i * r * f, features, q * r * f, r * f);
            System.arraycopy(plan.geometry(), i * r * 5, geometry, q * r * 5, r * 5);
        }
        return new BatchPlan(m, t, r, ids, types, attention, features, geometry, new long[0], new int[0], new long[0], new int[0][],
                new int[0], new float[0], new float[0], new float[m], new float[m * t], new float[m * r], new boolean[m], 0);
    }

    /**
     * Unified VLP's captioning: beam search under the left-to-right mask. Each step appends [MASK] after
     * the words so far and predicts it from the picture and those words; a beam ends at [SEP] or at the
     * word limit; the best by mean log-probability per word piece wins.
     *
     * @return the caption's word pieces
     */
    public int[] caption(ImageTextExample picture, int beamWidth) {
        if (!architecture.generates()) {
            throw new IllegalStateException(architecture.id() + " does not generate captions (unified-vlp does)");
        }
        record Beam(int[] words, double logProbability, boolean done) {
            double mean() {
                return logProbability / Math.max(1, words.length + (done ? 1 : 0));
            }
        }
        List<Beam> beams = List.of(new Beam(new int[0], 0, false));
        for (int length = 0; length < config.maxWords(); length++) {
            List<Beam> open = beams.stream().filter(b -> !b.done()).toList();
            if (open.isEmpty()) {
                break;
            }
            List<ImageTextExample> rows = new ArrayList<>();
            for (Beam b : open) {
                rows.add(new ImageTextExample(b.words(), picture.features(), picture.geometry(), picture.classes(),
                        picture.classDistributions()));
            }
            BatchPlan plan = BatchPlan.plain(rows, architecture, config, vocabulary, true);
            List<int[]> cells = new ArrayList<>();
            for (int i = 0; i < open.size(); i++) {
                cells.add(new int[] {i, 1 + open.get(i).words().length});
            }
            float[][] logProbabilities = nextTokenLogProbabilities(plan, cells);
            List<Beam> next = new ArrayList<>(beams.stream().filter(Beam::done).toList());
            for (int i = 0; i < open.size(); i++) {
                Beam b = open.get(i);
                float[] lp = logProbabilities[i];
                for (int id : best(lp, beamWidth, b.words().length > 0)) {
                    if (id == VideoBertVocabulary.SEP) {
                        next.add(new Beam(b.words(), b.logProbability() + lp[id], true));
                    } else {
                        int[] words = java.util.Arrays.copyOf(b.words(), b.words().length + 1);
                        words[words.length - 1] = id;
                        next.add(new Beam(words, b.logProbability() + lp[id], false));
                    }
                }
            }
            next.sort(Comparator.comparingDouble(b -> -b.mean()));
            beams = next.subList(0, Math.min(beamWidth, next.size()));
        }
        return beams.stream().max(Comparator.comparingDouble(Beam::mean)).orElseThrow().words();
    }

    /** The {@code k} likeliest next tokens: word pieces, and [SEP] (the end) once a word has been said. */
    private int[] best(float[] logProbabilities, int k, boolean mayEnd) {
        int[] top = new int[k];
        java.util.Arrays.fill(top, -1);
        for (int id = mayEnd ? VideoBertVocabulary.SEP : VideoBertVocabulary.FIRST_WORD_PIECE; id < vocabulary.textSize(); id++) {
            if (id != VideoBertVocabulary.SEP && id < VideoBertVocabulary.FIRST_WORD_PIECE) {
                continue;
            }
            float p = logProbabilities[id];
            int at = k;
            while (at > 0 && (top[at - 1] < 0 || logProbabilities[top[at - 1]] < p)) {
                at--;
            }
            if (at < k) {
                System.arraycopy(top, at, top, at + 1, k - at - 1);
                top[at] = id;
            }
        }
        return java.util.Arrays.stream(top).filter(id -> id >= 0).toArray();
    }

    /** For each (row, position) of {@code cells}: log-probabilities over the vocabulary of a [MASK] put there. */
    private float[][] nextTokenLogProbabilities(BatchPlan plan, List<int[]> cells) {
        int l = plan.length();
        int t = plan.tokenLength();
        long[] positions = new long[cells.size()];
        for (int q = 0; q < cells.size(); q++) {
            int row = cells.get(q)[0];
            int p = cells.get(q)[1];
            plan.ids()[row * t + p] = VideoBertVocabulary.MASK;
            positions[q] = (long) row * l + p;
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            ImageTextBatch batch = ImageTextBatch.of(plan, config, manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray hidden = network.encode(store, batch, false);
            NDArray logits = network.tokenLogits(store, hidden, manager.create(positions), false).logSoftmax(-1);
            int v = vocabulary.size();
            float[] flat = logits.toFloatArray();
            float[][] out = new float[cells.size()][];
            for (int q = 0; q < out.length; q++) {
                out[q] = java.util.Arrays.copyOfRange(flat, q * v, (q + 1) * v);
            }
            return out;
        }
    }

    /**
     * The labels the model gives the examples of one of its tasks: the answer, the region, or 1 for a true
     * statement (inference: no dropout).
     */
    public int[] predict(Task task, List<TaskExample> examples) {
        if (!architecture.objectives().has(task)) {
            throw new IllegalArgumentException(architecture.id() + " has no " + task.title() + " head");
        }
        int[] labels = new int[examples.size()];
        int chunk = 64;
        for (int from = 0; from < examples.size(); from += chunk) {
            List<ImageTextExample> part = examples.subList(from, Math.min(examples.size(), from + chunk)).stream()
                    .map(TaskExample::example).toList();
            try (NDManager manager = model.getNDManager().newSubManager()) {
                BatchPlan plan = BatchPlan.plain(part, architecture, config, vocabulary, false);
                ImageTextBatch batch = ImageTextBatch.of(plan, config, manager);
                ParameterStore store = new ParameterStore(manager, false);
                NDArray hidden = network.encode(store, batch, false);
                long[] best = taskLogits(task, store, hidden, false).argMax(1).toLongArray();
                for (int q = 0; q < best.length; q++) {
                    labels[from + q] = (int) best[q];
                }
            }
        }
        return labels;
    }

    /** The logits of {@code task}'s head on an encoded batch. */
    NDArray taskLogits(Task task, ParameterStore store, NDArray hidden, boolean training) {
        return switch (task) {
            case QUESTION_ANSWERING -> network.answerLogits(store, hidden, training);
            case REFERRING -> network.referringLogits(store, hidden, training);
            case VERIFICATION -> network.verificationLogits(store, hidden, training);
        };
    }

    ImageTextNetwork network() {
        return network;
    }

    public ImageTextArchitecture architecture() {
        return architecture;
    }

    public VideoBertVocabulary vocabulary() {
        return vocabulary;
    }

    public ImageTextConfig config() {
        return config;
    }

    /** The DJL model, for training. */
    public Model model() {
        return model;
    }

    @Override
    public void close() {
        model.close();
    }
}
