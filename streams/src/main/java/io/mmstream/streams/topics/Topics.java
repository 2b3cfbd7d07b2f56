package io.mmstream.streams.topics;

import io.mmstream.ingest.DecodeOptions;
import io.mmstream.streams.records.AudioChunk;
import io.mmstream.streams.records.AvroSerde;
import io.mmstream.streams.records.Caption;
import io.mmstream.streams.records.Clip;
import io.mmstream.streams.records.CodebookAnnouncement;
import io.mmstream.streams.records.DeadLetter;
import io.mmstream.streams.records.Embedding;
import io.mmstream.streams.records.Frame;
import io.mmstream.streams.records.ModelAnnouncement;
import io.mmstream.streams.records.Sequence;
import io.mmstream.streams.records.Transcript;
import io.mmstream.streams.records.Video;
import io.mmstream.streams.records.VisualToken;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The catalogue of mmstream's topics: each name with its serdes, partitions, compression and limits.
 *
 * <p>Keys are video ids, so one video's records stay ordered in one partition. Sizes are chosen for
 * the records: a frame is raw RGB24 of at most {@value DecodeOptions#MAX_SIDE_LIMIT} pixels a side
 * (3 MiB) and its topic takes 4 MiB; every other record is far below Kafka's default 1 MiB.
 * Compression matches what each producer sends (lz4 for ingest, zstd for derived records), so the
 * broker never recompresses.
 */
public final class Topics {

    /** Kafka's default record batch limit. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

    /** The frames topic's limit: the largest frame plus headroom for the record and batch headers. */
    public static final int FRAME_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    /** Partitions of the per-video topics: how many videos are worked on in parallel. */
    public static final int MEDIA_PARTITIONS = 4;

    private static final String KEEP_FOREVER = "-1";
    private static final String ONE_WEEK = String.valueOf(7L * 24 * 3600 * 1000);

    public static final Topic<String, Video> VIDEOS = media("mm.videos", Video.class, "lz4", KEEP_FOREVER);
    public static final Topic<String, Frame> FRAMES = new Topic<>("mm.frames", Serdes.String(), AvroSerde.of(Frame.class),
            MEDIA_PARTITIONS, Map.of(
                    "compression.type", "lz4",
                    "max.message.bytes", String.valueOf(FRAME_MAX_MESSAGE_BYTES),
                    "retention.ms", ONE_WEEK));
    public static final Topic<String, AudioChunk> AUDIO = media("mm.audio", AudioChunk.class, "lz4", ONE_WEEK);
    public static final Topic<String, Transcript> TRANSCRIPTS = media("mm.transcripts", Transcript.class, "zstd", KEEP_FOREVER);
    public static final Topic<String, Clip> CLIPS = media("mm.clips", Clip.class, "zstd", KEEP_FOREVER);
    public static final Topic<String, VisualToken> VISUAL_TOKENS = media("mm.visual-tokens", VisualToken.class, "zstd", KEEP_FOREVER);
    public static final Topic<String, Sequence> SEQUENCES = media("mm.sequences", Sequence.class, "zstd", KEEP_FOREVER);
    public static final Topic<String, Embedding> EMBEDDINGS = media("mm.embeddings", Embedding.class, "zstd", KEEP_FOREVER);
    public static final Topic<String, Caption> CAPTIONS = media("mm.captions", Caption.class, "zstd", KEEP_FOREVER);
    /** Compacted: only the latest announcement per key ("current") is kept. */
    public static final Topic<String, CodebookAnnouncement> CODEBOOKS = new Topic<>("mm.codebooks", Serdes.String(),
            AvroSerde.of(CodebookAnnouncement.class), 1, Map.of("cleanup.policy", "compact", "compression.type", "zstd"));
    /** Compacted: the latest trained version per architecture. */
    public static final Topic<String, ModelAnnouncement> MODELS = new Topic<>("mm.models", Serdes.String(),
            AvroSerde.of(ModelAnnouncement.class), 1, Map.of("cleanup.policy", "compact", "compression.type", "zstd"));
    /** The size of one chunk of a file on {@link #ARTIFACTS}. */
    public static final int ARTIFACT_CHUNK_BYTES = 1 << 20;
    /**
     * Compacted: the files of the codebooks and models, so every instance gets them (one partition,
     * so a file's chunks come before its manifest and a version's files before its CURRENT).
     */
    public static final Topic<String, byte[]> ARTIFACTS = new Topic<>("mm.artifacts", Serdes.String(), Serdes.ByteArray(), 1,
            Map.of("cleanup.policy", "compact", "compression.type", "producer",
                    "max.message.bytes", String.valueOf(ARTIFACT_CHUNK_BYTES + 64 * 1024)));
    public static final Topic<String, DeadLetter> DLQ = new Topic<>("mm.dlq", Serdes.String(), AvroSerde.of(DeadLetter.class),
            1, Map.of(
                    "compression.type", "zstd",
                    // a dead letter carries its original record, which may be a whole frame
                    "max.message.bytes", String.valueOf(FRAME_MAX_MESSAGE_BYTES),
                    "retention.ms", KEEP_FOREVER));

    /** The search index store's entries, as its changelog holds them. */
    public static final org.apache.kafka.common.serialization.Serde<io.mmstream.streams.records.IndexEntry> INDEX_ENTRY_SERDE =
            AvroSerde.of(io.mmstream.streams.records.IndexEntry.class);
    /** The search index store's changelog (made by Kafka Streams): named in messages. */
    public static final String INDEX_CHANGELOG = "mmstream-index-moments-changelog";

    private Topics() {}

    /** Every topic, in pipeline order. */
    public static List<Topic<?, ?>> all() {
        return List.of(VIDEOS, FRAMES, AUDIO, TRANSCRIPTS, CLIPS, VISUAL_TOKENS, SEQUENCES, EMBEDDINGS, CAPTIONS, CODEBOOKS, MODELS, ARTIFACTS, DLQ);
    }

    private static <V extends org.apache.avro.specific.SpecificRecord> Topic<String, V> media(
            String name, Class<V> type, String compression, String retention) {
        return new Topic<>(name, Serdes.String(), AvroSerde.of(type), MEDIA_PARTITIONS,
                Map.of("compression.type", compression, "retention.ms", retention));
    }
}
