package io.mmstream.models.eval;

import java.util.Arrays;

/**
 * Image-to-text and text-to-image Recall@1/5/10 from a similarity matrix {@code sim[image][text]}, with
 * the recall a model that guesses would reach (chance).
 *
 * <p>A query is a hit at K when one of its true matches ranks within the first K. Ties are shared out
 * evenly: a true match tied with others counts with the probability that a random order of the tied items
 * puts it within K (the expected recall under random tie-breaking), so a constant model scores exactly at
 * chance, neither 100% (ties won) nor 0 (ties lost).
 *
 * @param imageToText recall of the true captions when each image is the query
 * @param textToImage recall of the true image when each caption is the query
 * @param chanceImageToText what ranking the captions at random reaches
 * @param chanceTextToImage what ranking the images at random reaches: K / images
 */
public record RetrievalRecall(Recall imageToText, Recall textToImage, Recall chanceImageToText, Recall chanceTextToImage) {

    /** The K of Recall@K reported. */
    static final int[] KS = {1, 5, 10};

    /** Recall at 1, 5 and 10: the fraction of queries whose true match ranks within the first K. */
    public record Recall(double at1, double at5, double at10) {
        static Recall mean(double[] sums, int queries) {
            return new Recall(sums[0] / queries, sums[1] / queries, sums[2] / queries);
        }

        @Override
        public String toString() {
            return String.format("R@1 %.3f R@5 %.3f R@10 %.3f", at1, at5, at10);
        }
    }

    /** Recalls when image i's one true caption is text i (a square matrix). */
    public static RetrievalRecall of(float[][] sim) {
        int[] imageOfText = new int[sim.length];
        Arrays.setAll(imageOfText, i -> i);
        return of(sim, imageOfText);
    }

    /**
     * Recalls when text j describes image {@code imageOfText[j]}: an image may have several true captions
     * (any one within K is a hit), every image at least one.
     */
    public static RetrievalRecall of(float[][] sim, int[] imageOfText) {
        int images = sim.length;
        int texts = imageOfText.length;
        boolean[][] truth = new boolean[images][texts];
        int[] captionsOf = new int[images];
        for (int j = 0; j < texts; j++) {
            if (imageOfText[j] < 0 || imageOfText[j] >= images) {
                throw new IllegalArgumentException("text " + j + " describes image " + imageOfText[j] + " of " + images);
            }
            truth[imageOfText[j]][j] = true;
            captionsOf[imageOfText[j]]++;
        }
        double[] i2t = new double[KS.length];
        double[] t2i = new double[KS.length];
        double[] chanceI2t = new double[KS.length];
        double[] chanceT2i = new double[KS.length];
        for (int i = 0; i < images; i++) {
            if (sim[i].length != texts) {
                throw new IllegalArgumentException("row " + i + " has " + sim[i].length + " similarities for " + texts + " texts");
            }
            if (captionsOf[i] == 0) {
                throw new IllegalArgumentException("image " + i + " has no true caption");
            }
            for (int k = 0; k < KS.length; k++) {
                i2t[k] += hitProbability(sim[i], truth[i], KS[k]);
                chanceI2t[k] += anyWithin(texts - captionsOf[i], texts, KS[k]);
            }
        }
        for (int j = 0; j < texts; j++) {
            float[] column = new float[images];
            boolean[] isTrue = new boolean[images];
            for (int i = 0; i < images; i++) {
                column[i] = sim[i][j];
            }
            isTrue[imageOfText[j]] = true;
            for (int k = 0; k < KS.length; k++) {
                t2i[k] += hitProbability(column, isTrue, KS[k]);
                chanceT2i[k] += anyWithin(images - 1, images, KS[k]);
            }
        }
        return new RetrievalRecall(Recall.mean(i2t, images), Recall.mean(t2i, texts), Recall.mean(chanceI2t, images),
                Recall.mean(chanceT2i, texts));
    }

    /**
     * The probability that a true item ranks within the first K when the scores are sorted and equal scores
     * put in random order: those scoring above the best true one come first; among the items tied with it,
     * at least one true one must fall within the places left.
     */
    static double hitProbability(float[] scores, boolean[] isTrue, int k) {
        float best = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < scores.length; j++) {
            if (Float.isNaN(scores[j])) {
                throw new IllegalArgumentException("similarity " + j + " is NaN");
            }
            if (isTrue[j]) {
                best = Math.max(best, scores[j]);
            }
        }
        int above = 0;
        int tied = 0;
        int tiedTrue = 0;
        for (int j = 0; j < scores.length; j++) {
            if (scores[j] > best) {
                above++;
            } else if (scores[j] == best) {
                tied++;
                tiedTrue += isTrue[j] ? 1 : 0;
            }
        }
        return anyWithin(tied - tiedTrue, tied, k - above);
    }

    /**
     * The probability that, of {@code total} items in random order of which {@code total - others} are
     * true, at least one true item falls within the first {@code places}: 1 - C(others, places) / C(total, places).
     */
    static double anyWithin(int others, int total, int places) {
        if (places <= 0) {
            return 0;
        }
        if (places > others) {
            return 1;
        }
        double allOthers = 1;
        for (int p = 0; p < places; p++) {
            allOthers *= (double) (others - p) / (total - p);
        }
        return 1 - allOthers;
    }

    @Override
    public String toString() {
        String chance = chanceImageToText.equals(chanceTextToImage) ? "chance " + chanceTextToImage
                : "chance image->text " + chanceImageToText + ", text->image " + chanceTextToImage;
        return "image->text " + imageToText + "; text->image " + textToImage + "; " + chance;
    }
}
