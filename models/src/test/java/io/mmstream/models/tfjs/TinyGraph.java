package io.mmstream.models.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds small TensorFlow.js graph models in memory (model.json text plus one float32/int32 shard) for op tests. */
final class TinyGraph {

    private final List<String> nodes = new ArrayList<>();
    private final List<String> specs = new ArrayList<>();
    private final ByteBuffer shard = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final Map<String, long[]> inputs = new LinkedHashMap<>();

    TinyGraph input(String name, long... shape) {
        inputs.put(name, shape);
        nodes.add("{\"name\":\"" + name + "\",\"op\":\"Placeholder\",\"attr\":{}}");
        return this;
    }

    TinyGraph floats(String name, long[] shape, float... values) {
        for (float v : values) {
            shard.putFloat(v);
        }
        return constant(name, shape, "float32", "DT_FLOAT");
    }

    TinyGraph ints(String name, long[] shape, int... values) {
        for (int v : values) {
            shard.putInt(v);
        }
        return constant(name, shape, "int32", "DT_INT32");
    }

    private TinyGraph constant(String name, long[] shape, String dtype, String tfType) {
        String dims = Arrays.stream(shape).mapToObj(d -> "{\"size\":\"" + d + "\"}").collect(Collectors.joining(","));
        nodes.add("{\"name\":\"" + name + "\",\"op\":\"Const\",\"attr\":{\"value\":{\"tensor\":{\"dtype\":\"" + tfType
                + "\",\"tensorShape\":{" + (shape.length == 0 ? "" : "\"dim\":[" + dims + "]") + "}}},\"dtype\":{\"type\":\"" + tfType + "\"}}}");
        specs.add("{\"name\":\"" + name + "\",\"shape\":" + Arrays.toString(shape) + ",\"dtype\":\"" + dtype + "\"}");
        return this;
    }

    /** A node; {@code attrs} is the JSON inside {@code "attr":{...}}, made with {@link #s}, {@link #list}, {@link #b}, {@link #i}. */
    TinyGraph node(String name, String op, List<String> in, String... attrs) {
        String inputList = in.stream().map(x -> "\"" + x + "\"").collect(Collectors.joining(","));
        nodes.add("{\"name\":\"" + name + "\",\"op\":\"" + op + "\",\"input\":[" + inputList + "],\"attr\":{"
                + String.join(",", attrs) + "}}");
        return this;
    }

    static String s(String key, String value) {
        return "\"" + key + "\":{\"s\":\"" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "\"}";
    }

    static String strings(String key, String... values) {
        return "\"" + key + "\":{\"list\":{\"s\":[" + Arrays.stream(values)
                .map(v -> "\"" + Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)) + "\"")
                .collect(Collectors.joining(",")) + "]}}";
    }

    static String list(String key, int... values) {
        return "\"" + key + "\":{\"list\":{\"i\":[" + Arrays.stream(values).mapToObj(v -> "\"" + v + "\"")
                .collect(Collectors.joining(",")) + "]}}";
    }

    static String b(String key, boolean value) {
        return "\"" + key + "\":{\"b\":" + value + "}";
    }

    static String i(String key, int value) {
        return "\"" + key + "\":{\"i\":\"" + value + "\"}";
    }

    static String f(String key, float value) {
        return "\"" + key + "\":{\"f\":" + value + "}";
    }

    static String type(String key, String value) {
        return "\"" + key + "\":{\"type\":\"" + value + "\"}";
    }

    String json() {
        return "{\"format\":\"graph-model\",\"modelTopology\":{\"node\":[" + String.join(",", nodes)
                + "]},\"weightsManifest\":[{\"paths\":[\"w.bin\"],\"weights\":[" + String.join(",", specs) + "]}]}";
    }

    byte[] weights() {
        return Arrays.copyOf(shard.array(), shard.position());
    }

    GraphModel model() throws IOException {
        byte[] bytes = weights();
        return GraphModel.read("tiny.json", new ByteArrayInputStream(json().getBytes(StandardCharsets.UTF_8)),
                path -> new ByteArrayInputStream(bytes));
    }

    /** Runs the graph on float inputs given in order of {@link #input}, returning {@code output} as floats. */
    float[] run(String output, float[]... values) throws IOException {
        return runArray(output, values).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    }

    NDArray runArray(String output, float[]... values) throws IOException {
        try (GraphRunner runner = new GraphRunner(model())) {
            NDManager manager = NDManager.newBaseManager("PyTorch");
            Map<String, NDArray> feed = new LinkedHashMap<>();
            int k = 0;
            for (Map.Entry<String, long[]> e : inputs.entrySet()) {
                feed.put(e.getKey(), manager.create(values[k++], new Shape(e.getValue())));
            }
            return runner.run(manager, feed, List.of(output)).get(output);
        }
    }

    static float[] range(int n) {
        float[] v = new float[n];
        for (int j = 0; j < n; j++) {
            v[j] = j;
        }
        return v;
    }
}
