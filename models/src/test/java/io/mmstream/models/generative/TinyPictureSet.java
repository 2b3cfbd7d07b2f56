package io.mmstream.models.generative;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small generated captioned pictures for the generative models' tests: one flat-colour square on white, its colour and side in words. */
final class TinyPictureSet {

    static final int TEXT_VOCABULARY = 1_100;
    private static final float[][] COLOURS = {{1, 0, 0}, {0, 0, 1}, {0, 0.7f, 0}, {1, 0.8f, 0}};

    private TinyPictureSet() {}

    /** {@code n} pictures of {@code size} pixels with word pieces naming the square's colour (999 + c) and side (1010 + left). */
    static List<GenerativeExample> examples(int n, int size, long seed) {
        Random random = new Random(seed);
        List<GenerativeExample> out = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            int colour = random.nextInt(COLOURS.length);
            boolean left = random.nextBoolean();
            int side = size / 4 + random.nextInt(size / 8);
            int x0 = left ? random.nextInt(size / 2 - side + 1) : size / 2 + random.nextInt(size / 2 - side + 1);
            int y0 = random.nextInt(size - side + 1);
            float[] pixels = new float[3 * size * size];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        boolean inside = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
                        pixels[(c * size + y) * size + x] = inside ? COLOURS[colour][c] : 1f;
                    }
                }
            }
            out.add(new GenerativeExample("pair-" + e, pixels, new int[] {999 + colour, 1005, 1010 + (left ? 1 : 0)},
                    "colour " + colour + (left ? " left" : " right")));
        }
        return out;
    }

    static List<float[]> pixels(List<GenerativeExample> examples) {
        return examples.stream().map(GenerativeExample::pixels).toList();
    }

    /** A small discrete VAE for tests: 32 x 32 pictures, 8 x 8 codes over 32 entries. */
    static VaeConfig vaeConfig() {
        return new VaeConfig(32, 8, 32, 16, 16);
    }
}
