package io.mmstream.ingest.imagetext;

import io.mmstream.ingest.MediaLocations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Recognises and opens image-caption sets: a folder of images with sidecar captions, a
 * {@code .jsonl} or {@code .tsv} manifest, or a WebDataset {@code .tar} shard.
 */
public final class ImageTextSets {

    private ImageTextSets() {}

    /** The kinds of set, recognised by {@link #kindOf}. */
    public enum Kind { SIDECAR_FOLDER, JSONL_MANIFEST, TSV_MANIFEST, WEBDATASET_SHARD }

    /** Whether the input {@code input} (as given on the command line) is an image-caption set. */
    public static boolean isImageTextSet(String input) {
        return kindOf(input) != null;
    }

    /** Whether {@code path} is an image-caption set. */
    public static boolean isImageTextSet(Path path) {
        return kindOf(path) != null;
    }

    /** What kind of set {@code input} is, or null when it is none (a media file or URL, say). */
    public static Kind kindOf(String input) {
        if (input == null || MediaLocations.isNetwork(input)) {
            return null;
        }
        try {
            Path path = MediaLocations.localPath(input);
            return path == null ? null : kindOf(path);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * What kind of set {@code path} is, or null: a manifest or shard by its extension (even when
     * missing, so that its failure is reported as a set's), a folder by its contents.
     */
    public static Kind kindOf(Path path) {
        String ext = Captions.extension(path.getFileName() == null ? "" : path.getFileName().toString());
        switch (ext) {
            case "jsonl", "ndjson":
                return Kind.JSONL_MANIFEST;
            case "tsv":
                return Kind.TSV_MANIFEST;
            case "tar":
                return Kind.WEBDATASET_SHARD;
            default:
                return Files.isDirectory(path) && SidecarFolder.looksLikeOne(path) ? Kind.SIDECAR_FOLDER : null;
        }
    }

    /**
     * Opens the set {@code input} for reading, item by item.
     *
     * @throws IOException when the set itself cannot be read (no such file, not a set); the message says why in one line
     */
    public static ImageTextSet open(String input, ImageTextOptions options) throws IOException {
        Kind kind = kindOf(input);
        if (kind == null) {
            throw new IOException("not an image-caption set (a folder of images with .txt captions, a .jsonl or .tsv"
                    + " manifest, or a WebDataset .tar shard)");
        }
        Path path = MediaLocations.localPath(input);
        if (kind != Kind.SIDECAR_FOLDER) {
            if (!Files.exists(path)) {
                throw new NoSuchFileException(path.toString(), null, "no such file");
            }
            if (!Files.isRegularFile(path)) {
                throw new IOException("not a file");
            }
        }
        return switch (kind) {
            case SIDECAR_FOLDER -> new SidecarFolder(input, path, options);
            case JSONL_MANIFEST -> new Manifest(input, path, new JsonlLines(), options);
            case TSV_MANIFEST -> new Manifest(input, path, new TsvLines(), options);
            case WEBDATASET_SHARD -> new WebDatasetShard(input, path, options);
        };
    }
}
