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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * DALL-E's discrete VAE (Ramesh et al. 2021, stage 1) on DJL: it learns to turn a picture into a grid of
 * codes and back, trained on reconstruction plus beta times the KL divergence of the code distribution
 * to the uniform prior, through the Gumbel-softmax relaxation; saved to and loaded from a folder
 * ({@code dvae.properties}, {@code dvae-NNNN.params}).
 */
public final class DiscreteVae implements AutoCloseable {

    /** Version of the saved folder's layout. */
    public static final int FORMAT = 1;
    private static final String NAME = "dvae";

    private final VaeConfig config;
    private final Model model;
    private final DiscreteVaeNetwork network;

    private DiscreteVae(VaeConfig config, Model model, DiscreteVaeNetwork network) {
        this.config = config;
        this.model = model;
        this.network = network;
    }

    /** A freshly initialised discrete VAE; {@code seed} makes its weights reproducible. */
    public static DiscreteVae create(VaeConfig config, long seed) {
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        DiscreteVaeNetwork network = new DiscreteVaeNetwork(config);
        Model model = Model.newInstance(NAME, VideoBert.device(), "PyTorch");
        model.setBlock(network);
        initialize(network, model, config);
        return new DiscreteVae(config, model, network);
    }

    private static void initialize(DiscreteVaeNetwork network, Model model, VaeConfig config) {
        network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, config.pictureSize(), config.pictureSize()), new Shape(1));
    }

    /** Loads the discrete VAE saved in {@code folder}; refused with the reason when it is not one of this format or does not fit. */
    public static DiscreteVae load(Path folder) throws IOException, MalformedModelException {
        Properties p = SavedModels.description(folder, NAME, "discrete VAE", FORMAT);
        VaeConfig config;
        try {
            config = new VaeConfig(SavedModels.integer(p, "picture_size"), SavedModels.integer(p, "grid"), SavedModels.integer(p, "codes"),
                    SavedModels.integer(p, "code_width"), SavedModels.integer(p, "channels"));
        } catch (IllegalArgumentException e) {
            throw new MalformedModelException(folder + ": " + e.getMessage(), e);
        }
        DiscreteVaeNetwork network = new DiscreteVaeNetwork(config);
        Model model = Model.newInstance(NAME, VideoBert.device(), "PyTorch");
        model.setBlock(network);
        initialize(network, model, config);
        SavedModels.loadParameters(model, network, folder, NAME, config);
        return new DiscreteVae(config, model, network);
    }

    /** Saves the discrete VAE into {@code folder} (created if needed). */
    public void save(Path folder) throws IOException {
        Files.createDirectories(folder);
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("picture_size", Integer.toString(config.pictureSize()));
        p.setProperty("grid", Integer.toString(config.grid()));
        p.setProperty("codes", Integer.toString(config.codes()));
        p.setProperty("code_width", Integer.toString(config.codeWidth()));
        p.setProperty("channels", Integer.toString(config.channels()));
        model.save(folder, NAME);
        SavedModels.describe(folder, NAME, p, "mmstream DALL-E discrete VAE");
    }

    /**
     * The losses of a batch of pictures ((3, S, S) intensities each) at temperature {@code tau}:
     * {@code reconstruction} (mean squared error per intensity) and {@code kl} (to the uniform prior, mean
     * per grid cell, in nats); the trainer weighs kl by beta.
     */
    public GenerativeTrainer.Losses losses(List<float[]> pictures, float tau) {
        return (trainer, manager) -> {
            NDArray x = batch(manager, pictures);
            NDList out = trainer.forward(new NDList(x, manager.create(new float[] {tau})));
            NDArray reconstruction = out.get(0).sub(x).pow(2).mean();
            NDArray logQ = out.get(1).logSoftmax(1);
            NDArray kl = logQ.exp().mul(logQ.add((float) Math.log(config.codes()))).sum(new int[] {1}).mean();
            Map<String, NDArray> losses = new LinkedHashMap<>();
            losses.put("reconstruction", reconstruction);
            losses.put("kl", kl);
            return losses;
        };
    }

    private NDArray batch(NDManager manager, List<float[]> pictures) {
        int s = config.pictureSize();
        float[] flat = new float[pictures.size() * 3 * s * s];
        for (int i = 0; i < pictures.size(); i++) {
            System.arraycopy(pictures.get(i), 0, flat, i * 3 * s * s, 3 * s * s);
        }
        return manager.create(flat, new Shape(pictures.size(), 3, s, s));
    }

    /** Each picture's hard codes (the most likely code of each grid cell), in reading order. */
    public int[][] encode(List<float[]> pictures) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray logits = network.logits(new ParameterStore(manager, false), batch(manager, pictures), false);
            int[] codes = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
            int t = config.tokens();
            int[][] out = new int[pictures.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = java.util.Arrays.copyOfRange(codes, i * t, (i + 1) * t);
            }
            return out;
        }
    }

    /** The pictures ((3, S, S) intensities) the decoder draws from grids of codes in reading order. */
    public List<float[]> decode(int[][] codes) {
        int g = config.grid();
        int s = config.pictureSize();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            int[] flat = new int[codes.length * g * g];
            for (int i = 0; i < codes.length; i++) {
                System.arraycopy(codes[i], 0, flat, i * g * g, g * g);
            }
            ParameterStore store = new ParameterStore(manager, false);
            NDArray embedded = network.embedCodes(store, manager.create(flat, new Shape(codes.length, g, g)).toType(DataType.INT64, false));
            float[] pixels = network.draw(store, embedded, false).toFloatArray();
            List<float[]> out = new ArrayList<>();
            for (int i = 0; i < codes.length; i++) {
                out.add(java.util.Arrays.copyOfRange(pixels, i * 3 * s * s, (i + 1) * 3 * s * s));
            }
            return out;
        }
    }

    /** Mean squared error per intensity of the pictures drawn back from their hard codes. */
    public double reconstructionError(List<float[]> pictures) {
        double sum = 0;
        long n = 0;
        for (int from = 0; from < pictures.size(); from += 64) {
            List<float[]> part = pictures.subList(from, Math.min(pictures.size(), from + 64));
            List<float[]> drawn = decode(encode(part));
            for (int i = 0; i < part.size(); i++) {
                for (int j = 0; j < part.get(i).length; j++) {
                    double d = drawn.get(i)[j] - part.get(i)[j];
                    sum += d * d;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    public VaeConfig config() {
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
