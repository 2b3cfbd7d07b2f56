package io.mmstream.tokenizer.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BERT's uncased WordPiece vocabulary through the native HuggingFace tokenizer. */
class WordPieceTokenizerIT {

    @TempDir
    Path cache;

    @Test
    void sentencesBecomeBertsWordPieceIds() {
        try (WordPieceTokenizer t = WordPieceTokenizer.bertUncased(cache)) {
            // ids of BERT-base-uncased's vocab.txt
            assertArrayEquals(new int[] {2085, 2292, 2033, 2265, 2017, 2129, 2000, 5660, 1996, 6763},
                    t.encode("Now let me show you how to cook the EGGS"));
            assertArrayEquals(new String[] {"john", "dash", "##wood"}, t.tokens("John Dashwood"));
            assertArrayEquals(new int[] {2198, 11454, 3702}, t.encode("john dashwood"));
            assertEquals("john dashwood", t.decode(new int[] {2198, 11454, 3702}));
            assertEquals("##wood", t.token(3702));
            assertEquals("cook", t.token(5660));
            assertEquals("[MASK]", t.token(103));
            assertArrayEquals(new int[0], t.encode(""), "no special tokens are added");
        }
    }
}
