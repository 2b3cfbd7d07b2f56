package io.mmstream.tokenizer.kmeans;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Versioned codebooks in a folder: {@code <version>.mmcb} files and a {@code CURRENT} file naming the
 * one in use. Versions are never overwritten, so every token can name the codebook it came from.
 */
public final class CodebookStore {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path folder;

    public CodebookStore(Path folder) {
        this.folder = folder;
    }

    /** Saves {@code codebook} as a new version, makes it current, and returns the version. */
    public String save(VisualCodebook codebook, long seed) throws IOException {
        Files.createDirectories(folder);
        String base = "cb-" + STAMP.format(Instant.now()) + "-" + codebook.levels() + "x" + codebook.branching() + "-s" + seed;
        String version = base;
        for (int n = 2; Files.exists(file(version)); n++) {
            version = base + "-" + n;
        }
        Path partial = folder.resolve(version + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            codebook.write(out);
        }
        Files.move(partial, file(version), StandardCopyOption.ATOMIC_MOVE);
        Path current = folder.resolve("CURRENT.partial");
        Files.writeString(current, version + "\n", StandardCharsets.UTF_8);
        Files.move(current, folder.resolve("CURRENT"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return version;
    }

    /** The current version, or null when none was trained. */
    public String current() throws IOException {
        Path current = folder.resolve("CURRENT");
        return Files.exists(current) ? Files.readString(current, StandardCharsets.UTF_8).strip() : null;
    }

    /** Loads {@code version}; a missing, foreign or corrupt file is refused with the reason. */
    public VisualCodebook load(String version, DistanceKernel kernel) throws IOException {
        Path file = file(version);
        if (!Files.exists(file)) {
            throw new IOException("no codebook " + version + " in " + folder);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return VisualCodebook.read(in, kernel);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The file of {@code version}. */
    public Path file(String version) {
        return folder.resolve(version + SUFFIX);
    }

    /** Every version saved here, in no particular order. */
    public java.util.List<String> versions() throws IOException {
        if (!Files.isDirectory(folder)) {
            return java.util.List.of();
        }
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .map(n -> n.substring(0, n.length() - SUFFIX.length())).toList();
        }
    }

    private static final String SUFFIX = ".mmcb";
}
