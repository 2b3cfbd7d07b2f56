package io.mmstream.streams.sequences;

import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.kafka.TopicReplay;
import io.mmstream.streams.records.FloatVectors;
import io.mmstream.streams.topics.Topics;
import io.mmstream.tokenizer.align.SegmentAligner;
import io.mmstream.tokenizer.kmeans.VisualCodebook;
import io.mmstream.tokenizer.text.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Re-derives the VideoBERT segments of the library already on the topics when a new codebook becomes
 * current, by replay, never by decoding again: the clips on {@code mm.clips} get their visual words
 * from the new codebook, the final sentences on {@code mm.transcripts} are aligned with them as the
 * live {@link SequenceProcessor} does, and the segments go to {@code mm.sequences} under the new
 * version, ready for {@code pretrain} (and for the embeddings of a later model).
 *
 * <p>Memory holds a visual word per clip and the text of each sentence, not the features: about 50 bytes
 * a clip.
 */
public final class SequenceBackfill {

    /** What a backfill produced. */
    public record Result(int videos, long clips, long sentences, long segments) {}

    private SequenceBackfill() {}

    /** Aligns the library on {@code cluster} with {@code codebook} (version {@code version}); {@code progress} gets clips replayed. */
    public static Result run(KafkaCluster cluster, VisualCodebook codebook, String version, WordPieceTokenizer wordPieces,
            LongConsumer progress) {
        Map<String, List<SegmentAligner.VisualWord>> words = new LinkedHashMap<>();
        long[] clips = {0};
        TopicReplay.replay(cluster, Topics.CLIPS, (video, clip) -> {
            if (video == null || clip == null || clip.getLast() || !clip.getExtractor().equals(codebook.extractor())
                    || clip.getDimension() != codebook.dimension()) {
                return;
            }
            int word = codebook.token(FloatVectors.unpack(clip.getFeatures()));
            words.computeIfAbsent(video, v -> new ArrayList<>())
                    .add(new SegmentAligner.VisualWord(clip.getIndex(), clip.getStartUs(), clip.getEndUs(), word));
            progress.accept(++clips[0]);
        });
        Map<String, List<SegmentAligner.Sentence>> sentences = new LinkedHashMap<>();
        long[] said = {0};
        TopicReplay.replay(cluster, Topics.TRANSCRIPTS, (video, t) -> {
            if (video != null && t != null && words.containsKey(video) && t.getIsFinal() && !t.getEndOfStream()
                    && !t.getText().isBlank()) {
                sentences.computeIfAbsent(video, v -> new ArrayList<>())
                        .add(new SegmentAligner.Sentence(t.getStartUs(), t.getEndUs(), t.getText()));
                said[0]++;
            }
        });
        long segments = 0;
        try (RecordSender sender = new RecordSender(cluster.producerConfig("mmstream-backfill", "zstd", 1 << 20))) {
            for (Map.Entry<String, List<SegmentAligner.VisualWord>> video : words.entrySet()) {
                SegmentAligner aligner = new SegmentAligner();
                List<SegmentAligner.Segment> done = new ArrayList<>();
                // a video ingested twice has its clips and sentences twice: each once
                video.getValue().stream().collect(java.util.stream.Collectors.toMap(SegmentAligner.VisualWord::clipIndex, w -> w,
                        (a, b) -> a, java.util.TreeMap::new)).values().forEach(w -> done.addAll(aligner.add(w)));
                sentences.getOrDefault(video.getKey(), List.of()).stream().distinct().forEach(s -> done.addAll(aligner.add(s)));
                done.addAll(aligner.endVisual());
                done.addAll(aligner.endText());
                long number = 0;
                for (SegmentAligner.Segment s : done) {
                    sender.send(Topics.SEQUENCES, video.getKey(), SequenceProcessor.sequence(wordPieces, video.getKey(), number++, s, version));
                }
                segments += number;
            }
            sender.flush();
        }
        return new Result(words.size(), clips[0], said[0], segments);
    }
}
