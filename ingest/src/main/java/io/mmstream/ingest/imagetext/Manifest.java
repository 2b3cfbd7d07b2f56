package io.mmstream.ingest.imagetext;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A manifest of images and captions, one item a line (JSONL or TSV: {@link Format}), read line by
 * line. Relative paths are relative to the manifest's folder; URLs are fetched with the options'
 * timeout. An item's location is {@code /abs/manifest.jsonl:LINE}, or its URL.
 */
final class Manifest implements ImageTextSet {

    /** How one line of a manifest names its image and caption. */
    interface Format {
        /** The line's image reference and caption; null for a line that holds no item (a header, a blank line). */
        Line parse(String line, long number) throws ItemProblem;
    }

    /** What one line says: the image's path or URL and its caption (not yet cleaned). */
    record Line(String image, String caption) {}

    private final String input;
    private final Path file;
    private final Format format;
    private final ImageSources sources;
    private final BufferedReader reader;
    private long number;

    Manifest(String input, Path file, Format format, ImageTextOptions options) throws IOException {
        this.input = input;
        this.file = file.toAbsolutePath().normalize();
        this.format = format;
        this.sources = new ImageSources(options);
        // a bad byte spoils its line only: it is reported by the parser, not fatal to the reader
        this.reader = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(this.file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }

    @Override
    public String input() {
        return input;
    }

    @Override
    public ImageTextItem next() throws IOException {
        while (true) {
            String text = reader.readLine();
            if (text == null) {
                return null;
            }
            number++;
            if (number == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            if (text.isBlank()) {
                continue;
            }
            String key = Long.toString(number);
            String where = file + ":" + number;
            Line line;
            try {
                line = format.parse(text, number);
            } catch (ItemProblem p) {
                return ImageTextItem.problem(key, where, p.reason());
            }
            if (line == null) {
                continue;
            }
            return item(key, where, line);
        }
    }

    private ImageTextItem item(String key, String where, Line line) {
        if (line.image() == null || line.image().isBlank()) {
            return ImageTextItem.problem(key, where, "caption without image (no path or URL on the line)");
        }
        String image = line.image().strip();
        boolean url = ImageSources.isUrl(image);
        String location = url ? image : where;
        String caption = Captions.clean(line.caption());
        if (line.caption() == null) {
            return ImageTextItem.problem(key, location, "image without caption (" + image + ")");
        }
        if (caption.isEmpty()) {
            return ImageTextItem.problem(key, location, "empty caption (" + image + ")");
        }
        try {
            byte[] bytes = url ? sources.url(image) : sources.file(local(image));
            return ImageTextItem.pair(key, location, caption, bytes);
        } catch (ItemProblem p) {
            return ImageTextItem.problem(key, location, url ? p.reason() : image + ": " + p.reason());
        }
    }

    /** A manifest's path: as given when absolute, else relative to the manifest's folder; {@code file:} URLs too. */
    private Path local(String image) throws ItemProblem {
        try {
            if (image.regionMatches(true, 0, "file:", 0, 5)) {
                return Path.of(java.net.URI.create(image));
            }
            return file.getParent().resolve(image).normalize();
        } catch (RuntimeException e) {
            throw new ItemProblem("not a valid path or URL: " + image);
        }
    }

    @Override
    public void close() throws IOException {
        sources.close();
        reader.close();
    }
}
