package io.mmstream.models.imagetext;

import io.mmstream.models.videobert.Masking;
import io.mmstream.models.videobert.VideoBertVocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A batch of image-text pairs laid out and corrupted for an architecture's objectives, as plain Java
 * arrays (what {@link ImageTextBatch} puts on the device, and what the tests inspect).
 *
 * <p>Each row is {@code [CLS] words [SEP]} (Oscar: then {@code tags [SEP]}), padded to the token
 * length, followed by the regions. A row is first made a wrong pair for the matching task at the
 * negative rate (another row's caption, or for Oscar another row's tags: a polluted tag sequence);
 * every row is masked alike, but only the right pairs' masked positions are targets, so a wrong pair
 * never gets a masked-modelling loss (and [MASK]s do not tell the matching head which pairs are right). UNITER masks one
 * modality per pair; Unified VLP lays half its pairs under the left-to-right mask; 12-in-1 masks the
 * regions that overlap a masked one ({@link RegionOverlap}).
 *
 * @param rows pairs in the batch
 * @param tokenLength positions of the token part
 * @param regions regions per row
 * @param ids (rows, tokenLength) token ids the model reads
 * @param types (rows, tokenLength) 0 for [CLS] and words, 1 for tags
 * @param attention (rows, length, length) attention mask, length = tokenLength + regions
 * @param features (rows, regions, featureDimension) region features, zero where masked
 * @param geometry (rows, regions, 5)
 * @param maskedTokens flat indexes into rows x length of the masked tokens
 * @param tokenLabels the ids to predict there
 * @param maskedRegions flat indexes into rows x length of the masked regions
 * @param maskedRegionSources for each masked region, its (row, region)
 * @param regionClassLabels each masked region's class
 * @param regionClassTargets (masked regions, regionClasses) the soft targets of the KL objective
 * @param regionFeatureTargets (masked regions, featureDimension) the original features
 * @param matchLabels 1 for a right pair, 0 for a wrong one
 * @param words (rows, tokenLength) 1 at the word positions (the word side of word-region alignment)
 * @param realRegions (rows, regions) 1 for a region, 0 for padding
 * @param leftToRight rows laid out under the sequence-to-sequence mask
 * @param realTokens tokens and regions that are not padding
 */
public record BatchPlan(int rows, int tokenLength, int regions, int[] ids, int[] types, float[] attention, float[] features,
        float[] geometry, long[] maskedTokens, int[] tokenLabels, long[] maskedRegions, int[][] maskedRegionSources,
        int[] regionClassLabels, float[] regionClassTargets, float[] regionFeatureTargets, float[] matchLabels, float[] words,
        float[] realRegions, boolean[] leftToRight, long realTokens) {

    /** The full length of a row: tokens, then regions. */
    public int length() {
        return tokenLength + regions;
    }

    /**
     * Lays {@code examples} out for {@code architecture}, drawing every random choice from {@code random}.
     */
    public static BatchPlan of(List<ImageTextExample> examples, ImageTextArchitecture architecture, ImageTextConfig config,
            VideoBertVocabulary vocabulary, Random random) {
        return of(examples, architecture, config, vocabulary, random, true, false);
    }

    /**
     * Lays {@code examples} out as they are, for inference: no wrong pairs, nothing masked; every row
     * under the left-to-right mask when {@code leftToRight}, else under the bidirectional one.
     */
    public static BatchPlan plain(List<ImageTextExample> examples, ImageTextArchitecture architecture, ImageTextConfig config,
            VideoBertVocabulary vocabulary, boolean leftToRight) {
        return of(examples, architecture, config, vocabulary, new Random(0), false, leftToRight);
    }

    private static BatchPlan of(List<ImageTextExample> examples, ImageTextArchitecture architecture, ImageTextConfig config,
            VideoBertVocabulary vocabulary, Random random, boolean corrupt, boolean allLeftToRight) {
        Objectives o = architecture.objectives();
        int b = examples.size();
        int t = config.tokenLength(architecture);
        int r = config.regions();
        int f = config.featureDimension();
        int k = config.regionClasses();
        int length = t + r;
        // which rows are wrong pairs, and whose caption or tags they borrow
        int[] borrowed = new int[b];
        boolean[] wrong = new boolean[b];
        for (int i = 0; i < b; i++) {
            borrowed[i] = i;
            if (corrupt && o.matching() && b > 1 && random.nextDouble() < o.negativeRate()) {
                int other = (i + 1 + random.nextInt(b - 1)) % b;
                boolean differs = o.negatives() == Objectives.Negatives.CAPTION
                        ? !Arrays.equals(cut(examples.get(other).words(), config), cut(examples.get(i).words(), config))
                        : !Arrays.equals(examples.get(other).classes(), examples.get(i).classes());
                if (differs) {
                    borrowed[i] = other;
                    wrong[i] = true;
                }
            }
        }
        if (allTrue(wrong)) {
            wrong[0] = false;
            borrowed[0] = 0;
        }
        Masking masking = new Masking(vocabulary, o.textMaskRate());
        int[] ids = new int[b * t];
        int[] types = new int[b * t];
        float[] attention = new float[b * length * length];
        float[] features = new float[b * r * f];
        float[] geometry = new float[b * r * 5];
        float[] matchLabels = new float[b];
        float[] wordPositions = new float[b * t];
        float[] realRegions = new float[b * r];
        boolean[] leftToRight = new boolean[b];
        List<Long> maskedTokens = new ArrayList<>();
        List<Integer> tokenLabels = new ArrayList<>();
        List<int[]> maskedRegions = new ArrayList<>();
        List<int[]> zeroedOnly = new ArrayList<>();
        long realTokens = 0;
        for (int i = 0; i < b; i++) {
            ImageTextExample e = examples.get(i);
            int[] words = cut(examples.get(o.negatives() == Objectives.Negatives.CAPTION ? borrowed[i] : i).words(), config);
            int[] tags = architecture.tags() ? examples.get(o.negatives() == Objectives.Negatives.TAGS ? borrowed[i] : i).classes() : null;
            int[] rowIds = new int[t];
            int[] rowTypes = new int[t];
            boolean[] real = new boolean[length];
            boolean[] target = new boolean[length];
            int p = 0;
            rowIds[p] = VideoBertVocabulary.CLS;
            real[p++] = true;
            for (int w : words) {
                wordPositions[i * t + p] = 1;
                target[p] = true;
                rowIds[p] = w;
                real[p++] = true;
            }
            target[p] = true;
            rowIds[p] = VideoBertVocabulary.SEP;
            real[p++] = true;
            if (tags != null) {
                for (int c = 0; c < Math.min(tags.length, r); c++) {
                    rowTypes[p] = 1;
                    rowIds[p] = vocabulary.visual(tags[c]);
                    real[p++] = true;
                }
                rowTypes[p] = 1;
                rowIds[p] = VideoBertVocabulary.SEP;
                real[p++] = true;
            }
            int regionsHere = Math.min(e.regions(), r);
            for (int j = 0; j < regionsHere; j++) {
                real[t + j] = true;
                realRegions[i * r + j] = 1;
                System.arraycopy(e.features()[j], 0, features, (i * r + j) * f, f);
                System.arraycopy(e.geometry()[j], 0, geometry, (i * r + j) * 5, 5);
            }
            for (boolean x : real) {
                realTokens += x ? 1 : 0;
            }
            matchLabels[i] = wrong[i] ? 0 : 1;
            leftToRight[i] = allLeftToRight;
            if (corrupt) {
                // a wrong pair is corrupted as a right one is (else [MASK]s or zeroed regions would give the
                // matching task away), but its masked positions are no targets
                boolean right = !wrong[i];
                boolean maskText = true;
                boolean maskRegions = o.regionMasking();
                if (o.conditionalMasking()) {
                    maskText = random.nextBoolean();
                    maskRegions = !maskText;
                }
                if (maskText) {
                    Masking.Masked m = masking.mask(rowIds, random);
                    rowIds = m.input();
                    if (o.sequenceToSequence() && random.nextDouble() < o.textMaskRate()) {
                        // Unified VLP also learns where a caption ends: its closing [SEP] is predicted too
                        m.labels()[1 + words.length] = VideoBertVocabulary.SEP;
                        m.input()[1 + words.length] = VideoBertVocabulary.MASK;
                    }
                    for (int q = 0; q < t && right; q++) {
                        if (m.labels()[q] != Masking.IGNORED) {
                            maskedTokens.add((long) i * length + q);
                            tokenLabels.add(m.labels()[q]);
                        }
                    }
                }
                if (maskRegions && regionsHere > 0) {
                    List<Integer> picked = new ArrayList<>();
                    for (int j = 0; j < regionsHere; j++) {
                        if (random.nextDouble() < o.regionMaskRate()) {
                            picked.add(j);
                        }
                    }
                    if (picked.isEmpty()) {
                        picked.add(random.nextInt(regionsHere));
                    }
                    if (o.overlapMasking()) {
                        picked = RegionOverlap.withOverlapping(picked, e.geometry(), regionsHere);
                    }
                    for (int j : picked) {
                        (right ? maskedRegions : zeroedOnly).add(new int[] {i, j});
                    }
                }
                leftToRight[i] = o.sequenceToSequence() && random.nextBoolean();
            }
            System.arraycopy(rowIds, 0, ids, i * t, t);
            System.arraycopy(rowTypes, 0, types, i * t, t);
            float[][] mask = leftToRight[i] ? AttentionMasks.sequenceToSequence(real, target) : AttentionMasks.bidirectional(real);
            for (int q = 0; q < length; q++) {
                System.arraycopy(mask[q], 0, attention, (i * length + q) * length, length);
            }
        }
        int n = maskedRegions.size();
        long[] regionIndexes = new long[n];
        int[] classLabels = new int[n];
        float[] classTargets = new float[n * k];
        float[] featureTargets = new float[n * f];
        for (int q = 0; q < n; q++) {
            int i = maskedRegions.get(q)[0];
            int j = maskedRegions.get(q)[1];
            ImageTextExample e = examples.get(i);
            regionIndexes[q] = (long) i * length + t + j;
            classLabels[q] = e.classes()[j];
            System.arraycopy(e.classDistributions()[j], 0, classTargets, q * k, k);
            System.arraycopy(e.features()[j], 0, featureTargets, q * f, f);
            Arrays.fill(features, (i * r + j) * f, (i * r + j + 1) * f, 0f);
        }
        for (int[] z : zeroedOnly) {
            Arrays.fill(features, (z[0] * r + z[1]) * f, (z[0] * r + z[1] + 1) * f, 0f);
        }
        return new BatchPlan(b, t, r, ids, types, attention, features, geometry,
                maskedTokens.stream().mapToLong(Long::longValue).toArray(), tokenLabels.stream().mapToInt(Integer::intValue).toArray(),
                regionIndexes, maskedRegions.toArray(new int[0][]), classLabels, classTargets, featureTargets, matchLabels,
                wordPositions, realRegions, leftToRight, realTokens);
    }

    /** The word pieces of a caption that fit the model. */
    static int[] cut(int[] words, ImageTextConfig config) {
        return words.length <= config.maxWords() ? words : Arrays.copyOf(words, config.maxWords());
    }

    private static boolean allTrue(boolean[] flags) {
        for (boolean x : flags) {
            if (!x) {
                return false;
            }
        }
        return true;
    }
}
