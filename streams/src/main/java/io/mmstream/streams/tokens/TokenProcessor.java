package io.mmstream.streams.tokens;

import io.mmstream.streams.dlq.DeadLetters;
import io.mmstream.streams.records.Clip;
import io.mmstream.streams.records.FloatVectors;
import io.mmstream.streams.records.VisualToken;
import io.mmstream.streams.topics.Topics;
import io.mmstream.tokenizer.kmeans.VisualCodebook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns each clip's features into its visual word with the current codebook, and records the
 * codebook version in the token. Clips whose features do not fit the codebook (another extractor,
 * another dimension, NaN) go to {@code mm.dlq}: never a wrong token.
 */
final class TokenProcessor implements Processor<String, Clip, String, SpecificRecord> {

    /** How often the codebook store is checked for a new version. */
    static final Duration RELOAD_EVERY = Duration.ofSeconds(2);

    private final CodebookSource codebooks;
    private ProcessorContext<String, SpecificRecord> context;

    TokenProcessor(CodebookSource codebooks) {
        this.codebooks = codebooks;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        context.schedule(RELOAD_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> codebooks.refresh());
    }

    @Override
    public void process(Record<String, Clip> record) {
        Clip clip = record.value();
        if (record.key() == null || clip == null) {
            return;
        }
        CodebookSource.Current current = codebooks.current();
        if (clip.getLast()) {
            context.forward(record.withValue(VisualToken.newBuilder()
                    .setVideoId(clip.getVideoId())
                    .setClipIndex(clip.getIndex())
                    .setStartUs(clip.getStartUs())
                    .setEndUs(clip.getEndUs())
                    .setToken(-1)
                    .setPath(List.of())
                    .setCodebookVersion(current == null ? "" : current.version())
                    .setLast(true)
                    .build()));
            return;
        }
        if (current == null) {
            deadLetter(record, "no codebook trained yet (run mmstream codebook train)");
            return;
        }
        VisualCodebook codebook = current.codebook();
        if (!clip.getExtractor().equals(codebook.extractor()) || clip.getDimension() != codebook.dimension()) {
            deadLetter(record, "clip " + clip.getIndex() + " has " + clip.getExtractor() + " features (" + clip.getDimension()
                    + "-d); codebook " + current.version() + " is for " + codebook.extractor() + " (" + codebook.dimension() + "-d)");
            return;
        }
        int[] path;
        try {
            path = codebook.path(FloatVectors.unpack(clip.getFeatures()));
        } catch (IllegalArgumentException e) {
            deadLetter(record, "clip " + clip.getIndex() + ": " + e.getMessage());
            return;
        }
        List<Integer> branches = new ArrayList<>(path.length);
        for (int branch : path) {
            branches.add(branch);
        }
        context.forward(record.withValue(VisualToken.newBuilder()
                .setVideoId(clip.getVideoId())
                .setClipIndex(clip.getIndex())
                .setStartUs(clip.getStartUs())
                .setEndUs(clip.getEndUs())
                .setToken(VisualCodebook.tokenOf(path, codebook.branching()))
                .setPath(branches)
                .setCodebookVersion(current.version())
                .build()));
    }

    private void deadLetter(Record<String, Clip> record, String reason) {
        byte[] original = Topics.CLIPS.valueSerde().serializer().serialize(Topics.CLIPS.name(), record.value());
        context.forward(record.withValue(DeadLetters.record(Topics.CLIPS.name(), "tokens", reason, record.key(), original)));
    }
}
