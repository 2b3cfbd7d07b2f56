package io.mmstream.models.clip;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.engine.Engine;
import ai.djl.training.ParameterStore;
import io.mmstream.models.SavedModels;
import io.mmstream.models.videobert.VideoBert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A trained (or fresh) {@link DualEncoder}: creating, saving and loading it, and embedding sentence
 * vectors and segments' clips into the shared space for search.
 */
public final class ClipModel implements AutoCloseable {

    static final String NAME = "clip";
    public static final int FORMAT = 1;

    private final DualEncoderConfig config;
    private final Model model;
    private final DualEncoder block;

    private ClipModel(DualEncoderConfig config, Model model, DualEncoder block) {
        this.config = config;
        this.model = model;
        this.block = block;
    }

    /** A freshly initialised model; {@code seed} makes its initial weights reproducible. */
    public static ClipModel create(DualEncoderConfig config, long seed) {
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        DualEncoder block = new DualEncoder(config);
        Model model = Model.newInstance(NAME, VideoBert.device(), "PyTorch");
        model.setBlock(block);
        initialize(block, model, config);
        return new ClipModel(config, model, block);
    }

    private static void initialize(DualEncoder block, Model model, DualEncoderConfig config) {
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, config.textDimension()),
                new Shape(1, 1, config.featureDimension()), new Shape(1, 1), new Shape(1, 1));
    }

    /** The model saved in {@code folder}; refused with the reason when it is not one of this format and sizes. */
    public static ClipModel load(Path folder) throws IOException, MalformedModelException {
        Properties p = SavedModels.description(folder, NAME, "CLIP", FORMAT);
        DualEncoderConfig config;
        try {
            config = new DualEncoderConfig(SavedModels.integer(p, "text_dimension"), SavedModels.integer(p, "feature_dimension"),
                    SavedModels.integer(p, "visual_words"), SavedModels.integer(p, "hidden"), SavedModels.integer(p, "embedding"),
                    SavedModels.integer(p, "max_clips"));
        } catch (IllegalArgumentException e) {
            throw new MalformedModelException(folder + ": " + e.getMessage(), e);
        }
        DualEncoder block = new DualEncoder(config);
        Model model = Model.newInstance(NAME, VideoBert.device(), "PyTorch");
        model.setBlock(block);
        try {
            initialize(block, model, config);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        SavedModels.loadParameters(model, block, folder, NAME, config);
        return new ClipModel(config, model, block);
    }

    /** Saves the model into {@code folder}. */
    public void save(Path folder) throws IOException {
        Files.createDirectories(folder);
        model.save(folder, NAME);
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("architecture", "clip");
        p.setProperty("text_dimension", Integer.toString(config.textDimension()));
        p.setProperty("feature_dimension", Integer.toString(config.featureDimension()));
        p.setProperty("visual_words", Integer.toString(config.visualWords()));
        p.setProperty("hidden", Integer.toString(config.hidden()));
        p.setProperty("embedding", Integer.toString(config.embedding()));
        p.setProperty("max_clips", Integer.toString(config.maxClips()));
        SavedModels.describe(folder, NAME, p,
                "CLIP dual encoder (text: frozen sentence vectors + projection; video: clip features + visual words)");
        saveTowers(folder.resolve(ClipSpace.FILE));
    }

    /** The towers as plain matrices ({@link ClipSpace}), for indexing and search without the engine. */
    private void saveTowers(Path file) throws IOException {
        TextTower t = block.textTower();
        VideoTower v = block.videoTower();
        int[] dims = {config.textDimension(), config.featureDimension(), config.visualWords() + 1, config.hidden(), config.embedding()};
        ClipSpace.write(file, dims, weight(t.hidden()), bias(t.hidden()), weight(t.out()), bias(t.out()),
                weight(v.features()), bias(v.features()), v.words().getArray().toFloatArray(), weight(v.out()), bias(v.out()));
    }

    private static float[] weight(ai.djl.nn.core.Linear layer) {
        return layer.getParameters().get("weight").getArray().toFloatArray();
    }

    private static float[] bias(ai.djl.nn.core.Linear layer) {
        return layer.getParameters().get("bias").getArray().toFloatArray();
    }

    public DualEncoderConfig config() {
        return config;
    }

    Model model() {
        return model;
    }

    DualEncoder block() {
        return block;
    }

    /** The learned temperature's logit scale (CLIP starts it at 1/0.07 = 14.3). */
    public float logitScale() {
        return block.getParameters().get("logitScale").getArray().exp().getFloat();
    }

    /** Sentence vectors into the shared space. */
    public float[][] embedTexts(List<float[]> sentenceVectors) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray out = block.textTower().forward(new ParameterStore(m, false), ClipBatch.texts(sentenceVectors, m), false)
                    .singletonOrThrow();
            return rows(out);
        }
    }

    /** Segments' (or single clips') pictures into the shared space. */
    public float[][] embedVideos(List<ClipPair.Clips> videos) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDList inputs = ClipBatch.videos(videos, config, m);
            NDArray out = block.videoTower().forward(new ParameterStore(m, false), inputs, false).singletonOrThrow();
            return rows(out);
        }
    }

    private static float[][] rows(NDArray out) {
        int b = (int) out.getShape().get(0);
        int d = (int) out.getShape().get(1);
        float[] flat = out.toFloatArray();
        float[][] rows = new float[b][d];
        for (int i = 0; i < b; i++) {
            System.arraycopy(flat, i * d, rows[i], 0, d);
        }
        return rows;
    }

    @Override
    public void close() {
        model.close();
    }
}
