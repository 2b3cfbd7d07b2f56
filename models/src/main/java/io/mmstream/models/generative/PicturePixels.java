package io.mmstream.models.generative;

import io.mmstream.frames.RgbFrame;

/**
 * Pictures as the generative models read and draw them: squares of {@code size} pixels, channels first,
 * intensities in [0, 1]; resized by averaging the source pixels each target pixel covers (squashed when
 * the picture is not square), and cut into patches for M6.
 */
public final class PicturePixels {

    private PicturePixels() {}

    /** {@code picture} as (3, size, size) intensities in [0, 1], flattened channel by channel. */
    public static float[] of(RgbFrame picture, int size) {
        int w = picture.width();
        int h = picture.height();
        byte[] rgb = picture.rgb();
        float[] out = new float[3 * size * size];
        for (int y = 0; y < size; y++) {
            int y0 = y * h / size;
            int y1 = Math.max(y0 + 1, (y + 1) * h / size);
            for (int x = 0; x < size; x++) {
                int x0 = x * w / size;
                int x1 = Math.max(x0 + 1, (x + 1) * w / size);
                float[] sum = new float[3];
                for (int sy = y0; sy < y1; sy++) {
                    for (int sx = x0; sx < x1; sx++) {
                        int at = (sy * w + sx) * 3;
                        for (int c = 0; c < 3; c++) {
                            sum[c] += rgb[at + c] & 0xff;
                        }
                    }
                }
                float n = (y1 - y0) * (x1 - x0) * 255f;
                for (int c = 0; c < 3; c++) {
                    out[(c * size + y) * size + x] = sum[c] / n;
                }
            }
        }
        return out;
    }

    /** Intensities (3, size, size) back to a picture, each pixel repeated {@code scale} times each way. */
    public static RgbFrame toFrame(float[] pixels, int size, int scale) {
        int side = size * scale;
        byte[] rgb = new byte[side * side * 3];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                for (int c = 0; c < 3; c++) {
                    float v = pixels[(c * size + y / scale) * size + x / scale];
                    rgb[(y * side + x) * 3 + c] = (byte) Math.round(Math.max(0, Math.min(1, v)) * 255);
                }
            }
        }
        return new RgbFrame(0, side, side, rgb);
    }

    /**
     * The picture's {@code grid} x {@code grid} patches in reading order, each its (3, p, p) intensities
     * flattened: (grid * grid, 3 p p) flattened, with {@code p = size / grid}.
     */
    public static float[] patches(float[] pixels, int size, int grid) {
        int p = size / grid;
        int width = 3 * p * p;
        float[] out = new float[grid * grid * width];
        for (int gy = 0; gy < grid; gy++) {
            for (int gx = 0; gx < grid; gx++) {
                int at = (gy * grid + gx) * width;
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < p; y++) {
                        for (int x = 0; x < p; x++) {
                            out[at++] = pixels[(c * size + gy * p + y) * size + gx * p + x];
                        }
                    }
                }
            }
        }
        return out;
    }
}
