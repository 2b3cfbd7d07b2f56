package io.mmstream.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Video ids from content: the first 64 bits of the SHA-256 of a file's bytes, in hex. A file indexed
 * or ingested twice, copied or moved, keeps its id; a changed file gets a new one. (64 bits: the
 * chance that two of a million files share an id is about 3 in 100 million.)
 */
public final class ContentIds {

    private ContentIds() {}

    /** The id of the file at {@code file}, reading it whole. */
    public static String of(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 8);
    }

    /** Whether {@code id} looks like a content id (16 lower-case hex digits). */
    public static boolean isContentId(String id) {
        return id != null && id.matches("[0-9a-f]{16}");
    }
}
