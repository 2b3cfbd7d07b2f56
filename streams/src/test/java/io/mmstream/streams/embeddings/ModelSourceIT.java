package io.mmstream.streams.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mmstream.models.videobert.ModelStore;
import io.mmstream.models.videobert.VideoBert;
import io.mmstream.models.videobert.VideoBertConfig;
import io.mmstream.models.videobert.VideoBertVocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running topology's model follows the store: new versions are picked up, broken ones refused. */
class ModelSourceIT {

    @TempDir
    Path work;

    /** Saves a tiny untrained VideoBERT (9 visual words) as {@code version} of {@code store}, not made current. */
    static void save(ModelStore store, String version, long seed) throws Exception {
        try (VideoBert m = VideoBert.create(new VideoBertVocabulary(30_522, 9), VideoBertConfig.tiny(), seed)) {
            m.save(store.modelFolder(version));
        }
    }

    @Test
    void newVersionsArePickedUpAndBrokenOnesRefused() throws Exception {
        ModelStore store = new ModelStore(work);
        try (ModelSource source = new ModelSource(store)) {
            assertNull(source.current(), "no model before one is trained");
            save(store, "v1", 1);
            store.makeCurrent("v1");
            source.refresh();
            assertEquals("v1", source.current().version());

            save(store, "v2", 2);
            store.makeCurrent("v2");
            source.refresh();
            assertEquals("v2", source.current().version(), "a new version without a restart");

            save(store, "v3", 3);
            Files.writeString(store.modelFolder("v3").resolve("videobert.properties"), "format=9\n");
            store.makeCurrent("v3");
            source.refresh();
            assertEquals("v2", source.current().version(), "a broken version is refused, the good one stays");
        }
    }
}
