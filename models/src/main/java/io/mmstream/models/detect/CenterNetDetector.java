package io.mmstream.models.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mmstream.frames.RgbFrame;
import io.mmstream.models.tfjs.ArrayOps;
import io.mmstream.models.tfjs.GraphModel;
import io.mmstream.models.tfjs.GraphRunner;
import io.mmstream.models.tfjs.ImageOps;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * COCO object detection and backbone features from the CenterNet (MobileNetV3) that ships with mmstream
 * as a TensorFlow.js graph model, run by {@link GraphRunner}.
 *
 * <p>A picture is scaled to fit 512x512 keeping its aspect ratio and centred on black (as the model's
 * authors prepare their inputs; squashing the picture instead turned Debian's cat photo into a dog).
 * The graph's 100 candidate boxes are mapped back to the picture, those under the minimum score are
 * dropped, and overlapping boxes of one class are merged by non-maximum suppression.
 */
public final class CenterNetDetector implements AutoCloseable {

    /** The side of the square the model sees. */
    public static final int SIDE = 512;
    /** Candidates below this score are not reported unless asked. */
    public static final float DEFAULT_MIN_SCORE = 0.3f;
    /** Boxes of one class that overlap more than this are one object. */
    public static final float NMS_IOU = 0.5f;
    /** Length of the pooled backbone feature vector. */
    public static final int FEATURE_DIMENSION = 480;

    private static final String RESOURCES = "/io/mmstream/models/detect/";
    private static final String INPUT = "tower_0/images";
    private static final String DETECTIONS = "tower_0/detections";
    private static final String BACKBONE = "tower_0/extern1/hard_swish/mul_1";

    private final GraphRunner runner;

    /**
     * What one picture gives: the detections, best first; the backbone's features averaged over the
     * model's whole square; and the backbone's map, to pool the features of any part of the picture.
     */
    public record Analysis(List<Detection> detections, float[] features, FeatureMap map) {}

    private CenterNetDetector(GraphRunner runner) {
        this.runner = runner;
    }

    /** The detector whose weights come with mmstream (models/src/main/resources). */
    public static CenterNetDetector bundled() {
        try (InputStream json = CenterNetDetector.class.getResourceAsStream(RESOURCES + "centernet.json")) {
            if (json == null) {
                throw new IllegalStateException("the CenterNet weights are missing from the class path (" + RESOURCES + ")");
            }
            GraphModel model = GraphModel.read("centernet.json", json,
                    path -> CenterNetDetector.class.getResourceAsStream(RESOURCES + path));
            return new CenterNetDetector(new GraphRunner(model));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled CenterNet: " + e.getMessage(), e);
        }
    }

    /** Detections of at least {@link #DEFAULT_MIN_SCORE}, best first. */
    public List<Detection> detect(RgbFrame picture) {
        return analyse(picture, DEFAULT_MIN_SCORE).detections();
    }

    /** Detections of at least {@code minScore}, best first, and the pooled backbone features. */
    public Analysis analyse(RgbFrame picture, float minScore) {
        Letterbox box = Letterbox.of(picture.width(), picture.height(), SIDE);
        try (NDManager manager = NDManager.newBaseManager(runner.device(), "PyTorch")) {
            byte[] bytes = picture.rgb();
            float[] pixels = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                pixels[i] = bytes[i] & 0xFF;
            }
            NDArray rgb = manager.create(pixels, new Shape(1, picture.height(), picture.width(), 3));
            NDArray scaled = ImageOps.resize(manager, rgb.transpose(0, 3, 1, 2), box.height(), box.width(), false, false);
            NDArray square = scaled.pad(new Shape(box.left(), SIDE - box.width() - box.left(),
                    box.top(), SIDE - box.height() - box.top()), 0).transpose(0, 2, 3, 1);
            Map<String, NDArray> out = runner.run(manager, Map.of(INPUT, square), List.of(DETECTIONS, BACKBONE));
            float[] candidates = out.get(DETECTIONS).toFloatArray();
            NDArray backbone = out.get(BACKBONE);
            float[] features = ArrayOps.meanOver(backbone, new int[] {1, 2}, false).toFloatArray();
            Shape s = backbone.getShape();
            FeatureMap map = new FeatureMap(backbone.toFloatArray(), (int) s.get(1), (int) s.get(2), (int) s.get(3), box, SIDE);
            return new Analysis(decode(candidates, box, minScore), features, map);
        }
    }

    /** Candidate rows {@code (x1, y1, x2, y2, score, class)} in the 512 square, to boxes on the picture after NMS. */
    static List<Detection> decode(float[] rows, Letterbox box, float minScore) {
        List<Detection> candidates = new ArrayList<>();
        for (int i = 0; i + 5 < rows.length; i += 6) {
            float score = rows[i + 4];
            if (score < minScore) {
                continue;
            }
            float x1 = box.toPictureX(rows[i]);
            float y1 = box.toPictureY(rows[i + 1]);
            float x2 = box.toPictureX(rows[i + 2]);
            float y2 = box.toPictureY(rows[i + 3]);
            if (x2 <= x1 || y2 <= y1) {
                continue;
            }
            int id = Math.round(rows[i + 5]);
            candidates.add(new Detection(id, CocoClasses.name(id), score, x1, y1, x2, y2));
        }
        candidates.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : candidates) {
            boolean duplicate = kept.stream().anyMatch(k -> k.classId() == d.classId() && k.iou(d) > NMS_IOU);
            if (!duplicate) {
                kept.add(d);
            }
        }
        return kept;
    }

    @Override
    public void close() {
        runner.close();
    }

    /** Where a picture sits in the model's square: scaled to {@code width x height}, offset by {@code left} and {@code top}. */
    public record Letterbox(int pictureWidth, int pictureHeight, int width, int height, int left, int top) {

        static Letterbox of(int pictureWidth, int pictureHeight, int side) {
            double scale = (double) side / Math.max(pictureWidth, pictureHeight);
            int w = Math.max(1, Math.min(side, (int) Math.round(pictureWidth * scale)));
            int h = Math.max(1, Math.min(side, (int) Math.round(pictureHeight * scale)));
            return new Letterbox(pictureWidth, pictureHeight, w, h, (side - w) / 2, (side - h) / 2);
        }

        float toPictureX(float squareX) {
            return Math.max(0f, Math.min(1f, (squareX - left) / width));
        }

        float toPictureY(float squareY) {
            return Math.max(0f, Math.min(1f, (squareY - top) / height));
        }
    }
}
