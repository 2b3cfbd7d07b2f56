package io.mmstream.models.videobert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The segments pretraining draws its batches from, and how a batch is drawn, as in the paper:
 * a segment with text and video is a true pair half of the time and, the other half, its text
 * paired with the visual words of a segment of another video (the alignment task); text-only and
 * video-only segments train masked modelling of their one side; visual words are subsampled at a
 * random stride of 1 to 5 (VideoBERT's way of seeing speeds other than the video's own).
 */
public final class PretrainingCorpus {

    /** One segment of one video: WordPiece ids and visual words (codebook leaves). */
    public record Entry(String video, int[] text, int[] visual) {}

    private final List<Entry> entries = new ArrayList<>();
    private final List<Integer> joint = new ArrayList<>();
    private final VideoBertVocabulary vocabulary;
    private final Masking masking;
    private final int maxLength;

    public PretrainingCorpus(VideoBertVocabulary vocabulary, int maxLength) {
        this.vocabulary = vocabulary;
        this.masking = Masking.standard(vocabulary);
        this.maxLength = maxLength;
    }

    /** Adds a segment; visual words outside the vocabulary's codebook are refused. */
    public void add(Entry entry) {
        for (int w : entry.visual()) {
            if (w < 0 || w >= vocabulary.visualSize()) {
                throw new IllegalArgumentException("visual word " + w + " of " + entry.video() + " is outside the codebook's "
                        + vocabulary.visualSize() + " words");
            }
        }
        if (entry.text().length == 0 && entry.visual().length == 0) {
            return;
        }
        if (entry.text().length > 0 && entry.visual().length > 0) {
            joint.add(entries.size());
        }
        entries.add(entry);
    }

    public int size() {
        return entries.size();
    }

    /** Segments with both text and visual words. */
    public int jointSize() {
        return joint.size();
    }

    /** Real tokens of every segment, laid out: what one pass over the corpus reads. */
    public long tokens() {
        return entries.stream().mapToLong(e -> e.text().length + e.visual().length + 3L).sum();
    }

    /** A batch of {@code size} training examples drawn with {@code random}. */
    public List<PretrainingExample> batch(int size, Random random) {
        if (entries.isEmpty()) {
            throw new IllegalStateException("the corpus is empty");
        }
        List<PretrainingExample> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Entry e = entries.get(random.nextInt(entries.size()));
            int[] visual = subsample(e.visual(), random);
            boolean aligned = true;
            if (e.text().length > 0 && visual.length > 0 && random.nextBoolean()) {
                Entry other = otherVideo(e, random);
                if (other != null) {
                    visual = subsample(other.visual(), random);
                    aligned = false;
                }
            }
            batch.add(PretrainingExample.of(new Segment(e.text(), visual), aligned, vocabulary, masking, maxLength, random));
        }
        return batch;
    }

    /** A joint segment of another video, or null when there is none. */
    private Entry otherVideo(Entry e, Random random) {
        for (int attempt = 0; attempt < 8 && !joint.isEmpty(); attempt++) {
            Entry other = entries.get(joint.get(random.nextInt(joint.size())));
            if (!other.video().equals(e.video())) {
                return other;
            }
        }
        return null;
    }

    /** Every s-th visual word from a random offset, s drawn from 1 to 5 (at least one word kept). */
    static int[] subsample(int[] visual, Random random) {
        if (visual.length <= 1) {
            return visual;
        }
        int stride = 1 + random.nextInt(5);
        int offset = random.nextInt(Math.min(stride, visual.length));
        int[] out = new int[(visual.length - offset + stride - 1) / stride];
        for (int i = 0; i < out.length; i++) {
            out[i] = visual[offset + i * stride];
        }
        return out.length == 0 ? Arrays.copyOf(visual, 1) : out;
    }
}
