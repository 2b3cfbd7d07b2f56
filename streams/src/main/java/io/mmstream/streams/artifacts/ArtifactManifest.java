package io.mmstream.streams.artifacts;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Properties;

/**
 * What {@code mm.artifacts} says about one file after its chunks: its size, how many chunks it was
 * cut into, and its SHA-256, so a reader writes it only when every byte arrived intact.
 *
 * @param path the file's path relative to the data dir, with {@code /} separators
 * @param size the file's length in bytes
 * @param chunks how many chunk records precede this manifest (0 for an empty file)
 * @param sha256 the file's SHA-256, lower-case hex
 */
public record ArtifactManifest(String path, long size, int chunks, String sha256) {

    private static final String FORMAT = "mmstream-artifact-1";

    public ArtifactManifest {
        if (size < 0 || chunks < 0 || sha256 == null || sha256.length() != 64) {
            throw new IllegalArgumentException(path + ": not a valid artifact manifest (size " + size + ", chunks " + chunks
                    + ", sha256 " + sha256 + ")");
        }
    }

    /** The record value: a small properties text, readable with kafka-console-consumer. */
    public byte[] encode() {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("size", Long.toString(size));
        p.setProperty("chunks", Integer.toString(chunks));
        p.setProperty("sha256", sha256);
        StringWriter text = new StringWriter();
        try {
            p.store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The manifest of {@code path} in a record value; refuses a value of another format with the reason. */
    public static ArtifactManifest decode(String path, byte[] value) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(value, StandardCharsets.ISO_8859_1)));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": unreadable artifact manifest: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new IllegalArgumentException(path + ": artifact manifest of unknown format " + p.getProperty("format"));
        }
        try {
            return new ArtifactManifest(path, Long.parseLong(p.getProperty("size")), Integer.parseInt(p.getProperty("chunks")),
                    p.getProperty("sha256"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + ": artifact manifest with a bad number: " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of {@code bytes}, lower-case hex. */
    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(ArtifactKeys.digest().digest(bytes));
    }
}
