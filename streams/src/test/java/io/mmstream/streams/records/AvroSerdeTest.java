package io.mmstream.streams.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    @Test
    void singleObjectEncodingCarriesTheSchemaFingerprint() {
        AvroSerde<AudioChunk> serde = AvroSerde.of(AudioChunk.class);
        AudioChunk chunk = AudioChunk.newBuilder().setVideoId("v").setStartUs(5).setPcm(ByteBuffer.wrap(new byte[] {1, 2}))
                .build();
        byte[] bytes = serde.encode(chunk);
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        long fingerprint = SchemaNormalization.parsingFingerprint64(AudioChunk.getClassSchema());
        assertEquals(fingerprint, ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
        assertEquals(chunk, serde.decode(bytes));
    }

    @Test
    void garbageIsRefusedWithAClearMessage() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> AvroSerde.of(Transcript.class).decode(new byte[] {1, 2, 3, 4, 5}));
        assertTrue(e.getMessage().startsWith("not a valid Transcript record (5 bytes)"), e.getMessage());
        SerializationException wrongType = assertThrows(SerializationException.class,
                () -> AvroSerde.of(Transcript.class).decode(AvroSerde.of(AudioChunk.class).encode(
                        AudioChunk.newBuilder().setVideoId("v").setStartUs(0).setPcm(ByteBuffer.allocate(0)).build())));
        assertTrue(wrongType.getMessage().startsWith("not a valid Transcript record"), wrongType.getMessage());
    }

    @Test
    void everyCurrentSchemaIsInTheHistory() {
        Set<Long> released = SchemaHistory.schemas().stream()
                .map(SchemaNormalization::parsingFingerprint64).collect(Collectors.toSet());
        for (Class<?> type : List.of(Video.class, Frame.class, AudioChunk.class, Transcript.class, Caption.class, Clip.class,
                VisualToken.class, Sequence.class, Embedding.class, DeadLetter.class, CodebookAnnouncement.class,
                ModelAnnouncement.class)) {
            Schema current = SpecificData.get().getSchema(type);
            assertTrue(released.contains(SchemaNormalization.parsingFingerprint64(current)),
                    type.getSimpleName() + " changed: add it to records/history as a new version");
        }
    }

    @Test
    void vectorsArePackedFloat32() {
        float[] v = {1.5f, -2f, Float.MIN_VALUE};
        ByteBuffer packed = FloatVectors.pack(v);
        assertEquals(12, packed.remaining());
        assertArrayEquals(v, FloatVectors.unpack(packed));
    }
}
