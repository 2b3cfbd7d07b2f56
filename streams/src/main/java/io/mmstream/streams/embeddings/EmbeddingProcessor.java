package io.mmstream.streams.embeddings;

import io.mmstream.models.videobert.Segment;
import io.mmstream.models.videobert.VideoBert;
import io.mmstream.streams.dlq.DeadLetters;
import io.mmstream.streams.records.Embedding;
import io.mmstream.streams.records.FloatVectors;
import io.mmstream.streams.records.Sequence;
import io.mmstream.streams.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Runs VideoBERT on each segment of {@code mm.sequences}: its pooled embedding, and one embedding
 * per clip (the last layer at the clip's visual word), each recording the model version. Segments
 * the model cannot read (no model yet, visual words of another codebook) go to {@code mm.dlq}.
 */
final class EmbeddingProcessor implements Processor<String, Sequence, String, SpecificRecord> {

    /** How often the model store is checked for a new version. */
    static final Duration RELOAD_EVERY = Duration.ofSeconds(2);

    private final ModelSource models;
    private ProcessorContext<String, SpecificRecord> context;

    EmbeddingProcessor(ModelSource models) {
        this.models = models;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        context.schedule(RELOAD_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> models.refresh());
    }

    @Override
    public void process(Record<String, Sequence> record) {
        Sequence s = record.value();
        if (record.key() == null || s == null) {
            return;
        }
        ModelSource.Current current = models.current();
        if (current == null) {
            deadLetter(record, "no VideoBERT trained yet (run mmstream pretrain --model videobert)");
            return;
        }
        try {
            for (Embedding e : embeddings(current.model(), current.version(), s)) {
                context.forward(record.withValue(e));
            }
        } catch (IllegalArgumentException e) {
            deadLetter(record, e.getMessage());
        }
    }

    /**
     * The embeddings of segment {@code s} by {@code model} (version {@code version}): the pooled one,
     * then one per clip; {@link IllegalArgumentException} when the segment's visual words are not the model's.
     */
    static List<Embedding> embeddings(VideoBert model, String version, Sequence s) {
        int[] text = s.getTextTokens().stream().mapToInt(Integer::intValue).toArray();
        int[] visual = s.getVisualTokens().stream().mapToInt(Integer::intValue).toArray();
        for (int w : visual) {
            if (w < 0 || w >= model.vocabulary().visualSize()) {
                throw new IllegalArgumentException("segment " + s.getSegment() + ": visual word " + w + " (codebook "
                        + s.getCodebookVersion() + ") is outside model " + version + "'s " + model.vocabulary().visualSize() + " words");
            }
        }
        Segment.Layout layout = new Segment(text, visual).layout(model.vocabulary(), model.config().maxLength());
        VideoBert.Encoding encoding = model.encode(layout);
        List<Embedding> out = new ArrayList<>();
        out.add(embedding(s, null, s.getStartUs(), s.getEndUs(), version, encoding.pooled()));
        // the visual words sit at the end of the layout, before [SEP]; a cut segment keeps its first words
        List<Long> clips = s.getClipIndices();
        int kept = 0;
        for (int id : layout.ids()) {
            kept += model.vocabulary().isVisual(id) ? 1 : 0;
        }
        int firstVisual = layout.length() - 1 - kept;
        for (int i = 0; i < kept && i < clips.size(); i++) {
            out.add(embedding(s, clips.get(i), s.getStartUs(), s.getEndUs(), version, encoding.tokens()[firstVisual + i]));
        }
        return out;
    }

    private static Embedding embedding(Sequence s, Long clip, long startUs, long endUs, String version, float[] vector) {
        return Embedding.newBuilder()
                .setVideoId(s.getVideoId())
                .setSegment(s.getSegment())
                .setClipIndex(clip)
                .setStartUs(startUs)
                .setEndUs(endUs)
                .setModelVersion(version)
                .setDimension(vector.length)
                .setVector(FloatVectors.pack(vector))
                .build();
    }

    private void deadLetter(Record<String, Sequence> record, String reason) {
        byte[] original = Topics.SEQUENCES.valueSerde().serializer().serialize(Topics.SEQUENCES.name(), record.value());
        context.forward(record.withValue(DeadLetters.record(Topics.SEQUENCES.name(), "embeddings", reason, record.key(), original)));
    }
}
