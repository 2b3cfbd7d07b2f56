package io.mmstream.streams.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mmstream.tokenizer.kmeans.CodebookStore;
import io.mmstream.tokenizer.kmeans.HierarchicalKMeans;
import io.mmstream.tokenizer.kmeans.KMeansConfig;
import io.mmstream.tokenizer.kmeans.ScalarDistance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodebookSourceTest {

    @TempDir
    Path folder;

    @Test
    void aCorruptNewVersionIsRefusedAndTheGoodOneStays() throws Exception {
        CodebookStore store = new CodebookStore(folder);
        CodebookSource source = new CodebookSource(store);
        assertNull(source.current());
        String good = store.save(new HierarchicalKMeans(new KMeansConfig(1, 2, 1, 5, 16, 1), new ScalarDistance())
                .train(List.of(new float[] {0}, new float[] {1}, new float[] {5}), "x"), 1);
        source.refresh();
        assertEquals(good, source.current().version());

        Files.write(store.file("cb-broken"), new byte[] {9, 9, 9});
        Files.writeString(folder.resolve("CURRENT"), "cb-broken\n");
        source.refresh();
        assertEquals(good, source.current().version(), "the good codebook stays in use");
        assertEquals("cb-broken", source.refused());
    }
}
