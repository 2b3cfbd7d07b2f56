package io.mmstream.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** One node of a TensorFlow graph: its name, operation, inputs ({@code name} or {@code name:k}) and attributes. */
public record GraphNode(String name, String op, List<String> inputs, JsonNode attributes) {

    /** A string attribute (TensorFlow stores them base64-encoded), or {@code fallback} when absent. */
    public String string(String key, String fallback) {
        JsonNode value = attributes.path(key).path("s");
        return value.isMissingNode() ? fallback : new String(Base64.getDecoder().decode(value.asText()), StandardCharsets.UTF_8);
    }

    /** A list-of-strings attribute (e.g. {@code fused_ops}), empty when absent. */
    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : attributes.path(key).path("list").path("s")) {
            out.add(new String(Base64.getDecoder().decode(s.asText()), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A list-of-integers attribute (e.g. {@code strides}), or {@code fallback} when absent or empty. */
    public int[] ints(String key, int... fallback) {
        JsonNode list = attributes.path(key).path("list").path("i");
        if (!list.isArray() || list.isEmpty()) {
            return fallback;
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Integer.parseInt(list.get(i).asText());
        }
        return out;
    }

    /** An integer attribute, or {@code fallback}. */
    public int integer(String key, int fallback) {
        JsonNode value = attributes.path(key).path("i");
        return value.isMissingNode() ? fallback : Integer.parseInt(value.asText());
    }

    /** A boolean attribute, or {@code fallback}. */
    public boolean bool(String key, boolean fallback) {
        JsonNode value = attributes.path(key).path("b");
        return value.isMissingNode() ? fallback : value.asBoolean();
    }

    /** A float attribute, or {@code fallback}. */
    public float real(String key, float fallback) {
        JsonNode value = attributes.path(key).path("f");
        return value.isMissingNode() ? fallback : (float) value.asDouble();
    }

    /** A type attribute such as {@code DT_FLOAT}, or {@code fallback}. */
    public String type(String key, String fallback) {
        JsonNode value = attributes.path(key).path("type");
        return value.isMissingNode() ? fallback : value.asText();
    }

    /** The shape a {@code Const} or {@code Placeholder} declares, {@code -1} for unknown sizes; null when none. */
    public long[] declaredShape() {
        JsonNode shape = attributes.path("value").path("tensor").path("tensorShape");
        if (shape.isMissingNode()) {
            shape = attributes.path("shape").path("shape");
        }
        if (shape.isMissingNode()) {
            return null;
        }
        JsonNode dims = shape.path("dim");
        long[] out = new long[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dims.get(i).path("size").asLong(-1);
        }
        return out;
    }
}
