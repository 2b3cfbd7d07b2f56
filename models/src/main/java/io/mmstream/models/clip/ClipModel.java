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
import io.mmstream.frames.RgbFrame;
import io.mmstream.models.SavedModels;
import io.mmstream.models.videobert.VideoBert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A trained (or fresh) {@link DualEncoder}: creating, saving and loading it, and embedding sentence
 * vectors and segments' clips (a video model, for search) or pictures (a picture model, with an
 * {@link ImageTower}) into the shared space. A saved model says which tower it has ({@code tower} in
 * {@code clip.properties}; video models saved before pictures were added say none, and load as video).
 */
public final class ClipModel implements AutoCloseable {

    static final String NAME = "clip";
    public static final int FORMAT = 1;

    /** The {@code tower} of a saved model of pictures. */
    static final String IMAGE_TOWER = "image";
    /** Pictures embedded per forward pass at inference. */
    private static final int CHUNK = 64;

    private final DualEncoderConfig config;
    private final ImageTowerConfig image;
    private final Model model;
    private final DualEncoder block;

    private ClipModel(DualEncoderConfig config, ImageTowerConfig image, Model model, DualEncoder block) {
        this.config = config;
        this.image = image;
        this.model = model;
        this.block = block;
    }

    /** A freshly initialised video model; {@code seed} makes its initial weights reproducible. */
    public static ClipModel create(DualEncoderConfig config, long seed) {
        return create(config, null, seed);
    }

    /**
     * A freshly initialised model of pictures when {@code image} is given (else of video); {@code seed}
     * makes its initial weights reproducible.
     */
    public static ClipModel create(DualEncoderConfig config, ImageTowerConfig image, long seed) {
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        DualEncoder block = image == null ? new DualEncoder(config) : new DualEncoder(config, image);
        Model model = Model.newInstance(NAME, VideoBert.device(), "PyTorch");
        model.setBlock(block);
        try {
            initialize(block, model, config, image);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return new ClipModel(config, image, model, block);
    }

    private static void initialize(DualEncoder block, Model model, DualEncoderConfig config, ImageTowerConfig image) {
        Shape text = new Shape(1, config.textDimension());
        if (image != null) {
            block.initialize(model.getNDManager(), DataType.FLOAT32, text, new Shape(1, image.patches(), image.patchLength()));
        } else {
            block.initialize(model.getNDManager(), DataType.FLOAT32, text, new Shape(1, 1, config.featureDimension()), new Shape(1, 1),
                    new Shape(1, 1));
        }
    }

    /** The model saved in {@code folder}; refused with the reason when it is not one of this format and sizes. */
    public static ClipModel load(Path folder) throws IOException, MalformedModelException {
        Properties p = SavedModels.description(folder, NAME, "CLIP", FORMAT);
        DualEncoderConfig config;
        ImageTowerConfig image = null;
        String tower = p.getProperty("tower", "video").strip();
        try {
            if (tower.equals(IMAGE_TOWER)) {
                config = DualEncoderConfig.forPictures(SavedModels.integer(p, "text_dimension"), SavedModels.integer(p, "hidden"),
                        SavedModels.integer(p, "embedding"));
                image = new ImageTowerConfig(SavedModels.integer(p, "image_side"), SavedModels.integer(p, "image_patch"),
                        SavedModels.integer(p, "image_layers"), SavedModels.integer(p, "image_width"), SavedModels.integer(p, "image_heads"));
            } else if (tower.equals("video")) {
                config = new DualEncoderConfig(SavedModels.integer(p, "text_dimension"), SavedModels.integer(p, "feature_dimension"),
                        SavedModels.integer(p, "visual_words"), SavedModels.integer(p, "hidden"), SavedModels.integer(p, "embedding"),
                        SavedModels.integer(p, "max_clips"));
            } else {
                throw new IllegalArgumentException("unknown tower '" + tower + "' (video, image)");
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedModelException(folder + ": " + e.getMessage(), e);
        }
        DualEncoder block = image == null ? new DualEncoder(config) : new DualEncoder(config, image);
        Model model = Model.newInstance(NAME, VideoBert.device(), "PyTorch");
        model.setBlock(block);
        try {
            initialize(block, model, config, image);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        SavedModels.loadParameters(model, block, folder, NAME, image == null ? config : config + " " + image);
        return new ClipModel(config, image, model, block);
    }

    /** Saves the model into {@code folder}. */
    public void save(Path folder) throws IOException {
        Files.createDirectories(folder);
        model.save(folder, NAME);
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("architecture", image == null ? "clip" : "clip-image");
        p.setProperty("tower", image == null ? "video" : IMAGE_TOWER);
        p.setProperty("text_dimension", Integer.toString(config.textDimension()));
        p.setProperty("hidden", Integer.toString(config.hidden()));
        p.setProperty("embedding", Integer.toString(config.embedding()));
        if (image != null) {
            p.setProperty("image_side", Integer.toString(image.side()));
            p.setProperty("image_patch", Integer.toString(image.patch()));
            p.setProperty("image_layers", Integer.toString(image.layers()));
            p.setProperty("image_width", Integer.toString(image.width()));
            p.setProperty("image_heads", Integer.toString(image.heads()));
            SavedModels.describe(folder, NAME, p,
                    "CLIP dual encoder (text: frozen sentence vectors + projection; image: a ViT over the picture's patches)");
            return;
        }
        p.setProperty("feature_dimension", Integer.toString(config.featureDimension()));
        p.setProperty("visual_words", Integer.toString(config.visualWords()));
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

    /** The image tower's sizes of a model of pictures, or null for a video model. */
    public ImageTowerConfig imageTower() {
        return image;
    }

    /** Whether this is a model of pictures (an image tower) rather than of video. */
    public boolean isPictures() {
        return image != null;
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

    /** Pictures into the shared space (unit vectors); for a model of pictures. */
    public float[][] embedPictures(List<RgbFrame> pictures) {
        requirePictures();
        return embedPatches(pictures.stream().map(p -> PicturePixels.patches(p, image)).toList());
    }

    /** Pictures already cut into patches ({@link PicturePixels}) into the shared space, {@value #CHUNK} a forward pass. */
    float[][] embedPatches(List<float[]> patches) {
        requirePictures();
        float[][] out = new float[patches.size()][];
        for (int from = 0; from < patches.size(); from += CHUNK) {
            List<float[]> chunk = patches.subList(from, Math.min(patches.size(), from + CHUNK));
            try (NDManager m = model.getNDManager().newSubManager()) {
                NDArray e = block.imageTower().forward(new ParameterStore(m, false), ClipBatch.pictures(chunk, image, m), false)
                        .singletonOrThrow();
                float[][] rows = rows(e);
                System.arraycopy(rows, 0, out, from, rows.length);
            }
        }
        return out;
    }

    /**
     * The cosine similarity of each picture with a text given as its sentence vector (the frozen encoder's,
     * e.g. MiniLM's for a caption): how well each picture fits the text, for ranking generated samples.
     */
    public float[] pictureScores(List<RgbFrame> pictures, float[] sentenceVector) {
        if (sentenceVector.length != config.textDimension()) {
            throw new IllegalArgumentException("a sentence vector of " + sentenceVector.length + " numbers, the model takes "
                    + config.textDimension());
        }
        float[] text = embedTexts(List.of(sentenceVector))[0];
        float[][] visual = embedPictures(pictures);
        float[] scores = new float[visual.length];
        for (int i = 0; i < visual.length; i++) {
            scores[i] = dot(visual[i], text);
        }
        return scores;
    }

    /** The dot product of two vectors of the space (their cosine: both are on unit length). */
    static float dot(float[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return (float) s;
    }

    private void requirePictures() {
        if (image == null) {
            throw new IllegalStateException("a CLIP model of video embeds clips, not pictures (train one on pictures: pretrain --model clip)");
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
