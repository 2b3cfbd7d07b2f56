package io.mmstream.ingest.imagetext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A WebDataset {@code .tar} shard, as img2dataset and video2dataset write them: members
 * {@code KEY.jpg} (or {@code .jpeg}, {@code .png}, {@code .webp}) beside {@code KEY.txt} or a
 * {@code KEY.json} whose {@code caption} or {@code text} field is the caption. As in webdataset,
 * a member's key is its name up to the first dot of its base name ({@code 00000/000012.seg.png}:
 * key {@code 00000/000012}, extension {@code seg.png}); other extensions are ignored.
 *
 * <p>Read as a stream: a key's members normally follow each other and the key is given out when the
 * next key starts; a key still incomplete then is held (up to {@value #MAX_HELD} keys and 256 MB of
 * images), in case its other member comes later. An item's location is {@code /abs/shard.tar#KEY}.
 */
final class WebDatasetShard implements ImageTextSet {

    /** Incomplete keys kept waiting for a late member; beyond this, the oldest is reported. */
    static final int MAX_HELD = 256;
    /** Nor more image bytes than this, whatever their count (a shard of big pictures in a shuffled order). */
    static final long MAX_HELD_BYTES = 256L << 20;
    private static final long MAX_CAPTION_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String input;
    private final Path file;
    private final ImageSources sources;
    private final TarArchiveInputStream tar;
    private final Deque<ImageTextItem> ready = new ArrayDeque<>();
    private final Map<String, Group> held = new LinkedHashMap<>();
    private Group current;
    private long heldBytes;
    private boolean ended;

    /** The members of one key read so far. */
    private static final class Group {
        final String key;
        byte[] image;
        String imageName;
        String text;
        String jsonCaption;
        boolean json;
        String problem;

        Group(String key) {
            this.key = key;
        }

        boolean complete() {
            return problem != null || (image != null && (text != null || jsonCaption != null));
        }
    }

    WebDatasetShard(String input, Path file, ImageTextOptions options) throws IOException {
        this.input = input;
        this.file = file.toAbsolutePath().normalize();
        this.sources = new ImageSources(options);
        this.tar = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(this.file), 1 << 16));
    }

    @Override
    public String input() {
        return input;
    }

    @Override
    public ImageTextItem next() {
        while (ready.isEmpty() && !ended) {
            readMember();
        }
        return ready.poll();
    }

    private void readMember() {
        TarArchiveEntry entry;
        try {
            entry = tar.getNextEntry();
        } catch (IOException e) {
            end("truncated or corrupt tar: " + e.getMessage());
            return;
        }
        if (entry == null) {
            end(null);
            return;
        }
        String name = entry.getName();
        String base = name.substring(name.lastIndexOf('/') + 1);
        int dot = base.indexOf('.');
        if (!entry.isFile() || base.startsWith(".") || dot <= 0) {
            return;
        }
        String key = name.substring(0, name.length() - base.length() + dot);
        String ext = base.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
        boolean image = Captions.isImageName(base) && !ext.contains(".");
        if (!image && !ext.equals("txt") && !ext.equals("json")) {
            return;
        }
        Group group = group(key);
        try {
            if (image) {
                if (group.image == null && group.problem == null) {
                    group.imageName = base;
                    try {
                        group.image = sources.stream(tar, entry.getSize());
                    } catch (ItemProblem p) {
                        group.problem = base + ": " + p.reason();
                    }
                }
            } else if (entry.getSize() > MAX_CAPTION_BYTES) {
                group.problem = base + ": caption file too large (" + entry.getSize() + " bytes)";
            } else if (ext.equals("txt")) {
                group.text = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
            } else {
                group.json = true;
                JsonNode node = JSON.readTree(tar.readAllBytes());
                group.jsonCaption = node != null && node.isObject() ? Captions.field(node, Captions.CAPTION_FIELDS) : null;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            group.json = true;
        } catch (IOException e) {
            end("truncated or corrupt tar: " + e.getMessage());
        }
    }

    /** The group of {@code key}, made current; the previous one is given out when complete, else held. */
    private Group group(String key) {
        if (current != null && current.key.equals(key)) {
            return current;
        }
        if (current != null) {
            if (current.complete()) {
                ready.add(item(current));
            } else {
                held.put(current.key, current);
                heldBytes += size(current);
                Iterator<Group> oldest = held.values().iterator();
                while (held.size() > MAX_HELD || (heldBytes > MAX_HELD_BYTES && held.size() > 1)) {
                    Group g = oldest.next();
                    heldBytes -= size(g);
                    ready.add(item(g));
                    oldest.remove();
                }
            }
        }
        Group resumed = held.remove(key);
        if (resumed != null) {
            heldBytes -= size(resumed);
        }
        current = resumed != null ? resumed : new Group(key);
        return current;
    }

    private static long size(Group g) {
        return g.image == null ? 0 : g.image.length;
    }

    /** Gives out what is left: the current key, then every key still incomplete; {@code broken} says why the shard ends early. */
    private void end(String broken) {
        ended = true;
        if (current != null) {
            ready.add(item(current));
            current = null;
        }
        held.values().forEach(g -> ready.add(item(g)));
        held.clear();
        heldBytes = 0;
        if (broken != null) {
            ready.add(ImageTextItem.problem("", file.toString(), broken));
        }
    }

    private ImageTextItem item(Group g) {
        String location = file + "#" + g.key;
        if (g.problem != null) {
            return ImageTextItem.problem(g.key, location, g.problem);
        }
        if (g.image == null) {
            return ImageTextItem.problem(g.key, location, "caption without image (no " + g.key + ".jpg, .png or .webp member)");
        }
        String caption = g.text != null ? g.text : g.jsonCaption;
        if (caption == null) {
            return ImageTextItem.problem(g.key, location, "image without caption (no " + g.key + ".txt member"
                    + (g.json ? ", and " + g.key + ".json has no caption or text field)" : ")"));
        }
        caption = Captions.clean(caption);
        if (caption.isEmpty()) {
            return ImageTextItem.problem(g.key, location, "empty caption");
        }
        return ImageTextItem.pair(g.key, location, caption, g.image);
    }

    @Override
    public void close() throws IOException {
        sources.close();
        tar.close();
    }
}
