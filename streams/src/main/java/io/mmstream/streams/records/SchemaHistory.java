package io.mmstream.streams.records;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * Every writer schema mmstream has ever released, so records written by an older version still decode.
 *
 * <p>Single-object encoding puts the writer schema's fingerprint in front of each record; this store
 * answers fingerprint look-ups from the {@code history/} folder beside this class. Evolving a schema
 * means adding its new version there (a test fails when a current schema is missing from it).
 */
public final class SchemaHistory {

    /** The history files, {@code <Record>.v<N>.avsc}; listed here because a jar cannot be listed. */
    static final List<String> FILES = List.of(
            "AudioChunk.v1.avsc", "AudioChunk.v2.avsc", "Caption.v1.avsc", "Clip.v1.avsc", "Clip.v2.avsc", "Clip.v3.avsc", "CodebookAnnouncement.v1.avsc", "DeadLetter.v1.avsc", "Embedding.v1.avsc",
            "Frame.v1.avsc", "Frame.v2.avsc", "IndexEntry.v1.avsc", "IndexEntry.v2.avsc", "IndexEntry.v3.avsc", "ModelAnnouncement.v1.avsc", "Sequence.v1.avsc", "Sequence.v2.avsc", "Transcript.v1.avsc", "Transcript.v2.avsc", "Video.v1.avsc", "VisualToken.v1.avsc",
            "VisualToken.v2.avsc");

    private static final SchemaStore.Cache STORE = load();

    private SchemaHistory() {}

    /** The shared store of released writer schemas. */
    public static SchemaStore store() {
        return STORE;
    }

    /** The released schemas, parsed. */
    public static List<Schema> schemas() {
        List<Schema> schemas = new ArrayList<>();
        for (String file : FILES) {
            schemas.add(read(file));
        }
        return schemas;
    }

    private static SchemaStore.Cache load() {
        SchemaStore.Cache cache = new SchemaStore.Cache();
        for (Schema schema : schemas()) {
            cache.addSchema(schema);
        }
        return cache;
    }

    private static Schema read(String file) {
        try (InputStream in = SchemaHistory.class.getResourceAsStream("history/" + file)) {
            if (in == null) {
                throw new IllegalStateException("schema history file missing: " + file);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
