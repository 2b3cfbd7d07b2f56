package io.mmstream.streams.embeddings;

import io.mmstream.index.text.TextEncoder;
import io.mmstream.models.clip.ClipPair;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.TopicReplay;
import io.mmstream.streams.records.FloatVectors;
import io.mmstream.streams.records.Sequence;
import io.mmstream.streams.topics.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * CLIP's training pairs, replayed from the topics (never decoded again): each segment of
 * {@code mm.sequences} with words and clips becomes (the sentence vector of its words, its clips'
 * features from {@code mm.clips} with their visual words). A segment derived twice (a re-run, a
 * backfill) counts once: the latest derivation under the codebook wins.
 */
public final class ClipPairsReplay {

    /** The pairs, and what was left out. */
    public record Pairs(List<ClipPair> pairs, long sequences, long otherCodebook, long withoutClips, int featureDimension) {}

    private ClipPairsReplay() {}

    /**
     * The pairs of the segments derived under {@code codebookVersion}; {@code encoded} hears how many
     * texts have been encoded so far (the slow part: a few milliseconds each).
     */
    public static Pairs replay(KafkaCluster cluster, String codebookVersion, TextEncoder encoder, IntConsumer encoded) {
        Map<String, Sequence> segments = new LinkedHashMap<>();
        long[] counts = new long[3];
        TopicReplay.replay(cluster, Topics.SEQUENCES, (video, s) -> {
            counts[0]++;
            if (!s.getCodebookVersion().equals(codebookVersion)) {
                counts[1]++;
            } else if (!s.getText().isBlank() && !s.getClipIndices().isEmpty()
                    && s.getClipIndices().size() == s.getVisualTokens().size()) {
                segments.put(video + '\u0000' + s.getSegment(), s);
            } else if (!s.getText().isBlank()) {
                counts[2]++;
            }
        });
        Map<String, float[]> features = new HashMap<>();
        for (Sequence s : segments.values()) {
            s.getClipIndices().forEach(i -> features.put(clipKey(s.getVideoId(), i), null));
        }
        int[] dimension = {0};
        TopicReplay.replay(cluster, Topics.CLIPS, (video, c) -> {
            String key = clipKey(video, c.getIndex());
            if (!c.getLast() && c.getDimension() > 0 && features.containsKey(key)) {
                features.put(key, FloatVectors.unpack(c.getFeatures()));
                dimension[0] = c.getDimension();
            }
        });
        List<ClipPair> pairs = new ArrayList<>();
        int done = 0;
        for (Sequence s : segments.values()) {
            List<float[]> clips = new ArrayList<>();
            List<Integer> words = new ArrayList<>();
            for (int i = 0; i < s.getClipIndices().size(); i++) {
                float[] f = features.get(clipKey(s.getVideoId(), s.getClipIndices().get(i)));
                if (f != null && f.length == dimension[0]) {
                    clips.add(f);
                    // row 0 of the video tower's table is "no visual word"
                    words.add(s.getVisualTokens().get(i) + 1);
                }
            }
            if (clips.isEmpty()) {
                counts[2]++;
                continue;
            }
            pairs.add(new ClipPair(encoder.encode(s.getText()),
                    new ClipPair.Clips(clips, words.stream().mapToInt(Integer::intValue).toArray())));
            encoded.accept(++done);
        }
        return new Pairs(pairs, counts[0], counts[1], counts[2], dimension[0]);
    }

    private static String clipKey(String video, long index) {
        return video + '\u0000' + index;
    }
}
