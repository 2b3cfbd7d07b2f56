package io.mmstream.ingest.imagetext;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/** Caption text as the sets give it: whitespace collapsed, and the fields of JSON records that hold it. */
final class Captions {

    /** The fields that hold a caption, in order of preference (img2dataset writes {@code caption}). */
    static final List<String> CAPTION_FIELDS = List.of("caption", "text");

    private Captions() {}

    /** {@code raw} with runs of whitespace (newlines too) made one space and trimmed; empty stays empty. */
    static String clean(String raw) {
        return raw == null ? "" : raw.strip().replaceAll("\\s+", " ");
    }

    /** The first present text field of {@code fields} in {@code object}, or null. */
    static String field(JsonNode object, List<String> fields) {
        for (String name : fields) {
            JsonNode value = object.get(name);
            if (value != null && value.isValueNode() && !value.isNull()) {
                return value.asText();
            }
        }
        return null;
    }

    /** The lower-case extension of a file name (after its last dot), or "". */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return dot > slash ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** Whether a file named {@code name} is an image by its extension. */
    static boolean isImageName(String name) {
        return switch (extension(name)) {
            case "jpg", "jpeg", "png", "webp", "bmp", "gif" -> true;
            default -> false;
        };
    }
}
