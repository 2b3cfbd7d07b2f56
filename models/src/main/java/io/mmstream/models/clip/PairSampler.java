package io.mmstream.models.clip;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws training batches of distinct pairs. Half of the segments keep only a random run of their
 * clips, down to one, and half lose their visual words: indexing embeds single clips whose visual
 * word it may not know, so the video tower learns to place those too.
 */
public final class PairSampler {

    private final List<ClipPair> pairs;
    private final Random random;

    public PairSampler(List<ClipPair> pairs, long seed) {
        if (pairs.size() < 2) {
            throw new IllegalArgumentException("contrastive training needs at least two pairs, not " + pairs.size());
        }
        this.pairs = List.copyOf(pairs);
        this.random = new Random(seed);
    }

    /** {@code size} distinct pairs (fewer when there are fewer), augmented as the class says. */
    public List<ClipPair> batch(int size) {
        int n = Math.min(size, pairs.size());
        List<ClipPair> batch = new ArrayList<>(n);
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        while (batch.size() < n) {
            int i = random.nextInt(pairs.size());
            if (taken.add(i)) {
                batch.add(augmented(pairs.get(i)));
            }
        }
        return batch;
    }

    private ClipPair augmented(ClipPair pair) {
        List<float[]> features = pair.video().features();
        int[] words = pair.video().words();
        int from = 0;
        int to = words.length;
        if (random.nextBoolean()) {
            int length = 1 + random.nextInt(words.length);
            from = random.nextInt(words.length - length + 1);
            to = from + length;
        }
        int[] kept = java.util.Arrays.copyOfRange(words, from, to);
        if (random.nextBoolean()) {
            java.util.Arrays.fill(kept, 0);
        }
        return new ClipPair(pair.text(), new ClipPair.Clips(features.subList(from, to), kept));
    }
}
