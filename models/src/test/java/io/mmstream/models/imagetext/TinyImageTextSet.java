package io.mmstream.models.imagetext;

import io.mmstream.models.videobert.VideoBertConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small generated image-text examples and sizes for the models' tests. */
final class TinyImageTextSet {

    static final int TEXT_VOCABULARY = 1_100;
    static final int FEATURES = 16;
    static final int REGIONS = 5;
    static final int CLASSES = 6;

    private TinyImageTextSet() {}

    static ImageTextConfig config() {
        return new ImageTextConfig(new VideoBertConfig(2, 64, 2, 128, 32, 0.1f), FEATURES, REGIONS, 8, CLASSES);
    }

    /** {@code n} pairs whose words follow from their regions' classes (so matching and masking can be learnt). */
    static List<ImageTextExample> examples(int n, long seed) {
        Random random = new Random(seed);
        List<ImageTextExample> out = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            float[][] features = new float[REGIONS][FEATURES];
            float[][] geometry = new float[REGIONS][];
            int[] classes = new int[REGIONS];
            float[][] distributions = new float[REGIONS][CLASSES];
            int[] words = new int[2 + random.nextInt(4)];
            for (int r = 0; r < REGIONS; r++) {
                classes[r] = random.nextInt(CLASSES);
                for (int d = 0; d < FEATURES; d++) {
                    features[r][d] = (float) (random.nextGaussian() * 0.1 + (d % CLASSES == classes[r] ? 1 : 0));
                }
                geometry[r] = r == 0 ? new float[] {0, 0, 1, 1, 1} : new float[] {(r - 1) % 2 * 0.5f, (r - 1) / 2 * 0.5f,
                        (r - 1) % 2 * 0.5f + 0.5f, (r - 1) / 2 * 0.5f + 0.5f, 0.25f};
                for (int c = 0; c < CLASSES; c++) {
                    distributions[r][c] = c == classes[r] ? 0.75f : 0.25f / (CLASSES - 1);
                }
            }
            for (int w = 0; w < words.length; w++) {
                words[w] = 1_000 + classes[1 + w % (REGIONS - 1)] * 10 + w;
            }
            out.add(new ImageTextExample(words, features, geometry, classes, distributions));
        }
        return out;
    }
}
