package io.mmstream.streams.records;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One fixed record of every type, and the golden files that hold their v1 encodings.
 *
 * <p>Run {@code main} only when adding a record type: goldens are never rewritten for an existing
 * version, since their point is that bytes written by a released version keep decoding.
 */
public final class GoldenRecords {

    private GoldenRecords() {}

    /**
     * Golden files of released versions older than the current one, with the record each must decode
     * to under the current schema (new fields take their defaults).
     */
    public static Map<String, SpecificRecord> olderVersions() {
        Map<String, SpecificRecord> r = new LinkedHashMap<>();
        r.put("Frame.v1.bin", records().get("Frame.v2.bin")); // v2 added "last", default false
        Clip withoutObjects = Clip.newBuilder((Clip) records().get("Clip.v3.bin")).setObjects(List.of()).build();
        r.put("Clip.v1.bin", withoutObjects); // v2 added "last", default false; v3 "objects", default []
        r.put("Clip.v2.bin", withoutObjects);
        r.put("VisualToken.v1.bin", records().get("VisualToken.v2.bin")); // v2 added "last", default false
        r.put("Transcript.v1.bin", Transcript.newBuilder((Transcript) records().get("Transcript.v2.bin"))
                .setSpeakerChangesUs(List.of()).setSpeakersCheckedUntilUs(Long.MAX_VALUE).build()); // v2 added the speaker changes
        r.put("AudioChunk.v1.bin", AudioChunk.newBuilder((AudioChunk) records().get("AudioChunk.v2.bin"))
                .setLive(false).build()); // v2 added "live", default false
        r.put("Sequence.v1.bin", Sequence.newBuilder((Sequence) records().get("Sequence.v2.bin"))
                .setClipIndices(List.of()).build()); // v2 added "clip_indices", default []
        IndexEntry utterance = IndexEntry.newBuilder((IndexEntry) records().get("IndexEntry.v3.bin"))
                .setKind(IndexEntryKind.UTTERANCE).build();
        r.put("IndexEntry.v1.bin", IndexEntry.newBuilder(utterance)
                .setSharedVector(null).setSharedSpace("").build()); // v2 added "shared_vector" and "shared_space"
        r.put("IndexEntry.v2.bin", utterance); // v3 added the kind SHOWN
        return r;
    }

    /** The records of the current version, by golden file name. */
    public static Map<String, SpecificRecord> records() {
        Map<String, SpecificRecord> r = new LinkedHashMap<>();
        r.put("Video.v1.bin", Video.newBuilder().setVideoId("talk-0a1b2c3d").setUri("/videos/talk.mp4")
                .setKind(SourceKind.FILE).setFormat("mov,mp4,m4a,3gp,3g2,mj2").setDurationUs(29_267_000)
                .setVideoCodec("h264").setWidth(320).setHeight(180).setFrameRate(15.0)
                .setAudioCodec("aac").setAudioSampleRate(16_000).setAudioChannels(1)
                .setOpenedAtMs(1_700_000_000_000L).build());
        r.put("Frame.v2.bin", Frame.newBuilder().setVideoId("talk-0a1b2c3d").setIndex(7).setPtsUs(350_000)
                .setWidth(2).setHeight(2).setEncoding(PixelEncoding.RGB24)
                .setPixels(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})).setLast(false).build());
        r.put("AudioChunk.v2.bin", AudioChunk.newBuilder().setVideoId("talk-0a1b2c3d").setStartUs(200_000)
                .setSampleRate(16_000).setPcm(ByteBuffer.wrap(new byte[] {0, 1, -1, 127})).setLast(false).setLive(true).build());
        r.put("Transcript.v2.bin", Transcript.newBuilder().setVideoId("talk-0a1b2c3d").setStartUs(720_000)
                .setEndUs(1_380_000).setText("he was")
                .setWords(List.of(new TimedWord("he", 720_000L, 900_000L, 1.0f), new TimedWord("was", 900_000L, 1_380_000L, 0.75f)))
                .setIsFinal(true).setEndOfStream(false).setSpeakerChangesUs(List.of(890_000L)).setSpeakersCheckedUntilUs(1_200_000L).build());
        r.put("Caption.v1.bin", Caption.newBuilder().setVideoId("talk-0a1b2c3d").setStartUs(720_000).setEndUs(1_720_000)
                .setLines(List.of("he was not", "an ill disposed young man")).setIsFinal(true).setEndOfStream(false)
                .setEmittedAtMs(1_700_000_000_123L).build());
        r.put("Clip.v3.bin", Clip.newBuilder().setVideoId("talk-0a1b2c3d").setIndex(3).setStartUs(4_500_000)
                .setEndUs(6_000_000).setFrameCount(30).setExtractor("stats-v1").setDimension(2)
                .setFeatures(FloatVectors.pack(new float[] {0.6f, -0.8f})).setLast(false)
                .setObjects(List.of(ClipObject.newBuilder().setLabel("cat").setClassId(15).setScore(0.5f)
                        .setBox(List.of(0f, 0.25f, 0.75f, 1f)).build())).build());
        r.put("VisualToken.v2.bin", VisualToken.newBuilder().setVideoId("talk-0a1b2c3d").setClipIndex(3)
                .setStartUs(4_500_000).setEndUs(6_000_000).setToken(12_345).setPath(List.of(7, 1, 11, 9))
                .setCodebookVersion("cb-1").setLast(false).build());
        r.put("Sequence.v2.bin", Sequence.newBuilder().setVideoId("talk-0a1b2c3d").setSegment(2).setStartUs(8_867_000)
                .setEndUs(11_387_000).setText("he was").setTextTokens(List.of(101, 2002, 2001, 102))
                .setVisualTokens(List.of(12_345, 99)).setCodebookVersion("cb-1").setClipIndices(List.of(5L, 6L)).build());
        r.put("Embedding.v1.bin", Embedding.newBuilder().setVideoId("talk-0a1b2c3d").setSegment(2).setClipIndex(null)
                .setStartUs(8_867_000).setEndUs(11_387_000).setModelVersion("videobert-1").setDimension(3)
                .setVector(FloatVectors.pack(new float[] {1f, 0f, -1f})).build());
        r.put("CodebookAnnouncement.v1.bin", CodebookAnnouncement.newBuilder().setVersion("cb-20261127-112722-4x12-s42")
                .setLevels(4).setBranching(12).setDimension(135).setExtractor("color-motion-v1").setClips(100_000)
                .setFile("/data/codebooks/cb-20261127-112722-4x12-s42.mmcb").setCreatedAtMs(1_700_000_000_789L).build());
        r.put("ModelAnnouncement.v1.bin", ModelAnnouncement.newBuilder().setVersion("videobert-small-20261127-130000-s42")
                .setArchitecture("videobert").setSize("small").setSteps(10_000).setFinalLoss(2.5f)
                .setFolder("/data/models/videobert/videobert-small-20261127-130000-s42/model").setCreatedAtMs(1_700_000_000_999L).build());
        r.put("IndexEntry.v3.bin", IndexEntry.newBuilder().setVideoId("3f9a0c1b2d4e5f60").setKind(IndexEntryKind.SHOWN)
                .setStartUs(720_000).setEndUs(1_380_000).setText("he was").setWords(List.of("he", "was"))
                .setWordTimes(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 10, -4, -128, 0, 0, 0, 0, 0, 13, -69, -96,
                        0, 0, 0, 0, 0, 13, -69, -96, 0, 0, 0, 0, 0, 21, 22, 32}))
                .setPath("").setVector(FloatVectors.pack(new float[] {0.6f, 0.8f})).setVectorModel("all-minilm-l6-v2-q")
                .setSharedVector(FloatVectors.pack(new float[] {0.8f, -0.6f})).setSharedSpace("clip-20261129-031500-s42").build());
        r.put("DeadLetter.v1.bin", DeadLetter.newBuilder().setSource("/videos/broken.mp4").setStage("ingest")
                .setReason("cannot open: Invalid data found when processing input").setVideoId("broken-00000000")
                .setTopic(null).setOriginal(null).setFailedAtMs(1_700_000_000_456L).build());
        return r;
    }

    /** Writes the golden files that do not exist yet into {@code args[0]} (src/test/resources/golden). */
    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        for (Map.Entry<String, SpecificRecord> e : records().entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.exists(file)) {
                Class<SpecificRecord> type = (Class<SpecificRecord>) e.getValue().getClass();
                Files.write(file, AvroSerde.of(type).encode(e.getValue()));
                System.out.println("wrote " + file);
            }
        }
    }
}
