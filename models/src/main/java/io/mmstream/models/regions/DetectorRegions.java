package io.mmstream.models.regions;

import io.mmstream.frames.RgbFrame;
import io.mmstream.models.detect.CenterNetDetector;
import io.mmstream.models.detect.Detection;
import java.util.ArrayList;
import java.util.List;

/**
 * Regions from the COCO detector, as the image-text models had them from Faster R-CNN: the whole
 * picture, then up to {@code maxObjects} detected boxes (best first), each with the backbone's
 * features pooled over the box and the detector's class as its tag.
 */
public final class DetectorRegions implements RegionSource {

    private final CenterNetDetector detector;
    private final int maxObjects;
    private final float minScore;

    /** At most {@code maxObjects} boxes scored at least {@code minScore}. */
    public DetectorRegions(CenterNetDetector detector, int maxObjects, float minScore) {
        this.detector = detector;
        this.maxObjects = maxObjects;
        this.minScore = minScore;
    }

    @Override
    public String name() {
        return "detector-centernet-" + maxObjects;
    }

    @Override
    public List<Region> regions(RgbFrame picture) {
        CenterNetDetector.Analysis analysis = detector.analyse(picture, minScore);
        List<Region> regions = new ArrayList<>();
        regions.add(new Region(Region.geometry(0, 0, 1, 1), analysis.map().pool(0, 0, 1, 1), Region.UNTAGGED, ""));
        for (Detection d : analysis.detections().subList(0, Math.min(maxObjects, analysis.detections().size()))) {
            regions.add(new Region(d.geometry(), analysis.map().pool(d.x1(), d.y1(), d.x2(), d.y2()), d.classId(), d.label()));
        }
        return regions;
    }
}
