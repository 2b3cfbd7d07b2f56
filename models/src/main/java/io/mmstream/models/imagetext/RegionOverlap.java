package io.mmstream.models.imagetext;

import java.util.ArrayList;
import java.util.List;

/**
 * 12-in-1's rule for masking regions: a region that overlaps a masked one by an intersection over union
 * above 0.4 is masked too, since what it shows would tell the model what the masked one held.
 */
public final class RegionOverlap {

    /** Regions overlapping a masked one by more than this IoU are masked with it. */
    public static final double MASKED_TOGETHER = 0.4;

    private RegionOverlap() {}

    /** The intersection over union of two boxes given as 5-d geometry (x1, y1, x2, y2 as fractions, then area). */
    public static double iou(float[] a, float[] b) {
        double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double intersection = w * h;
        double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /**
     * The regions to mask: {@code chosen} and every other of the first {@code count} regions whose IoU with
     * a chosen one is above {@link #MASKED_TOGETHER}, in region order.
     */
    public static List<Integer> withOverlapping(List<Integer> chosen, float[][] geometry, int count) {
        List<Integer> masked = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            boolean mask = chosen.contains(j);
            for (int c = 0; c < chosen.size() && !mask; c++) {
                mask = iou(geometry[j], geometry[chosen.get(c)]) > MASKED_TOGETHER;
            }
            if (mask) {
                masked.add(j);
            }
        }
        return masked;
    }
}
