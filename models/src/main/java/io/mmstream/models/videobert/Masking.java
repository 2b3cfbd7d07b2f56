package io.mmstream.models.videobert;

import java.util.Random;

/**
 * BERT's masking for VideoBERT's masked modelling: 15% of the word pieces and visual words of a
 * segment are chosen for prediction; of those, 80% become [MASK], 10% a random token of the same
 * kind (a word piece for a word piece, a visual word for a visual word), and 10% stay as they are.
 * Special tokens are never chosen.
 */
public final class Masking {

    /** The label of a position the model is not asked to predict. */
    public static final int IGNORED = -1;

    private final VideoBertVocabulary vocabulary;
    private final double rate;

    public Masking(VideoBertVocabulary vocabulary, double rate) {
        if (rate <= 0 || rate >= 1) {
            throw new IllegalArgumentException("masking rate must be in (0, 1), got " + rate);
        }
        this.vocabulary = vocabulary;
        this.rate = rate;
    }

    /** The paper's (and BERT's) 15%. */
    public static Masking standard(VideoBertVocabulary vocabulary) {
        return new Masking(vocabulary, 0.15);
    }

    /**
     * Masks {@code ids}: returns the ids the model reads and, per position, the id to predict or
     * {@link #IGNORED}. At least one token is chosen when the segment has any.
     */
    public Masked mask(int[] ids, Random random) {
        int[] input = ids.clone();
        int[] labels = new int[ids.length];
        java.util.Arrays.fill(labels, IGNORED);
        int candidates = 0;
        boolean chose = false;
        for (int i = 0; i < ids.length; i++) {
            if (!maskable(ids[i])) {
                continue;
            }
            candidates++;
            if (random.nextDouble() < rate) {
                choose(input, labels, i, random);
                chose = true;
            }
        }
        if (!chose && candidates > 0) {
            int pick = random.nextInt(candidates);
            for (int i = 0; i < ids.length; i++) {
                if (maskable(ids[i]) && pick-- == 0) {
                    choose(input, labels, i, random);
                    break;
                }
            }
        }
        return new Masked(input, labels);
    }

    private boolean maskable(int id) {
        return vocabulary.isWordPiece(id) || vocabulary.isVisual(id);
    }

    private void choose(int[] input, int[] labels, int i, Random random) {
        int original = input[i];
        labels[i] = original;
        double roll = random.nextDouble();
        if (roll < 0.8) {
            input[i] = VideoBertVocabulary.MASK;
        } else if (roll < 0.9) {
            input[i] = vocabulary.isVisual(original)
                    ? vocabulary.visual(random.nextInt(vocabulary.visualSize()))
                    : VideoBertVocabulary.FIRST_WORD_PIECE + random.nextInt(vocabulary.textSize() - VideoBertVocabulary.FIRST_WORD_PIECE);
        }
    }

    /**
     * A masked segment.
     *
     * @param input ids the model reads
     * @param labels per position, the original id to predict, or {@link #IGNORED}
     */
    public record Masked(int[] input, int[] labels) {}
}
