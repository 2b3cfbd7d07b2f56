package io.mmstream.models.clip;

import io.mmstream.frames.RgbFrame;

/**
 * What the {@link ImageTower} reads of a picture: the picture resized to a square (each output pixel the
 * mean of the input pixels it covers), RGB scaled to [0, 1] and normalised with CLIP's per-channel mean
 * and spread, cut into patches in reading order, each patch flattened row by row, RGB per pixel.
 */
public final class PicturePixels {

    /** CLIP's preprocessing statistics (its training pictures' channel means and spreads). */
    private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] SPREAD = {0.26862954f, 0.26130258f, 0.27577711f};

    private PicturePixels() {}

    /** {@code picture} resized to {@code side x side}, RGB bytes row by row. */
    public static byte[] resized(RgbFrame picture, int side) {
        int w = picture.width();
        int h = picture.height();
        byte[] in = picture.rgb();
        byte[] out = new byte[side * side * 3];
        for (int y = 0; y < side; y++) {
            int y0 = y * h / side;
            int y1 = Math.max(y0 + 1, (y + 1) * h / side);
            for (int x = 0; x < side; x++) {
                int x0 = x * w / side;
                int x1 = Math.max(x0 + 1, (x + 1) * w / side);
                int[] sum = new int[3];
                for (int sy = y0; sy < y1; sy++) {
                    for (int sx = x0; sx < x1; sx++) {
                        int i = (sy * w + sx) * 3;
                        sum[0] += in[i] & 0xff;
                        sum[1] += in[i + 1] & 0xff;
                        sum[2] += in[i + 2] & 0xff;
                    }
                }
                int n = (y1 - y0) * (x1 - x0);
                int o = (y * side + x) * 3;
                for (int c = 0; c < 3; c++) {
                    out[o + c] = (byte) Math.round(sum[c] / (float) n);
                }
            }
        }
        return out;
    }

    /** The patches of a picture already {@link #resized} to the tower's side: (patches x patchLength) row-major. */
    public static float[] patches(byte[] resized, ImageTowerConfig config) {
        int side = config.side();
        int p = config.patch();
        if (resized.length != side * side * 3) {
            throw new IllegalArgumentException("a picture of " + resized.length + " bytes, the tower reads " + side + " x " + side + " RGB");
        }
        int across = side / p;
        float[] out = new float[config.patches() * config.patchLength()];
        int o = 0;
        for (int py = 0; py < across; py++) {
            for (int px = 0; px < across; px++) {
                for (int y = py * p; y < (py + 1) * p; y++) {
                    for (int x = px * p; x < (px + 1) * p; x++) {
                        int i = (y * side + x) * 3;
                        for (int c = 0; c < 3; c++) {
                            out[o++] = ((resized[i + c] & 0xff) / 255f - MEAN[c]) / SPREAD[c];
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The patches of {@code picture} for a tower of {@code config}. */
    public static float[] patches(RgbFrame picture, ImageTowerConfig config) {
        return patches(resized(picture, config.side()), config);
    }
}
