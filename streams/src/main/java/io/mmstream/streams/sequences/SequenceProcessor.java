package io.mmstream.streams.sequences;

import io.mmstream.streams.records.Sequence;
import io.mmstream.streams.records.Transcript;
import io.mmstream.streams.records.VisualToken;
import io.mmstream.tokenizer.align.SegmentAligner;
import io.mmstream.tokenizer.text.WordPieceTokenizer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins a video's final transcripts and visual words into VideoBERT segments ({@code mm.sequences}):
 * a {@link SegmentAligner} per video, kept in a changelogged store so a restart or a rebalance
 * resumes where it was, and the sentences cut into BERT's WordPiece ids.
 */
final class SequenceProcessor implements Processor<String, SpecificRecord, String, Sequence> {

    /** The store of aligners (and segment counters) by video. */
    static final String STORE = "sequence-aligners";

    private final Supplier<WordPieceTokenizer> tokenizers;
    private ProcessorContext<String, Sequence> context;
    private KeyValueStore<String, byte[]> store;
    private WordPieceTokenizer wordPieces;

    SequenceProcessor(Supplier<WordPieceTokenizer> tokenizers) {
        this.tokenizers = tokenizers;
    }

    @Override
    public void init(ProcessorContext<String, Sequence> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.wordPieces = tokenizers.get();
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        String video = record.key();
        if (video == null || record.value() == null) {
            return;
        }
        byte[] saved = store.get(video);
        SegmentAligner aligner = saved == null ? new SegmentAligner() : SegmentAligner.fromBytes(saved);
        List<SegmentAligner.Segment> done = new ArrayList<>();
        String codebook = null;
        if (record.value() instanceof Transcript t) {
            if (t.getEndOfStream()) {
                done.addAll(aligner.endText());
            } else if (t.getIsFinal() && !t.getText().isBlank()) {
                done.addAll(aligner.add(new SegmentAligner.Sentence(t.getStartUs(), t.getEndUs(), t.getText())));
            } else {
                return;
            }
        } else if (record.value() instanceof VisualToken v) {
            codebook = v.getCodebookVersion();
            if (v.getLast()) {
                done.addAll(aligner.endVisual());
            } else {
                done.addAll(aligner.add(new SegmentAligner.VisualWord(v.getClipIndex(), v.getStartUs(), v.getEndUs(), v.getToken())));
            }
        } else {
            return;
        }
        String counterKey = video + "\u0000segments";
        long next = counter(store.get(counterKey));
        String version = codebook != null ? codebook : codebookOf(video);
        for (SegmentAligner.Segment s : done) {
            context.forward(record.withValue(sequence(wordPieces, video, next++, s, version)));
        }
        if (aligner.finished()) {
            store.delete(video);
            store.delete(counterKey);
            store.delete(video + "\u0000codebook");
        } else {
            store.put(video, aligner.toBytes());
            store.put(counterKey, ByteBuffer.allocate(8).putLong(next).array());
            if (codebook != null && !codebook.isEmpty()) {
                store.put(video + "\u0000codebook", codebook.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    private String codebookOf(String video) {
        byte[] b = store.get(video + "\u0000codebook");
        return b == null ? "" : new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static long counter(byte[] bytes) {
        return bytes == null ? 0 : ByteBuffer.wrap(bytes).getLong();
    }

    /** Segment {@code number} of {@code video} as a record: its sentence in WordPiece ids, its visual words and their clips. */
    static Sequence sequence(WordPieceTokenizer wordPieces, String video, long number, SegmentAligner.Segment s, String codebook) {
        List<Integer> text = new ArrayList<>();
        if (!s.text().isEmpty()) {
            for (int id : wordPieces.encode(s.text())) {
                text.add(id);
            }
        }
        List<Integer> visual = new ArrayList<>();
        List<Long> clips = new ArrayList<>();
        for (SegmentAligner.VisualWord w : s.visual()) {
            visual.add(w.word());
            clips.add(w.clipIndex());
        }
        return Sequence.newBuilder()
                .setVideoId(video)
                .setSegment(number)
                .setStartUs(s.startUs())
                .setEndUs(s.endUs())
                .setText(s.text())
                .setTextTokens(text)
                .setVisualTokens(visual)
                .setCodebookVersion(codebook)
                .setClipIndices(clips)
                .build();
    }

    @Override
    public void close() {
        if (wordPieces != null) {
            wordPieces.close();
        }
    }
}
