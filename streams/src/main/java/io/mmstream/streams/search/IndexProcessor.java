package io.mmstream.streams.search;

import io.mmstream.index.Entry;
import io.mmstream.index.text.TextEncoder;
import io.mmstream.streams.records.Clip;
import io.mmstream.streams.records.FloatVectors;
import io.mmstream.models.clip.ClipSpace;
import io.mmstream.streams.records.IndexEntry;
import io.mmstream.streams.records.IndexEntryKind;
import io.mmstream.streams.records.SourceKind;
import io.mmstream.streams.records.TimedWord;
import io.mmstream.streams.records.Transcript;
import io.mmstream.streams.records.Video;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the task's search index current from the videos and their transcripts:
 * <ul>
 *   <li>a video (file) is remembered; its entry, which makes it searchable, is added only once its
 *       transcripts have ended, so a video half-way through is never found (whichever of its record
 *       and its transcripts' end is read first: they are on two topics);
 *   <li>each final utterance becomes an entry with its words, times and the vector of its meaning;
 *   <li>the objects a detector saw in a clip (index --objects) become an entry of their names, timed to
 *       the clip and searched like words said;
 *   <li>each clip becomes an entry with its features: what search by picture compares; once a CLIP
 *       model is current, also with its vector in the model's text-video space (and when a newer model
 *       becomes current, the clips already indexed are moved into its space, from the store, within seconds);
 *   <li>a video's tombstone (its file was deleted, or changed into another video) removes all its entries.
 * </ul>
 * Entries are keyed by video, kind and start, so records seen twice (a replay, a re-run) change nothing.
 */
final class IndexProcessor implements Processor<String, SpecificRecord, Void, Void> {

    /** How often the processor looks for a newer CLIP model. */
    static final java.time.Duration SPACE_CHECK = java.time.Duration.ofSeconds(5);

    private final Supplier<TextEncoder> encoders;
    private final Supplier<ClipSpace> spaces;
    private TextEncoder encoder;
    private KeyValueStore<String, IndexEntry> moments;
    private KeyValueStore<String, Video> videos;
    /** Under {@link #SPACE}: the space the task's clips were last moved into. */
    private KeyValueStore<String, String> space;
    private static final String SPACE = "space";
    /** The format of an {@link #endMark}: no container is called that. */
    private static final String TRANSCRIPTS_ENDED = "(transcripts ended first)";
    /** How long an end mark waits for its video's record (see {@link #forgetOldEndMarks}). */
    static final java.time.Duration END_MARK_LIFE = java.time.Duration.ofMinutes(5);
    private ProcessorContext<Void, Void> context;

    IndexProcessor(Supplier<TextEncoder> encoders, Supplier<ClipSpace> spaces) {
        this.encoders = encoders;
        this.spaces = spaces;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        moments = context.getStateStore(IndexTopology.STORE);
        videos = context.getStateStore(IndexTopology.VIDEOS_STORE);
        space = context.getStateStore(IndexTopology.SPACE_STORE);
        encoder = encoders.get();
        // the store is restored by now: a model trained since the last run is taken up at once
        moveClipsToCurrentSpace();
        context.schedule(SPACE_CHECK, org.apache.kafka.streams.processor.PunctuationType.WALL_CLOCK_TIME, now -> moveClipsToCurrentSpace());
        context.schedule(END_MARK_LIFE, org.apache.kafka.streams.processor.PunctuationType.WALL_CLOCK_TIME, this::forgetOldEndMarks);
    }

    /**
     * Drops the end marks older than {@link #END_MARK_LIFE}. A video's record and its transcripts' end are
     * read within moments of each other whatever their order; a mark that waits longer is one no file
     * record will claim (the end of a picture-caption pair, whose record is of another kind), and would
     * otherwise be kept for every pair.
     */
    private void forgetOldEndMarks(long now) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Video> it = videos.all()) {
            it.forEachRemaining(kv -> {
                if (isEndMark(kv.value) && kv.value.getOpenedAtMs() < now - END_MARK_LIFE.toMillis()) {
                    old.add(kv.key);
                }
            });
        }
        old.forEach(videos::delete);
    }

    /** Puts the clips indexed in another space (or none) into the current CLIP model's space. */
    private void moveClipsToCurrentSpace() {
        ClipSpace current = spaces.get();
        if (current == null || current.name().equals(space.get(SPACE))) {
            return;
        }
        List<IndexEntry> stale = new ArrayList<>();
        try (KeyValueIterator<String, IndexEntry> it = moments.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.getKind() == IndexEntryKind.CLIP && !current.name().equals(kv.value.getSharedSpace())) {
                    stale.add(kv.value);
                }
            });
        }
        for (IndexEntry r : stale) {
            Entry e = IndexEntries.fromRecord(r);
            put(e.withShared(shared(current, e.vector())), r.getVectorModel());
        }
        if (!stale.isEmpty()) {
            System.err.printf(java.util.Locale.ROOT, "index: %,d clips put into the space of %s%n", stale.size(), current.name());
        }
        space.put(SPACE, current.name());
    }

    /** A clip's features in {@code space}, or null when the model takes features of another extractor. */
    private static Entry.Shared shared(ClipSpace clipSpace, float[] features) {
        if (clipSpace == null || features == null || features.length != clipSpace.featureDimension()) {
            return null;
        }
        // the clip's visual word is not known here (it comes on mm.visual_tokens): the tower is trained for that
        return new Entry.Shared(clipSpace.name(), clipSpace.clip(features, 0));
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        String video = record.key();
        if (video == null || !io.mmstream.ingest.ContentIds.isContentId(video)) {
            // the library is what was ingested or indexed by content; captions runs and live streams are not in it
            return;
        }
        SpecificRecord value = record.value();
        if (value == null) {
            remove(video);
        } else if (value instanceof Video v) {
            if (v.getKind() != SourceKind.FILE) {
                videos.delete(video);
            } else {
                Video stored = videos.get(video);
                videos.put(video, v);
                if (stored != null && isEndMark(stored)) {
                    // its transcripts were read first (another topic): the video is whole already
                    put(Entry.video(video, v.getUri(), v.getDurationUs()));
                }
            }
        } else if (value instanceof Clip c) {
            if (!c.getLast() && c.getDimension() > 0) {
                float[] features = FloatVectors.unpack(c.getFeatures());
                put(new Entry(video, Entry.Kind.CLIP, c.getStartUs(), c.getEndUs(), "", List.of(), "", features,
                        shared(spaces.get(), features)), c.getExtractor());
            }
            if (!c.getLast() && !c.getObjects().isEmpty()) {
                put(shown(video, c), "");
            }
        } else if (value instanceof Transcript t) {
            if (t.getEndOfStream()) {
                Video v = videos.get(video);
                if (v == null) {
                    videos.put(video, endMark(video, context.currentSystemTimeMs()));
                } else if (!isEndMark(v)) {
                    put(Entry.video(video, v.getUri(), v.getDurationUs()));
                }
            } else if (t.getIsFinal() && !t.getText().isBlank()) {
                put(utterance(video, t));
            }
        }
    }

    /**
     * What the videos store holds for a video whose transcripts ended before its record was read: the
     * two are on different topics, and a task may read either first (a restart, a rebalance, a
     * replay). The video's entry is added when its record comes. It holds when it was made (wall clock).
     */
    private static Video endMark(String video, long nowMs) {
        return Video.newBuilder().setVideoId(video).setUri("").setKind(SourceKind.FILE).setFormat(TRANSCRIPTS_ENDED)
                .setDurationUs(-1).setOpenedAtMs(nowMs).build();
    }

    private static boolean isEndMark(Video v) {
        return TRANSCRIPTS_ENDED.equals(v.getFormat()) && v.getUri().isEmpty();
    }

    private Entry utterance(String video, Transcript t) {
        List<Entry.TimedWord> words = new ArrayList<>(t.getWords().size());
        for (TimedWord w : t.getWords()) {
            words.add(new Entry.TimedWord(w.getText(), w.getStartUs(), w.getEndUs()));
        }
        return new Entry(video, Entry.Kind.UTTERANCE, t.getStartUs(), t.getEndUs(), t.getText(), words, "",
                encoder == null ? null : encoder.encode(t.getText()));
    }

    /** What a clip shows, as words: each object's name once, timed to the clip, best first. */
    private Entry shown(String video, Clip c) {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        c.getObjects().forEach(o -> names.add(o.getLabel()));
        String text = String.join(", ", names);
        List<Entry.TimedWord> words = new ArrayList<>();
        for (String name : names) {
            for (String word : name.split(" ")) {
                words.add(new Entry.TimedWord(word, c.getStartUs(), c.getEndUs()));
            }
        }
        // no meaning vector: object names are found by their words only (MomentSearch)
        return new Entry(video, Entry.Kind.SHOWN, c.getStartUs(), c.getEndUs(), text, words, "", null);
    }

    private void put(Entry e) {
        put(e, encoder == null ? "" : encoder.name());
    }

    private void put(Entry e, String vectorModel) {
        moments.put(e.key(), IndexEntries.toRecord(e, vectorModel));
    }

    /** Removes every entry of {@code video}. */
    private void remove(String video) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, IndexEntry> it = moments.prefixScan(video + '\u0000', new StringSerializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(moments::delete);
        videos.delete(video);
    }
}
