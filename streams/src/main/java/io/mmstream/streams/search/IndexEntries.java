package io.mmstream.streams.search;

import io.mmstream.index.Entry;
import io.mmstream.streams.records.FloatVectors;
import io.mmstream.streams.records.IndexEntry;
import io.mmstream.streams.records.IndexEntryKind;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Index entries between the search domain ({@link Entry}) and their Avro form on the store's changelog ({@link IndexEntry}). */
final class IndexEntries {

    private IndexEntries() {}

    static IndexEntry toRecord(Entry e, String vectorModel) {
        ByteBuffer times = ByteBuffer.allocate(e.words().size() * 16);
        List<String> words = new ArrayList<>(e.words().size());
        for (Entry.TimedWord w : e.words()) {
            words.add(w.text());
            times.putLong(w.startUs()).putLong(w.endUs());
        }
        times.flip();
        return IndexEntry.newBuilder()
                .setVideoId(e.video())
                .setKind(IndexEntryKind.valueOf(e.kind().name()))
                .setStartUs(e.startUs())
                .setEndUs(e.endUs())
                .setText(e.text())
                .setWords(words)
                .setWordTimes(times)
                .setPath(e.path())
                .setVector(e.vector() == null ? null : FloatVectors.pack(e.vector()))
                .setVectorModel(e.vector() == null ? "" : vectorModel)
                .setSharedVector(e.shared() == null ? null : FloatVectors.pack(e.shared().vector()))
                .setSharedSpace(e.shared() == null ? "" : e.shared().space())
                .build();
    }

    static Entry fromRecord(IndexEntry r) {
        ByteBuffer times = r.getWordTimes().duplicate();
        List<Entry.TimedWord> words = new ArrayList<>(r.getWords().size());
        for (String w : r.getWords()) {
            words.add(new Entry.TimedWord(w, times.getLong(), times.getLong()));
        }
        return new Entry(r.getVideoId(), Entry.Kind.valueOf(r.getKind().name()), r.getStartUs(), r.getEndUs(), r.getText(),
                words, r.getPath(), r.getVector() == null ? null : FloatVectors.unpack(r.getVector()),
                r.getSharedVector() == null ? null : new Entry.Shared(r.getSharedSpace(), FloatVectors.unpack(r.getSharedVector())));
    }
}
