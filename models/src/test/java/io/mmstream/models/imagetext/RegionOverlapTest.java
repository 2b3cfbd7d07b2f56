package io.mmstream.models.imagetext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.models.videobert.VideoBertVocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** 12-in-1's masking rule: regions overlapping a masked one with IoU above 0.4 are masked with it. */
class RegionOverlapTest {

    private static float[] box(float x1, float y1, float x2, float y2) {
        return new float[] {x1, y1, x2, y2, (x2 - x1) * (y2 - y1)};
    }

    @Test
    void intersectionOverUnionOfConstructedBoxes() {
        assertEquals(1.0, RegionOverlap.iou(box(0, 0, 0.5f, 0.5f), box(0, 0, 0.5f, 0.5f)), 1e-6);
        assertEquals(0.0, RegionOverlap.iou(box(0, 0, 0.5f, 0.5f), box(0.5f, 0, 1, 0.5f)), 1e-6, "touching boxes share no area");
        // half of each overlaps: 0.125 / (0.25 + 0.25 - 0.125)
        assertEquals(1 / 3.0, RegionOverlap.iou(box(0, 0, 0.5f, 0.5f), box(0.25f, 0, 0.75f, 0.5f)), 1e-6);
        // a quarter cell inside the whole picture: 1/16
        assertEquals(1 / 16.0, RegionOverlap.iou(box(0, 0, 1, 1), box(0, 0, 0.25f, 0.25f)), 1e-6);
    }

    @Test
    void regionsOverlappingAMaskedOneAboveTheThresholdAreMaskedWithIt() {
        float[][] geometry = {
            box(0, 0, 1, 1),                 // 0: the whole picture
            box(0, 0, 0.5f, 0.5f),           // 1: masked
            box(0.05f, 0.05f, 0.55f, 0.55f), // 2: IoU 0.69 with 1: masked too
            box(0.25f, 0, 0.75f, 0.5f),      // 3: IoU 1/3 with 1: kept
            box(0.5f, 0.5f, 1, 1),           // 4: disjoint: kept
            box(0, 0, 0.45f, 0.45f),         // 5: IoU 0.81 with 1, but beyond the count: not looked at
        };
        assertEquals(List.of(1, 2), RegionOverlap.withOverlapping(List.of(1), geometry, 5));
        assertEquals(List.of(1, 2, 4), RegionOverlap.withOverlapping(List.of(4, 1), geometry, 5));
        assertEquals(List.of(0), RegionOverlap.withOverlapping(List.of(0), geometry, 5), "the whole picture overlaps no cell by 0.4");
        // boxes inside the whole picture overlap it by their area: 0.375 stays, 0.4375 is masked
        float[][] inside = {box(0, 0, 1, 1), box(0, 0, 1, 0.375f), box(0, 0, 1, 0.4375f)};
        assertEquals(List.of(0, 2), RegionOverlap.withOverlapping(List.of(0), inside, 3));
    }

    @Test
    void twelveInOneMasksBothOfTwoCoincidingRegionsAndTheOthersDoNot() {
        ImageTextConfig config = TinyImageTextSet.config();
        VideoBertVocabulary vocabulary = new VideoBertVocabulary(TinyImageTextSet.TEXT_VOCABULARY, TinyImageTextSet.CLASSES);
        List<ImageTextExample> examples = new ArrayList<>();
        for (ImageTextExample e : TinyImageTextSet.examples(64, 3)) {
            float[][] geometry = e.geometry().clone();
            geometry[2] = geometry[1].clone(); // regions 1 and 2 cover the same box
            examples.add(new ImageTextExample(e.words(), e.features(), geometry, e.classes(), e.classDistributions()));
        }
        int together = 0;
        for (ImageTextArchitecture a : List.of(ImageTextArchitecture.TWELVE_IN_ONE, ImageTextArchitecture.VILBERT)) {
            BatchPlan plan = BatchPlan.of(examples, a, config, vocabulary, new Random(4));
            int f = TinyImageTextSet.FEATURES;
            int r = TinyImageTextSet.REGIONS;
            int apart = 0;
            for (int row = 0; row < 64; row++) {
                boolean one = zeroed(plan, row * r + 1, f);
                boolean two = zeroed(plan, row * r + 2, f);
                if (one != two) {
                    apart++;
                } else if (one) {
                    together++;
                }
            }
            if (a == ImageTextArchitecture.TWELVE_IN_ONE) {
                assertEquals(0, apart, "12-in-1 never masks one of two coinciding regions alone");
            } else {
                assertTrue(apart > 0, "ViLBERT masks regions independently");
            }
        }
        assertTrue(together > 0);
    }

    private static boolean zeroed(BatchPlan plan, int region, int f) {
        for (int d = 0; d < f; d++) {
            if (plan.features()[region * f + d] != 0) {
                return false;
            }
        }
        return true;
    }
}
