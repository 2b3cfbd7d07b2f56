package io.mmstream.ingest.imagetext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder of images with a caption beside each ({@code cat.jpg} + {@code cat.txt}), subfolders
 * included (img2dataset's {@code files} output: {@code 00000/000000001.jpg} + {@code .txt} + {@code .json}).
 * A {@code .json} sidecar with a {@code caption} or {@code text} field serves when there is no {@code .txt}.
 *
 * <p>Read one folder at a time, in name order: only the names of the folder at hand are held.
 */
final class SidecarFolder implements ImageTextSet {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String input;
    private final Path root;
    private final ImageSources sources;
    private final Deque<Path> folders = new ArrayDeque<>();
    private final Deque<Entry> entries = new ArrayDeque<>();

    /** One image and its sidecars (either may be missing), or a caption file without an image. */
    private record Entry(String key, Path image, Path text, Path json) {}

    SidecarFolder(String input, Path root, ImageTextOptions options) {
        this.input = input;
        this.root = root.toAbsolutePath().normalize();
        this.sources = new ImageSources(options);
        folders.add(this.root);
    }

    /** Whether {@code dir} holds, at most a few folders down, an image with a {@code .txt} beside it. */
    static boolean looksLikeOne(Path dir) {
        Deque<Path> todo = new ArrayDeque<>(List.of(dir));
        int visited = 0;
        while (!todo.isEmpty() && visited < 10_000) {
            Path folder = todo.poll();
            try (Stream<Path> list = Files.list(folder)) {
                for (Path p : (Iterable<Path>) list::iterator) {
                    visited++;
                    String name = p.getFileName().toString();
                    if (Files.isDirectory(p)) {
                        if (p.getNameCount() - dir.getNameCount() < 3 && !name.startsWith(".")) {
                            todo.add(p);
                        }
                    } else if (Captions.isImageName(name) && Files.isRegularFile(sidecar(p, "txt"))) {
                        return true;
                    }
                }
            } catch (IOException | RuntimeException unreadable) {
                // not a set we can read: the caller treats it as before
            }
        }
        return false;
    }

    @Override
    public String input() {
        return input;
    }

    @Override
    public ImageTextItem next() throws IOException {
        while (entries.isEmpty()) {
            if (folders.isEmpty()) {
                return null;
            }
            list(folders.poll());
        }
        return item(entries.poll());
    }

    /** Queues the entries of {@code folder} and its subfolders (visited after it), in name order. */
    private void list(Path folder) throws IOException {
        List<Path> images = new ArrayList<>();
        List<Path> texts = new ArrayList<>();
        List<Path> subfolders = new ArrayList<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path p : (Iterable<Path>) list.sorted()::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    subfolders.add(p);
                } else if (Captions.isImageName(name)) {
                    images.add(p);
                } else if (Captions.extension(name).equals("txt")) {
                    texts.add(p);
                }
            }
        }
        Set<Path> captions = new HashSet<>(texts);
        Set<Path> claimed = new HashSet<>();
        for (Path image : images) {
            // cat.jpg and cat.png beside one cat.txt: each is an item of its own
            Path txt = sidecar(image, "txt");
            Path json = sidecar(image, "json");
            boolean hasTxt = captions.contains(txt);
            if (hasTxt) {
                claimed.add(txt);
            }
            entries.add(new Entry(key(image), image, hasTxt ? txt : null, Files.isRegularFile(json) ? json : null));
        }
        // a lone .txt is a caption whose image is missing (a lone .json is metadata: img2dataset's stats files)
        for (Path txt : texts) {
            if (!claimed.contains(txt)) {
                entries.add(new Entry(key(txt), null, txt, null));
            }
        }
        for (int i = subfolders.size() - 1; i >= 0; i--) {
            folders.addFirst(subfolders.get(i));
        }
    }

    private String key(Path file) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        int dot = relative.lastIndexOf('.');
        return dot > relative.lastIndexOf('/') + 1 ? relative.substring(0, dot) : relative;
    }

    private static Path sidecar(Path image, String ext) {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return image.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "." + ext);
    }

    private ImageTextItem item(Entry e) {
        if (e.image() == null) {
            return ImageTextItem.problem(e.key(), e.text().toString(), "caption without image (no image named "
                    + e.key().substring(e.key().lastIndexOf('/') + 1) + ".jpg, .png, ... beside it)");
        }
        String location = e.image().toString();
        try {
            String caption = caption(e);
            byte[] image = sources.file(e.image());
            return ImageTextItem.pair(e.key(), location, caption, image);
        } catch (ItemProblem p) {
            return ImageTextItem.problem(e.key(), location, p.reason());
        }
    }

    private static String caption(Entry e) throws ItemProblem {
        String caption = null;
        String from;
        try {
            if (e.text() != null) {
                from = e.text().getFileName().toString();
                caption = Files.readString(e.text(), StandardCharsets.UTF_8);
            } else if (e.json() != null) {
                from = e.json().getFileName().toString();
                JsonNode node = JSON.readTree(e.json().toFile());
                caption = node != null && node.isObject() ? Captions.field(node, Captions.CAPTION_FIELDS) : null;
                if (caption == null) {
                    throw new ItemProblem("image without caption (no " + sidecar(e.image(), "txt").getFileName()
                            + ", and " + from + " has no caption or text field)");
                }
            } else {
                throw new ItemProblem("image without caption (no " + sidecar(e.image(), "txt").getFileName() + " beside it)");
            }
        } catch (java.nio.charset.MalformedInputException bad) {
            throw new ItemProblem("caption is not UTF-8 text");
        } catch (IOException unreadable) {
            throw new ItemProblem("cannot read its caption: " + unreadable.getMessage());
        }
        caption = Captions.clean(caption);
        if (caption.isEmpty()) {
            throw new ItemProblem("empty caption (" + from + ")");
        }
        return caption;
    }

    @Override
    public void close() {
        sources.close();
        entries.clear();
        folders.clear();
    }
}
