package io.mmstream.models.detect;

/**
 * The detector backbone's last feature map for one picture ({@code height x width} cells of
 * {@code channels} values, channels last; each cell covers 32x32 pixels of the model's 512 square),
 * and where the picture sits in that square, so a box on the picture can be pooled into one vector.
 */
public record FeatureMap(float[] values, int height, int width, int channels, CenterNetDetector.Letterbox letterbox, int side) {

    /**
     * The mean feature vector of the cells a box covers ({@code x1..x2}, {@code y1..y2} as fractions of
     * the picture); at least the one cell under the box's centre, however small the box.
     */
    public float[] pool(float x1, float y1, float x2, float y2) {
        float cellW = (float) side / width;
        float cellH = (float) side / height;
        int c0 = cell(letterbox.left() + x1 * letterbox.width(), cellW, width, false);
        int c1 = cell(letterbox.left() + x2 * letterbox.width(), cellW, width, true);
        int r0 = cell(letterbox.top() + y1 * letterbox.height(), cellH, height, false);
        int r1 = cell(letterbox.top() + y2 * letterbox.height(), cellH, height, true);
        if (c1 < c0) {
            c0 = c1 = cell(letterbox.left() + (x1 + x2) / 2 * letterbox.width(), cellW, width, false);
        }
        if (r1 < r0) {
            r0 = r1 = cell(letterbox.top() + (y1 + y2) / 2 * letterbox.height(), cellH, height, false);
        }
        float[] sum = new float[channels];
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                int at = (r * width + c) * channels;
                for (int k = 0; k < channels; k++) {
                    sum[k] += values[at + k];
                }
            }
        }
        int n = (r1 - r0 + 1) * (c1 - c0 + 1);
        for (int k = 0; k < channels; k++) {
            sum[k] /= n;
        }
        return sum;
    }

    /** The cell whose span holds most of the pixel edge {@code at}: cells whose centre lies inside the box. */
    private static int cell(float at, float size, int count, boolean end) {
        int c = end ? (int) Math.floor(at / size - 0.5f) : (int) Math.ceil(at / size - 0.5f);
        return Math.max(0, Math.min(count - 1, c));
    }
}
