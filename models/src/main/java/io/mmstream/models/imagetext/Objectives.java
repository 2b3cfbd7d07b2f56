package io.mmstream.models.imagetext;

/**
 * The pretraining tasks of an architecture and how its batches are corrupted for them.
 *
 * @param textMaskRate share of word pieces (and Oscar's tags) masked for masked language modelling
 * @param regionMaskRate share of regions whose features are zeroed for masked region modelling (0: none)
 * @param conditionalMasking UNITER: each pair masks one modality only, given the whole other one
 * @param negatives how a pair is made wrong for the matching task ({@link Negatives#NONE}: no matching task)
 * @param negativeRate share of pairs made wrong
 * @param regionClassification masked regions predict their region class (cross-entropy on the hard class)
 * @param regionFeatureRegression masked regions regress their features (L2)
 * @param regionClassKl masked regions predict the soft distribution over region classes (KL divergence)
 * @param wordRegionAlignment UNITER's word-region alignment by optimal transport
 * @param sequenceToSequence Unified VLP: half the pairs are masked under the left-to-right mask
 * @param overlapMasking 12-in-1: regions overlapping a masked region with IoU above
 *     {@link RegionOverlap#MASKED_TOGETHER} are masked with it (else what they show would give it away)
 * @param tasks the tasks trained beside pretraining, each with its head, in the order the schedule visits them
 */
public record Objectives(double textMaskRate, double regionMaskRate, boolean conditionalMasking, Negatives negatives,
        double negativeRate, boolean regionClassification, boolean regionFeatureRegression, boolean regionClassKl,
        boolean wordRegionAlignment, boolean sequenceToSequence, boolean overlapMasking, java.util.List<Task> tasks) {

    /** Pretraining objectives alone: no overlap masking, no other task. */
    public Objectives(double textMaskRate, double regionMaskRate, boolean conditionalMasking, Negatives negatives, double negativeRate,
            boolean regionClassification, boolean regionFeatureRegression, boolean regionClassKl, boolean wordRegionAlignment,
            boolean sequenceToSequence) {
        this(textMaskRate, regionMaskRate, conditionalMasking, negatives, negativeRate, regionClassification, regionFeatureRegression,
                regionClassKl, wordRegionAlignment, sequenceToSequence, false, java.util.List.of());
    }

    /** How a matching task's wrong pairs are made. */
    public enum Negatives {
        /** No matching task. */
        NONE,
        /** The caption is another pair's (VisualBERT, Unicoder-VL, UNITER). */
        CAPTION,
        /** The tags are another pair's: Oscar's polluted tag sequences. */
        TAGS
    }

    public Objectives {
        tasks = java.util.List.copyOf(tasks);
        if (textMaskRate <= 0 || textMaskRate >= 1 || regionMaskRate < 0 || regionMaskRate >= 1 || negativeRate < 0 || negativeRate >= 1) {
            throw new IllegalArgumentException("rates must be in [0, 1): text " + textMaskRate + ", regions " + regionMaskRate
                    + ", negatives " + negativeRate);
        }
        if ((negatives == Negatives.NONE) != (negativeRate == 0)) {
            throw new IllegalArgumentException("a matching task needs a negative rate above 0, and only it has one");
        }
        boolean regionTask = regionClassification || regionFeatureRegression || regionClassKl;
        if (regionTask != (regionMaskRate > 0)) {
            throw new IllegalArgumentException("masked region modelling needs a region mask rate above 0, and only it has one");
        }
    }

    /** Whether the architecture has a matching head (image-text matching, or Oscar's polluted-tag detection). */
    public boolean matching() {
        return negatives != Negatives.NONE;
    }

    /** Whether the architecture trains {@code task}. */
    public boolean has(Task task) {
        return tasks.contains(task);
    }

    /** Whether regions are masked. */
    public boolean regionMasking() {
        return regionMaskRate > 0;
    }
}
