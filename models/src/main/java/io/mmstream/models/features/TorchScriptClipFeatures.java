package io.mmstream.models.features;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.mmstream.frames.ClipFeatureExtractor;
import io.mmstream.frames.RgbFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Clip features from a TorchScript network run by DJL on PyTorch (GPU when present, else CPU): a
 * user's own model such as S3D, or a trained clip tower saved as TorchScript.
 *
 * <p>The model receives one clip as a float tensor {@code [frames, 3, side, side]}, RGB in 0..1,
 * each frame resized by area averaging, and returns one vector (any shape, flattened); the vector is
 * L2-normalised. A file path loads that file; a folder loads the {@code .pt} file inside it.
 */
public final class TorchScriptClipFeatures implements ClipFeatureExtractor, AutoCloseable {

    /** Frame side the model is fed when none is given. */
    public static final int DEFAULT_SIDE = 112;

    private final String name;
    private final int side;
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final int dimension;

    /** Loads the TorchScript model at {@code path} (a {@code .pt} file, or a folder holding one). */
    public TorchScriptClipFeatures(Path path, int side) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("no TorchScript model at " + path);
        }
        this.side = side;
        this.name = "torchscript:" + path.getFileName();
        Path folder = Files.isDirectory(path) ? path : path.getParent();
        String modelName = Files.isDirectory(path) ? null : stripPt(path.getFileName().toString());
        try {
            Criteria.Builder<NDList, NDList> criteria = Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optModelPath(folder)
                    .optEngine("PyTorch")
                    .optDevice(Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu() : Device.cpu())
                    .optTranslator(new NoopTranslator());
            if (modelName != null) {
                criteria.optModelName(modelName);
            }
            this.model = criteria.build().loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new IllegalArgumentException("cannot load the TorchScript model at " + path + ": " + e.getMessage(), e);
        }
        this.predictor = model.newPredictor();
        // learn the output size once, on a blank two-frame clip
        byte[] black = new byte[2 * 2 * 3];
        this.dimension = run(List.of(new RgbFrame(0, 2, 2, black), new RgbFrame(1, 2, 2, black))).length;
    }

    private static String stripPt(String file) {
        return file.endsWith(".pt") ? file.substring(0, file.length() - 3) : file;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] extract(List<RgbFrame> frames) {
        return io.mmstream.frames.ClipFeatureExtractors.unitLength(run(frames));
    }

    private float[] run(List<RgbFrame> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a clip needs at least one frame");
        }
        float[] pixels = new float[frames.size() * 3 * side * side];
        for (int f = 0; f < frames.size(); f++) {
            resizeInto(frames.get(f), pixels, f * 3 * side * side);
        }
        // each clip gets its own NDManager, closed at once: arrays never pile up on the model's manager
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(pixels, new Shape(frames.size(), 3, side, side));
            NDList output = predictor.predict(new NDList(input));
            return output.singletonOrThrow().toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        } catch (TranslateException e) {
            throw new IllegalStateException(name + " failed on a clip: " + e.getMessage(), e);
        }
    }

    /** Area-average resize of one frame to side x side, channels first, 0..1. */
    private void resizeInto(RgbFrame frame, float[] out, int offset) {
        int plane = side * side;
        for (int y = 0; y < side; y++) {
            int y0 = y * frame.height() / side;
            int y1 = Math.max(y0 + 1, (y + 1) * frame.height() / side);
            for (int x = 0; x < side; x++) {
                int x0 = x * frame.width() / side;
                int x1 = Math.max(x0 + 1, (x + 1) * frame.width() / side);
                float r = 0;
                float g = 0;
                float b = 0;
                int n = 0;
                for (int sy = y0; sy < y1; sy++) {
                    for (int sx = x0; sx < x1; sx++) {
                        int p = (sy * frame.width() + sx) * 3;
                        r += frame.rgb()[p] & 0xFF;
                        g += frame.rgb()[p + 1] & 0xFF;
                        b += frame.rgb()[p + 2] & 0xFF;
                        n++;
                    }
                }
                int i = offset + y * side + x;
                out[i] = r / n / 255f;
                out[i + plane] = g / n / 255f;
                out[i + 2 * plane] = b / n / 255f;
            }
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
