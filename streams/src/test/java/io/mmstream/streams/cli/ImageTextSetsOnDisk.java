package io.mmstream.streams.cli;

import io.mmstream.ingest.imagetext.ShapeImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small generated image-caption sets for tests, in each of the forms {@code mmstream ingest}
 * reads: a sidecar folder, a JSONL or TSV manifest, a WebDataset shard. The pictures are coloured
 * shapes ({@link ShapeImages}) captioned with their colour, shape and place; the same seed gives the
 * same set. Different seeds or sizes give different pairs (and so different video ids).
 */
public final class ImageTextSetsOnDisk {

    private ImageTextSetsOnDisk() {}

    /**
     * One pair written.
     *
     * @param location where ingest will say it is (the {@code uri} of its {@code mm.videos} record)
     * @param caption its caption
     * @param width its width as written
     * @param height its height as written
     */
    public record Written(String location, String caption, int width, int height) {}

    /** {@code n} PNGs of {@code width x height} with a {@code .txt} caption each, in {@code folder}. */
    public static List<Written> sidecarFolder(Path folder, int n, int width, int height, long seed) throws IOException {
        Files.createDirectories(folder);
        List<Written> out = new ArrayList<>();
        for (ShapeImages.Sample s : ShapeImages.samples(n, width, height, seed)) {
            Path image = folder.resolve(s.name() + ".png");
            Files.write(image, ShapeImages.encode(s.image(), "png"));
            Files.writeString(folder.resolve(s.name() + ".txt"), s.caption() + "\n", StandardCharsets.UTF_8);
            out.add(new Written(image.toAbsolutePath().normalize().toString(), s.caption(), width, height));
        }
        return out;
    }

    /**
     * {@code n} PNGs in {@code folder/images} and a JSONL manifest {@code folder/name} naming them by
     * relative path: {@code {"path": "images/shape-0000.png", "caption": "..."}} a line.
     */
    public static List<Written> jsonlManifest(Path folder, String name, int n, int width, int height, long seed) throws IOException {
        return manifest(folder, name, n, width, height, seed, "png",
                (path, caption) -> "{\"path\": \"" + path + "\", \"caption\": \"" + caption + "\"}");
    }

    /** {@code n} JPEGs in {@code folder/images} and a TSV manifest {@code folder/name}: a {@code path\tcaption} header, then a line each. */
    public static List<Written> tsvManifest(Path folder, String name, int n, int width, int height, long seed) throws IOException {
        return manifest(folder, name, n, width, height, seed, "jpg", (path, caption) -> path + "\t" + caption);
    }

    /**
     * A WebDataset shard {@code tar} of {@code n} pairs: {@code 000000.jpg} + {@code 000000.txt}, every
     * third pair's caption in {@code 000002.json} ({@code {"caption": ...}}) instead, as img2dataset writes.
     */
    public static List<Written> webDatasetShard(Path tar, int n, int width, int height, long seed) throws IOException {
        return webDatasetShard(tar, n, width, height, seed, Map.of());
    }

    /** The same with {@code extra} members (name to bytes) after the pairs: bad items, other files. */
    public static List<Written> webDatasetShard(Path tar, int n, int width, int height, long seed, Map<String, byte[]> extra)
            throws IOException {
        Files.createDirectories(tar.toAbsolutePath().getParent());
        Map<String, byte[]> members = new LinkedHashMap<>();
        List<Written> out = new ArrayList<>();
        List<ShapeImages.Sample> samples = ShapeImages.samples(n, width, height, seed);
        for (int i = 0; i < samples.size(); i++) {
            ShapeImages.Sample s = samples.get(i);
            String key = String.format("%06d", i);
            members.put(key + ".jpg", ShapeImages.encode(s.image(), "jpg"));
            if (i % 3 == 2) {
                members.put(key + ".json", ("{\"caption\": \"" + s.caption() + "\", \"key\": \"" + key + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                members.put(key + ".txt", s.caption().getBytes(StandardCharsets.UTF_8));
            }
            out.add(new Written(tar.toAbsolutePath().normalize() + "#" + key, s.caption(), width, height));
        }
        members.putAll(extra);
        ShapeImages.writeTar(tar, members);
        return out;
    }

    /** A manifest line for an image at a relative path with a caption. */
    @FunctionalInterface
    private interface LineFormat {
        String line(String path, String caption);
    }

    private static List<Written> manifest(Path folder, String name, int n, int width, int height, long seed, String format,
            LineFormat lines) throws IOException {
        Path images = Files.createDirectories(folder.resolve("images"));
        Path manifest = folder.resolve(name).toAbsolutePath().normalize();
        List<String> text = new ArrayList<>();
        List<Written> out = new ArrayList<>();
        if (name.endsWith(".tsv")) {
            text.add("path\tcaption");
        }
        for (ShapeImages.Sample s : ShapeImages.samples(n, width, height, seed)) {
            String file = s.name() + "-" + seed + "." + format;
            Files.write(images.resolve(file), ShapeImages.encode(s.image(), format));
            text.add(lines.line("images/" + file, s.caption()));
            out.add(new Written(manifest + ":" + text.size(), s.caption(), width, height));
        }
        Files.write(manifest, text, StandardCharsets.UTF_8);
        return out;
    }
}
