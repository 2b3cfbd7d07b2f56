package io.mmstream.streams.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Cuts a file into chunks of a fixed size, hashing it on the way, for {@code mm.artifacts}. */
public final class ArtifactChunker {

    /** Receives the chunks of one file in order. */
    @FunctionalInterface
    public interface ChunkSink {
        /** Takes chunk {@code index} of the file. */
        void chunk(int index, byte[] bytes);
    }

    private final int chunkBytes;

    /** A chunker cutting files into chunks of at most {@code chunkBytes}. */
    public ArtifactChunker(int chunkBytes) {
        if (chunkBytes <= 0) {
            throw new IllegalArgumentException("chunk size must be positive: " + chunkBytes);
        }
        this.chunkBytes = chunkBytes;
    }

    /**
     * Hands the chunks of {@code file} to {@code sink} in order and returns the manifest that follows
     * them, named {@code path}.
     */
    public ArtifactManifest cut(Path file, String path, ChunkSink sink) throws IOException {
        MessageDigest digest = ArtifactKeys.digest();
        long size = 0;
        int chunks = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                byte[] buffer = in.readNBytes(chunkBytes);
                if (buffer.length == 0) {
                    break;
                }
                digest.update(buffer);
                size += buffer.length;
                sink.chunk(chunks++, buffer);
                if (buffer.length < chunkBytes) {
                    break;
                }
            }
        }
        return new ArtifactManifest(path, size, chunks, HexFormat.of().formatHex(digest.digest()));
    }

    /** The chunk size. */
    public int chunkBytes() {
        return chunkBytes;
    }
}
