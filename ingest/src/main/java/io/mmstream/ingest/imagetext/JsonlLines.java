package io.mmstream.ingest.imagetext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** JSONL manifest lines: one object each, {@code path}/{@code url}/{@code image}/{@code file} and {@code caption}/{@code text}. */
final class JsonlLines implements Manifest.Format {

    static final List<String> IMAGE_FIELDS = List.of("path", "url", "image", "file", "image_path", "image_url", "filepath");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Manifest.Line parse(String line, long number) throws ItemProblem {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ItemProblem("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ItemProblem("not a JSON object: expected {\"path\": ..., \"caption\": ...}");
        }
        return new Manifest.Line(Captions.field(node, IMAGE_FIELDS), Captions.field(node, Captions.CAPTION_FIELDS));
    }
}
