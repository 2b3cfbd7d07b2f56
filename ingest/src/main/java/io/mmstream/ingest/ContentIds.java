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

    /**
     * The id of an image-caption pair: the same 64 bits of the SHA-256 of the image file's bytes and
     * the caption's UTF-8 (each preceded by its length), so the same pair ingested twice, from
     * anywhere, is one video, and the same image with another caption another.
     */
    public static String ofImageText(byte[] image, String caption) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] text = caption.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        sha.update(java.nio.ByteBuffer.allocate(8).putLong(image.length).array());
        sha.update(image);
        sha.update(java.nio.ByteBuffer.allocate(8).putLong(text.length).array());
        sha.update(text);
        return HexFormat.of().formatHex(sha.digest(), 0, 8);
    }

    /** Whether {@code id} looks like a content id (16 lower-case hex digits). */
    public static boolean isContentId(String id) {
        return id != null && id.matches("[0-9a-f]{16}");
    }
}
