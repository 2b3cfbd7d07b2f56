package io.mmstream.models.videobert;

import ai.djl.Device;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A VideoBERT model on DJL's PyTorch engine (the GPU when there is one, else the CPU): its sizes,
 * its vocabulary and its parameters, saved to and loaded from a folder.
 *
 * <p>A saved model is a folder holding {@code videobert.properties} (format, sizes, vocabulary)
 * and DJL's {@code videobert-NNNN.params}.
 */
public final class VideoBert implements AutoCloseable {

    /** Version of the saved folder's layout; a folder of another format is refused. */
    public static final int FORMAT = 1;
    private static final String NAME = "videobert";

    private final VideoBertVocabulary vocabulary;
    private final VideoBertConfig config;
    private final Model model;
    private final VideoBertPretraining block;

    private VideoBert(VideoBertVocabulary vocabulary, VideoBertConfig config, Model model, VideoBertPretraining block) {
        this.vocabulary = vocabulary;
        this.config = config;
        this.model = model;
        this.block = block;
    }

    /** The device models run on: the first GPU when PyTorch sees one, else the CPU. */
    public static Device device() {
        return Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /** A freshly initialised model; {@code seed} makes its initial weights reproducible. */
    public static VideoBert create(VideoBertVocabulary vocabulary, VideoBertConfig config, long seed) {
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        VideoBertPretraining block = new VideoBertPretraining(vocabulary, config);
        Model model = Model.newInstance(NAME, device(), "PyTorch");
        model.setBlock(block);
        initialize(block, model);
        return new VideoBert(vocabulary, config, model, block);
    }

    private static void initialize(VideoBertPretraining block, Model model) {
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 4), new Shape(1, 4), new Shape(1, 4), new Shape(1));
    }

    /**
     * Loads the model saved in {@code folder}.
     *
     * @throws MalformedModelException when the folder is not a VideoBERT model of this format, or its
     *     parameters do not fit its sizes
     */
    public static VideoBert load(Path folder) throws IOException, MalformedModelException {
        Properties p = SavedModels.description(folder, NAME, "VideoBERT", FORMAT);
        VideoBertVocabulary vocabulary;
        VideoBertConfig config;
        try {
            vocabulary = new VideoBertVocabulary(SavedModels.integer(p, "text_vocabulary"), SavedModels.integer(p, "visual_vocabulary"));
            config = new VideoBertConfig(SavedModels.integer(p, "layers"), SavedModels.integer(p, "hidden"), SavedModels.integer(p, "heads"),
                    SavedModels.integer(p, "intermediate"), SavedModels.integer(p, "max_length"),
                    Float.parseFloat(p.getProperty("dropout", "0.1")));
        } catch (IllegalArgumentException e) {
            throw new MalformedModelException(folder + ": " + e.getMessage(), e);
        }
        VideoBertPretraining block = new VideoBertPretraining(vocabulary, config);
        Model model = Model.newInstance(NAME, device(), "PyTorch");
        model.setBlock(block);
        try {
            initialize(block, model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        SavedModels.loadParameters(model, block, folder, NAME, config);
        return new VideoBert(vocabulary, config, model, block);
    }

    /** Saves the model into {@code folder} (created if needed); a later save there supersedes it. */
    public void save(Path folder) throws IOException {
        Files.createDirectories(folder);
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("architecture", "videobert");
        p.setProperty("text_vocabulary", Integer.toString(vocabulary.textSize()));
        p.setProperty("visual_vocabulary", Integer.toString(vocabulary.visualSize()));
        p.setProperty("layers", Integer.toString(config.layers()));
        p.setProperty("hidden", Integer.toString(config.hidden()));
        p.setProperty("heads", Integer.toString(config.heads()));
        p.setProperty("intermediate", Integer.toString(config.intermediate()));
        p.setProperty("max_length", Integer.toString(config.maxLength()));
        p.setProperty("dropout", Float.toString(config.dropout()));
        model.save(folder, NAME);
        SavedModels.describe(folder, NAME, p, "mmstream VideoBERT model");
    }

    /**
     * Sets the visual-word rows of the token table to the codebook's leaf centroids, projected to
     * the hidden width by a fixed random matrix when the sizes differ and scaled to the table's
     * initial spread (the paper initialises visual words from the k-means centroids).
     *
     * @param centroids one row per visual word, in codebook order
     */
    public void initialiseVisualWords(float[][] centroids, long seed) {
        if (centroids.length != vocabulary.visualSize()) {
            throw new IllegalArgumentException(centroids.length + " centroids for " + vocabulary.visualSize() + " visual words");
        }
        NDArray table = block.encoder().embeddings().tokenTable().getArray();
        try (NDManager scratch = model.getNDManager().newSubManager()) {
            int d = centroids[0].length;
            float[] flat = new float[centroids.length * d];
            for (int i = 0; i < centroids.length; i++) {
                System.arraycopy(centroids[i], 0, flat, i * d, d);
            }
            NDArray c = scratch.create(flat, new Shape(centroids.length, d));
            c = c.sub(c.mean(new int[] {0}, true));
            NDArray projected;
            if (d == config.hidden()) {
                projected = c;
            } else {
                java.util.Random random = new java.util.Random(seed);
                float[] r = new float[d * config.hidden()];
                for (int i = 0; i < r.length; i++) {
                    r[i] = (float) (random.nextGaussian() / Math.sqrt(d));
                }
                projected = c.matMul(scratch.create(r, new Shape(d, config.hidden())));
            }
            NDArray scaled = projected.div(projected.pow(2).mean().sqrt().add(1e-6f)).mul(0.02f);
            int first = vocabulary.visual(0);
            table.set(new ai.djl.ndarray.index.NDIndex(first + ":" + (first + centroids.length)), scaled);
        }
    }

    /** Runs the model (inference: no dropout) on {@code batch}: the encoder's output and the heads' logits. */
    public NDList forward(NDList inputs) {
        return block.forward(new ParameterStore(inputs.getManager(), false), inputs, false);
    }

    /** The pooled [CLS] vectors (B, hidden) of {@code inputs} (ids, types, padding): segment embeddings. */
    public NDArray embed(NDList inputs) {
        ParameterStore store = new ParameterStore(inputs.getManager(), false);
        NDArray hidden = block.encoder().forward(store, inputs, false).singletonOrThrow();
        return block.pool(store, hidden);
    }

    /**
     * What the model makes of one segment (inference).
     *
     * @param pooled the pooled [CLS] vector: the segment's embedding
     * @param tokens the last layer's vector of each position of the layout
     */
    public record Encoding(float[] pooled, float[][] tokens) {}

    /** Encodes one laid-out segment. */
    public Encoding encode(Segment.Layout layout) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            Shape shape = new Shape(1, layout.length());
            float[] padding = new float[layout.length()];
            java.util.Arrays.fill(padding, 1f);
            NDList inputs = new NDList(manager.create(layout.ids(), shape), manager.create(layout.types(), shape),
                    manager.create(padding, shape));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray hidden = block.encoder().forward(store, inputs, false).singletonOrThrow();
            float[] pooled = block.pool(store, hidden).toFloatArray();
            float[] flat = hidden.toFloatArray();
            int h = config.hidden();
            float[][] tokens = new float[layout.length()][];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = java.util.Arrays.copyOfRange(flat, i * h, (i + 1) * h);
            }
            return new Encoding(pooled, tokens);
        }
    }

    public VideoBertVocabulary vocabulary() {
        return vocabulary;
    }

    public VideoBertConfig config() {
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
