package io.mmstream.models.regions;

import io.mmstream.frames.RgbFrame;
import io.mmstream.models.detect.CenterNetDetector;
import io.mmstream.models.detect.FeatureMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Regions without boxes: the whole picture, then a {@code rows x columns} grid of patches (row by row),
 * each with the detector backbone's features pooled over it. No tags: the classes of grid regions come
 * from a visual codebook trained on their features.
 */
public final class GridRegions implements RegionSource {

    private final CenterNetDetector detector;
    private final int rows;
    private final int columns;

    /** A grid of {@code rows x columns} patches pooled from {@code detector}'s backbone. */
    public GridRegions(CenterNetDetector detector, int rows, int columns) {
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("a grid needs at least one row and one column, got " + rows + "x" + columns);
        }
        this.detector = detector;
        this.rows = rows;
        this.columns = columns;
    }

    @Override
    public String name() {
        return "grid-" + rows + "x" + columns + "-centernet";
    }

    @Override
    public List<Region> regions(RgbFrame picture) {
        FeatureMap map = detector.analyse(picture, 1f).map();
        List<Region> regions = new ArrayList<>(1 + rows * columns);
        regions.add(new Region(Region.geometry(0, 0, 1, 1), map.pool(0, 0, 1, 1), Region.UNTAGGED, ""));
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                float x1 = (float) c / columns;
                float y1 = (float) r / rows;
                float x2 = (float) (c + 1) / columns;
                float y2 = (float) (r + 1) / rows;
                regions.add(new Region(Region.geometry(x1, y1, x2, y2), map.pool(x1, y1, x2, y2), Region.UNTAGGED, ""));
            }
        }
        return regions;
    }
}
