package io.mmstream.frames;

import java.util.List;

/**
 * A clip feature that needs no trained weights yet describes both appearance and motion.
 *
 * <p>Its 135 dimensions, L2-normalised as a whole:
 * <ol>
 *   <li>colour histogram, 64: a 4x4x4 RGB histogram over every pixel of the clip, as shares of all pixels
 *       (what colours the scene holds);</li>
 *   <li>spatial layout, 48: mean R, G, B in each cell of a 4x4 grid, 0..1, averaged over the frames
 *       (where things are: sky above, floor below, a face in the middle);</li>
 *   <li>colour statistics, 6: mean and standard deviation of R, G, B over the clip (brightness, contrast);</li>
 *   <li>motion, 17: mean absolute change of grey level between consecutive frames in each grid cell,
 *       then over the whole frame, 0..1 (where and how much things move; 0 for a still clip).</li>
 * </ol>
 * Frames of any size give the same dimension; the histogram alone sums to 1, so every clip, even a
 * black one, gives a unit vector.
 */
public final class ColorMotionFeatures implements ClipFeatureExtractor {

    /** Grid cells per side for layout and motion. */
    private static final int GRID = 4;
    /** Histogram bins per colour channel. */
    private static final int BINS = 4;
    private static final int HISTOGRAM = BINS * BINS * BINS;
    private static final int LAYOUT = GRID * GRID * 3;
    private static final int STATS = 6;
    private static final int MOTION = GRID * GRID + 1;
    public static final int DIMENSION = HISTOGRAM + LAYOUT + STATS + MOTION;

    @Override
    public String name() {
        return "color-motion-v1";
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[] extract(List<RgbFrame> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a clip needs at least one frame");
        }
        double[] f = new double[DIMENSION];
        long[] histogram = new long[HISTOGRAM];
        long[] sumSquares = new long[3];
        double[] sum = new double[3];
        long pixels = 0;
        double[] previousGrey = null;
        for (RgbFrame frame : frames) {
            // integer sums per grid cell and channel; grey is linear in R, G, B, so it comes from these
            long[] cellSums = new long[GRID * GRID * 3];
            int[] cellColumn = cells(frame.width());
            int[] cellRow = cells(frame.height());
            byte[] rgb = frame.rgb();
            int p = 0;
            for (int y = 0; y < frame.height(); y++) {
                int rowCell = cellRow[y] * GRID;
                for (int x = 0; x < frame.width(); x++, p += 3) {
                    int r = rgb[p] & 0xFF;
                    int g = rgb[p + 1] & 0xFF;
                    int b = rgb[p + 2] & 0xFF;
                    histogram[(r >> 6) << 4 | (g >> 6) << 2 | b >> 6]++;
                    int c = (rowCell + cellColumn[x]) * 3;
                    cellSums[c] += r;
                    cellSums[c + 1] += g;
                    cellSums[c + 2] += b;
                    sumSquares[0] += r * r;
                    sumSquares[1] += g * g;
                    sumSquares[2] += b * b;
                }
            }
            pixels += (long) frame.width() * frame.height();
            double[] grey = new double[GRID * GRID];
            int[] columnsPerCell = perCell(cellColumn);
            int[] rowsPerCell = perCell(cellRow);
            for (int cell = 0; cell < GRID * GRID; cell++) {
                int n = Math.max(1, rowsPerCell[cell / GRID] * columnsPerCell[cell % GRID]);
                for (int c = 0; c < 3; c++) {
                    f[HISTOGRAM + cell * 3 + c] += (double) cellSums[cell * 3 + c] / n / 255.0 / frames.size();
                    sum[c] += cellSums[cell * 3 + c];
                }
                grey[cell] = (0.299 * cellSums[cell * 3] + 0.587 * cellSums[cell * 3 + 1] + 0.114 * cellSums[cell * 3 + 2]) / (n * 255.0);
            }
            if (previousGrey != null) {
                double total = 0;
                for (int cell = 0; cell < GRID * GRID; cell++) {
                    double change = Math.abs(grey[cell] - previousGrey[cell]);
                    f[HISTOGRAM + LAYOUT + STATS + cell] += change / (frames.size() - 1);
                    total += change;
                }
                f[DIMENSION - 1] += total / (GRID * GRID) / (frames.size() - 1);
            }
            previousGrey = grey;
        }
        for (int i = 0; i < HISTOGRAM; i++) {
            f[i] = (double) histogram[i] / pixels;
        }
        for (int c = 0; c < 3; c++) {
            double mean = sum[c] / pixels;
            f[HISTOGRAM + LAYOUT + c] = mean / 255.0;
            f[HISTOGRAM + LAYOUT + 3 + c] = Math.sqrt(Math.max(0, (double) sumSquares[c] / pixels - mean * mean)) / 255.0;
        }
        return normalised(f);
    }

    /** The grid cell (column or row) of each pixel column or row of a side {@code length} pixels long. */
    private static int[] cells(int length) {
        int[] cell = new int[length];
        for (int i = 0; i < length; i++) {
            cell[i] = i * GRID / length;
        }
        return cell;
    }

    /** How many pixel columns or rows fall in each grid cell, given each one's {@link #cells cell}. */
    private static int[] perCell(int[] cells) {
        int[] count = new int[GRID];
        for (int cell : cells) {
            count[cell]++;
        }
        return count;
    }

    private static float[] normalised(double[] f) {
        double norm = 0;
        for (double v : f) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = norm == 0 ? 0f : (float) (f[i] / norm);
        }
        return out;
    }
}
