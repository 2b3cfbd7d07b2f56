package io.mmstream.tokenizer.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * BERT's uncased WordPiece tokenizer (30,522 tokens), through the HuggingFace tokenizers library:
 * text is lower-cased, split on whitespace and punctuation, and each word cut into the longest
 * pieces of the vocabulary ({@code dashwood} -> {@code dash ##wood}). No [CLS], [SEP], padding or
 * truncation is added: the caller lays segments out.
 */
public final class WordPieceTokenizer implements AutoCloseable {

    /** Tokens in BERT's uncased vocabulary. */
    public static final int VOCABULARY_SIZE = 30_522;

    private static final String RESOURCE = "/io/mmstream/tokenizer/text/tokenizer.json";

    private final HuggingFaceTokenizer tokenizer;

    private WordPieceTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * The tokenizer the build took from Maven Central; from a jar, its {@code tokenizer.json} is
     * copied once under {@code cacheDir}.
     */
    public static WordPieceTokenizer bertUncased(Path cacheDir) {
        try {
            return new WordPieceTokenizer(HuggingFaceTokenizer.builder()
                    .optTokenizerPath(vocabularyFile(cacheDir))
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the WordPiece vocabulary: " + e.getMessage(), e);
        }
    }

    private static Path vocabularyFile(Path cacheDir) throws IOException {
        URL url = WordPieceTokenizer.class.getResource(RESOURCE);
        if (url == null) {
            throw new IOException("tokenizer.json is not on the classpath (build the tokenizer module with Maven)");
        }
        if (url.getProtocol().equals("file")) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
        }
        Path copy = cacheDir.resolve("bert-uncased-tokenizer.json");
        if (!Files.isRegularFile(copy)) {
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(cacheDir, "tokenizer", ".json");
            try (InputStream in = url.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return copy;
    }

    /** The WordPiece ids of {@code text}. */
    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    /** The word pieces of {@code text}, as strings. */
    public String[] tokens(String text) {
        Encoding e = tokenizer.encode(text);
        return e.getTokens();
    }

    /** The vocabulary entry of {@code id} ({@code ##wood} for a word continuation). */
    public String token(int id) {
        if (id < 0 || id >= VOCABULARY_SIZE) {
            throw new IllegalArgumentException("WordPiece id " + id + " outside 0.." + (VOCABULARY_SIZE - 1));
        }
        return tokenizer.decode(new long[] {id}, false);
    }

    /** Text back from WordPiece ids (word pieces joined). */
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return tokenizer.decode(l, true);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
