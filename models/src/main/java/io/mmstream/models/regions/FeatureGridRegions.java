package io.mmstream.models.regions;

import io.mmstream.frames.ClipFeatureExtractor;
import io.mmstream.frames.RgbFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Regions without a detector: the whole picture, then a {@code rows x columns} grid of patches (row by
 * row), each cropped and described by a clip feature extractor from the registry (so a TorchScript
 * backbone plugs in: {@code torchscript:/models/resnet.pt}). No tags: the region classes come from a
 * codebook trained on these features.
 */
public final class FeatureGridRegions implements RegionSource {

    private final ClipFeatureExtractor extractor;
    private final int rows;
    private final int columns;

    public FeatureGridRegions(ClipFeatureExtractor extractor, int rows, int columns) {
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("a grid needs at least one row and one column, got " + rows + "x" + columns);
        }
        this.extractor = extractor;
        this.rows = rows;
        this.columns = columns;
    }

    @Override
    public String name() {
        return "grid-" + rows + "x" + columns + "-" + extractor.name();
    }

    /** Regions per picture: the whole one and the cells. */
    public int count() {
        return 1 + rows * columns;
    }

    /** Length of every region's features. */
    public int dimension() {
        return extractor.dimension();
    }

    @Override
    public List<Region> regions(RgbFrame picture) {
        List<Region> regions = new ArrayList<>(count());
        regions.add(new Region(Region.geometry(0, 0, 1, 1), extractor.extract(List.of(picture)), Region.UNTAGGED, ""));
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int x1 = c * picture.width() / columns;
                int x2 = Math.max(x1 + 1, (c + 1) * picture.width() / columns);
                int y1 = r * picture.height() / rows;
                int y2 = Math.max(y1 + 1, (r + 1) * picture.height() / rows);
                RgbFrame cell = crop(picture, x1, y1, Math.min(x2, picture.width()) - x1, Math.min(y2, picture.height()) - y1);
                regions.add(new Region(Region.geometry((float) c / columns, (float) r / rows, (float) (c + 1) / columns,
                        (float) (r + 1) / rows), extractor.extract(List.of(cell)), Region.UNTAGGED, ""));
            }
        }
        return regions;
    }

    /** The {@code w x h} part of {@code picture} whose top-left corner is {@code (x, y)}. */
    static RgbFrame crop(RgbFrame picture, int x, int y, int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int row = 0; row < h; row++) {
            System.arraycopy(picture.rgb(), ((y + row) * picture.width() + x) * 3, rgb, row * w * 3, w * 3);
        }
        return new RgbFrame(picture.ptsUs(), w, h, rgb);
    }
}
