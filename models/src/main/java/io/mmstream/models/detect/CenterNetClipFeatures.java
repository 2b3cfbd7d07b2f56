package io.mmstream.models.detect;

import io.mmstream.frames.ClipFeatureExtractor;
import io.mmstream.frames.ClipFeatureExtractors;
import io.mmstream.frames.RgbFrame;
import java.util.List;

/**
 * {@code --features centernet}: a clip's features are the CenterNet backbone's (MobileNetV3, trained on
 * COCO) pooled 480-d activations, averaged over a few frames of the clip and L2-normalised, so codebooks,
 * VideoBERT, the dual encoder and search by picture work on learned features instead of colour and motion.
 *
 * <p>Only {@link #SAMPLES} frames per clip (its first, middle and last) go through the network: at
 * about a fifth of a second per frame on one core, all 30 would cost far more than real time.
 */
public final class CenterNetClipFeatures implements ClipFeatureExtractor, AutoCloseable {

    /** The name recorded with every clip and codebook. */
    public static final String NAME = "centernet";
    /** Frames of a clip that go through the network. */
    public static final int SAMPLES = 3;

    private final CenterNetDetector detector;

    /** An extractor with its own copy of the bundled detector. */
    public CenterNetClipFeatures() {
        this(CenterNetDetector.bundled());
    }

    CenterNetClipFeatures(CenterNetDetector detector) {
        this.detector = detector;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimension() {
        return CenterNetDetector.FEATURE_DIMENSION;
    }

    @Override
    public float[] extract(List<RgbFrame> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a clip needs at least one frame");
        }
        float[] sum = new float[dimension()];
        List<RgbFrame> chosen = sample(frames, SAMPLES);
        for (RgbFrame frame : chosen) {
            float[] f = detector.analyse(frame, 1f).features();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += f[i];
            }
        }
        return ClipFeatureExtractors.unitLength(sum);
    }

    /** Up to {@code n} frames spread evenly over the clip, its first and last among them. */
    public static List<RgbFrame> sample(List<RgbFrame> frames, int n) {
        if (frames.size() <= n) {
            return frames;
        }
        RgbFrame[] out = new RgbFrame[n];
        for (int i = 0; i < n; i++) {
            out[i] = frames.get((int) Math.round((double) i * (frames.size() - 1) / (n - 1)));
        }
        return List.of(out);
    }

    @Override
    public void close() {
        detector.close();
    }
}
