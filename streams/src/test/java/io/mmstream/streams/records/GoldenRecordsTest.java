package io.mmstream.streams.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Bytes written by released versions must keep decoding, today and after the schemas evolve. */
class GoldenRecordsTest {

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = GoldenRecordsTest.class.getResourceAsStream("/golden/" + name)) {
            assertNotNull(in, "golden file missing: " + name + " (run GoldenRecords.main for a new record type)");
            return in.readAllBytes();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyGoldenDecodesToItsRecord() throws IOException {
        assertFalse(GoldenRecords.records().isEmpty());
        for (Map.Entry<String, SpecificRecord> e : GoldenRecords.records().entrySet()) {
            Class<SpecificRecord> type = (Class<SpecificRecord>) e.getValue().getClass();
            assertEquals(e.getValue(), AvroSerde.of(type).decode(golden(e.getKey())), e.getKey());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void goldensOfOlderVersionsDecodeUnderTheCurrentSchemas() throws IOException {
        assertFalse(GoldenRecords.olderVersions().isEmpty());
        for (Map.Entry<String, SpecificRecord> e : GoldenRecords.olderVersions().entrySet()) {
            Class<SpecificRecord> type = (Class<SpecificRecord>) e.getValue().getClass();
            assertEquals(e.getValue(), AvroSerde.of(type).decode(golden(e.getKey())), e.getKey());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void thisVersionStillWritesTheGoldenBytes() throws IOException {
        assertFalse(GoldenRecords.records().isEmpty());
        for (Map.Entry<String, SpecificRecord> e : GoldenRecords.records().entrySet()) {
            Class<SpecificRecord> type = (Class<SpecificRecord>) e.getValue().getClass();
            org.junit.jupiter.api.Assertions.assertArrayEquals(golden(e.getKey()), AvroSerde.of(type).encode(e.getValue()),
                    e.getKey() + ": the encoding changed; add a new schema version to the history instead");
        }
    }

    @Test
    void anEvolvedReaderResolvesTheV1WriterFromTheHistory() throws IOException {
        // Caption v2 (a test schema) adds a language field with a default, as a later release might.
        Schema v2;
        try (InputStream in = getClass().getResourceAsStream("/evolved/Caption.v2.avsc")) {
            v2 = new Schema.Parser().parse(in);
        }
        BinaryMessageDecoder<GenericRecord> decoder = new BinaryMessageDecoder<>(GenericData.get(), v2, SchemaHistory.store());
        GenericRecord caption = decoder.decode(golden("Caption.v1.bin"));
        assertEquals("talk-0a1b2c3d", caption.get("video_id").toString());
        assertEquals(720_000L, caption.get("start_us"));
        assertEquals("und", caption.get("language").toString(), "the new field takes its default");
        assertEquals(2, ((java.util.List<?>) caption.get("lines")).size());
    }
}
