package io.mmstream.ingest.imagetext;

/**
 * Shrinks packed pictures by area averaging (each target pixel the mean of the source pixels it
 * covers), flattening transparency onto white: what icons and emoji look like on a page.
 */
final class PixelScaling {

    private PixelScaling() {}

    /** The size a {@code width x height} picture is shown at: longer side at most {@code maxSide}, aspect kept, never enlarged. */
    static int[] targetSize(int width, int height, int maxSide) {
        double scale = Math.min(1.0, (double) maxSide / Math.max(width, height));
        return new int[] {Math.max(1, (int) Math.round(width * scale)), Math.max(1, (int) Math.round(height * scale))};
    }

    /** Packed ARGB ints (as {@code BufferedImage.getRGB} gives them) to RGB24 of {@code tw x th}. */
    static byte[] fromArgb(int[] argb, int width, int height, int tw, int th) {
        return scale(width, height, tw, th, (x, y, channel) -> {
            int p = argb[y * width + x];
            return channel == 3 ? p >>> 24 : (p >> (16 - 8 * channel)) & 0xff;
        });
    }

    /** Packed RGBA bytes to RGB24 of {@code tw x th}. */
    static byte[] fromRgba(byte[] rgba, int width, int height, int tw, int th) {
        return scale(width, height, tw, th, (x, y, channel) -> rgba[(y * width + x) * 4 + channel] & 0xff);
    }

    /** One channel (0 red, 1 green, 2 blue, 3 alpha) of a source pixel, 0..255. */
    @FunctionalInterface
    private interface Source {
        int at(int x, int y, int channel);
    }

    private static byte[] scale(int width, int height, int tw, int th, Source source) {
        byte[] out = new byte[tw * th * 3];
        for (int ty = 0; ty < th; ty++) {
            int y0 = (int) ((long) ty * height / th);
            int y1 = Math.max(y0 + 1, (int) ((long) (ty + 1) * height / th));
            for (int tx = 0; tx < tw; tx++) {
                int x0 = (int) ((long) tx * width / tw);
                int x1 = Math.max(x0 + 1, (int) ((long) (tx + 1) * width / tw));
                long r = 0, g = 0, b = 0;
                int n = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        int alpha = source.at(x, y, 3);
                        int white = 255 * (255 - alpha);
                        r += source.at(x, y, 0) * alpha + white;
                        g += source.at(x, y, 1) * alpha + white;
                        b += source.at(x, y, 2) * alpha + white;
                        n++;
                    }
                }
                long d = 255L * n;
                int o = (ty * tw + tx) * 3;
                out[o] = (byte) ((r + d / 2) / d);
                out[o + 1] = (byte) ((g + d / 2) / d);
                out[o + 2] = (byte) ((b + d / 2) / d);
            }
        }
        return out;
    }
}
