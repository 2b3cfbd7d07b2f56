package io.mmstream.tokenizer.kmeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodebookStoreTest {

    @TempDir
    Path folder;

    @Test
    void versionsAreKeptAndTheLatestIsCurrent() throws IOException {
        PlantedClusters data = new PlantedClusters(2, 2, 20, 4, 9);
        VisualCodebook codebook = new HierarchicalKMeans(new KMeansConfig(2, 2, 1, 10, 4096, 1), new ScalarDistance())
                .train(data.points, "test-v1");
        CodebookStore store = new CodebookStore(folder);
        assertNull(store.current());
        assertEquals(java.util.List.of(), store.versions());
        String first = store.save(codebook, 1);
        String second = store.save(codebook, 1);
        assertNotEquals(first, second, "a version is never overwritten");
        assertEquals(second, store.current());
        assertEquals(java.util.Set.of(first, second), java.util.Set.copyOf(store.versions()), "CURRENT is not a version");
        assertTrue(Files.exists(store.file(first)));
        assertTrue(codebook.sameAs(store.load(first, new ScalarDistance())));
    }

    @Test
    void corruptAndMissingVersionsAreRefusedWithTheirPath() throws IOException {
        CodebookStore store = new CodebookStore(folder);
        IOException missing = assertThrows(IOException.class, () -> store.load("cb-nope", new ScalarDistance()));
        assertTrue(missing.getMessage().startsWith("no codebook cb-nope in "), missing.getMessage());
        Files.write(store.file("cb-bad"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        IOException bad = assertThrows(IOException.class, () -> store.load("cb-bad", new ScalarDistance()));
        assertTrue(bad.getMessage().endsWith("cb-bad.mmcb: not an mmstream codebook (bad magic number)"), bad.getMessage());
    }
}
