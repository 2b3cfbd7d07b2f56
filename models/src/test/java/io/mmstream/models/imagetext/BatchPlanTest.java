package io.mmstream.models.imagetext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.models.videobert.VideoBertVocabulary;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchPlanTest {

    private final ImageTextConfig config = TinyImageTextSet.config();
    private final VideoBertVocabulary vocabulary = new VideoBertVocabulary(TinyImageTextSet.TEXT_VOCABULARY, TinyImageTextSet.CLASSES);

    @Test
    void maskedRegionTargetsComeFromTheMaskedRegionsOnlyWhoseInputFeaturesAreZeroed() {
        List<ImageTextExample> examples = TinyImageTextSet.examples(16, 5);
        BatchPlan plan = BatchPlan.of(examples, ImageTextArchitecture.UNITER, config, vocabulary, new Random(9));
        int f = TinyImageTextSet.FEATURES;
        int r = TinyImageTextSet.REGIONS;
        int k = TinyImageTextSet.CLASSES;
        assertTrue(plan.maskedRegions().length > 0);
        boolean[][] masked = new boolean[16][r];
        for (int q = 0; q < plan.maskedRegions().length; q++) {
            int row = plan.maskedRegionSources()[q][0];
            int region = plan.maskedRegionSources()[q][1];
            masked[row][region] = true;
            ImageTextExample e = examples.get(row);
            assertEquals((long) row * plan.length() + plan.tokenLength() + region, plan.maskedRegions()[q]);
            assertEquals(e.classes()[region], plan.regionClassLabels()[q]);
            assertArrayEquals(e.features()[region], java.util.Arrays.copyOfRange(plan.regionFeatureTargets(), q * f, (q + 1) * f));
            assertArrayEquals(e.classDistributions()[region], java.util.Arrays.copyOfRange(plan.regionClassTargets(), q * k, (q + 1) * k));
            assertEquals(1f, plan.matchLabels()[row], "only right pairs are masked");
        }
        for (int row = 0; row < 16; row++) {
            for (int region = 0; region < r; region++) {
                float[] input = java.util.Arrays.copyOfRange(plan.features(), (row * r + region) * f, (row * r + region + 1) * f);
                if (masked[row][region] || plan.matchLabels()[row] == 1) {
                    assertArrayEquals(masked[row][region] ? new float[f] : examples.get(row).features()[region], input);
                }
            }
        }
    }

    @Test
    void uniterMasksOneModalityPerPairAndWrongPairsNeverGetAMaskedLoss() {
        // wrong pairs read [MASK]s and zeroed regions too (or they would give the matching task away), without targets
        List<ImageTextExample> examples = TinyImageTextSet.examples(64, 6);
        BatchPlan plan = BatchPlan.of(examples, ImageTextArchitecture.UNITER, config, vocabulary, new Random(2));
        boolean[] text = new boolean[64];
        boolean[] regions = new boolean[64];
        for (long p : plan.maskedTokens()) {
            text[(int) (p / plan.length())] = true;
        }
        for (int[] source : plan.maskedRegionSources()) {
            regions[source[0]] = true;
        }
        int wrong = 0;
        for (int i = 0; i < 64; i++) {
            assertTrue(!(text[i] && regions[i]), "row " + i + " masks both modalities");
            if (plan.matchLabels()[i] == 0) {
                wrong++;
                assertTrue(!text[i] && !regions[i], "wrong pair " + i + " has masked-modelling targets");
            } else {
                assertTrue(text[i] || regions[i], "right pair " + i + " is not masked");
            }
        }
        assertTrue(wrong > 16 && wrong < 48, wrong + " wrong pairs of 64 at rate 0.5");
        int wrongWithMask = 0;
        for (int i = 0; i < 64; i++) {
            boolean hasMask = false;
            for (int p = 0; p < plan.tokenLength(); p++) {
                hasMask |= plan.ids()[i * plan.tokenLength() + p] == VideoBertVocabulary.MASK;
            }
            if (plan.matchLabels()[i] == 0 && hasMask) {
                wrongWithMask++;
            }
        }
        assertTrue(wrongWithMask > 0, "no wrong pair reads a [MASK]: the matching head could tell them by that");
    }

    @Test
    void oscarPollutesTagSequencesAtTheConfiguredRateWithAnotherPairsTags() {
        List<ImageTextExample> examples = TinyImageTextSet.examples(400, 8);
        int polluted = 0;
        int rows = 0;
        int readsOwn = 0;
        for (int batch = 0; batch < 10; batch++) {
            List<ImageTextExample> part = examples.subList(batch * 40, batch * 40 + 40);
            BatchPlan plan = BatchPlan.of(part, ImageTextArchitecture.OSCAR, config, vocabulary, new Random(batch));
            for (int i = 0; i < part.size(); i++) {
                // [CLS] words [SEP] tags [SEP]
                int tagsAt = 2 + part.get(i).words().length;
                if (plan.matchLabels()[i] == 0) {
                    tagsAt = 1;
                    while (plan.ids()[i * plan.tokenLength() + tagsAt] != VideoBertVocabulary.SEP) {
                        tagsAt++;
                    }
                    tagsAt++;
                }
                rows++;
                int[] own = part.get(i).classes();
                boolean same = true;
                for (int c = 0; c < own.length; c++) {
                    int id = plan.ids()[i * plan.tokenLength() + tagsAt + c];
                    // a masked tag reads [MASK] or a random tag: compare only unmasked ones
                    if (vocabulary.isVisual(id) && id != vocabulary.visual(own[c])) {
                        same = false;
                    }
                }
                boolean wrong = plan.matchLabels()[i] == 0;
                polluted += wrong ? 1 : 0;
                if (wrong && same) {
                    // the tag that differs may itself be masked: rare
                    readsOwn++;
                }
            }
        }
        double rate = (double) polluted / rows;
        assertTrue(Math.abs(rate - 0.5) < 0.08, "polluted rate " + rate + " for the configured 0.5");
        assertTrue(readsOwn < polluted / 10, readsOwn + " of " + polluted + " polluted rows read their own tags");
    }

    @Test
    void unifiedVlpLaysAboutHalfItsPairsUnderTheLeftToRightMask() {
        BatchPlan plan = BatchPlan.of(TinyImageTextSet.examples(200, 3), ImageTextArchitecture.UNIFIED_VLP, config, vocabulary,
                new Random(1));
        int leftToRight = 0;
        for (boolean b : plan.leftToRight()) {
            leftToRight += b ? 1 : 0;
        }
        assertTrue(leftToRight > 70 && leftToRight < 130, leftToRight + " of 200");
        // a left-to-right row's [CLS] does not see the words
        int row = 0;
        while (!plan.leftToRight()[row]) {
            row++;
        }
        int l = plan.length();
        assertEquals(0f, plan.attention()[row * l * l + 1]);
    }
}
