package io.mmstream.ingest.imagetext;

/**
 * One entry of an image-caption set: an image's bytes with its caption, or the problem that keeps it out.
 *
 * @param key the item's name within its set (a file's base name, a shard member's key, a manifest line number)
 * @param location where it is, for messages and ids: {@code /abs/folder/cat.jpg}, {@code /abs/shard.tar#000012},
 *     {@code /abs/manifest.jsonl:17} or the image's URL
 * @param caption the caption, whitespace collapsed; null for a problem
 * @param image the image file's bytes; null for a problem
 * @param problem why the item is skipped, one line; null for a good item
 */
public record ImageTextItem(String key, String location, String caption, byte[] image, String problem) {

    /** A good item. */
    public static ImageTextItem pair(String key, String location, String caption, byte[] image) {
        return new ImageTextItem(key, location, caption, image, null);
    }

    /** An item that is reported and skipped. */
    public static ImageTextItem problem(String key, String location, String reason) {
        return new ImageTextItem(key, location, null, null, reason);
    }

    public boolean isProblem() {
        return problem != null;
    }

    /** The line that reports this item's problem: {@code <location>: <reason>}. */
    public String problemLine() {
        return location + ": " + problem;
    }
}
