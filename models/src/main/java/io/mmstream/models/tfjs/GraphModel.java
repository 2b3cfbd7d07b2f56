package io.mmstream.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A TensorFlow.js graph model: the nodes of {@code model.json}'s topology, its constants read from the
 * weight shards its manifest names (float16 and uint8/uint16 quantized weights are dequantized to
 * float32), and the input and output names of its signature.
 *
 * <p>Loading checks what can be checked before running: every shard's size against the manifest's
 * weights, every constant's shape against the node that declares it.
 */
public final class GraphModel {

    /** Opens one weight shard by the path the manifest gives (relative to model.json). */
    @FunctionalInterface
    public interface ShardSource {
        InputStream open(String path) throws IOException;
    }

    private final String source;
    private final List<GraphNode> nodes;
    private final Map<String, GraphNode> byName = new LinkedHashMap<>();
    private final Map<String, WeightTensor> weights;
    private final Map<String, long[]> inputs = new LinkedHashMap<>();
    private final Map<String, long[]> outputs = new LinkedHashMap<>();

    private GraphModel(String source, List<GraphNode> nodes, Map<String, WeightTensor> weights, JsonNode signature) {
        this.source = source;
        this.nodes = List.copyOf(nodes);
        this.weights = weights;
        for (GraphNode node : nodes) {
            byName.put(node.name(), node);
        }
        // a signature may name a tensor ("input_1:0"); inputs are fed by their placeholder's node name
        signature.path("inputs").fields().forEachRemaining(e -> inputs.put(e.getKey().replaceFirst(":0$", ""), dims(e.getValue())));
        signature.path("outputs").fields().forEachRemaining(e -> outputs.put(e.getKey(), dims(e.getValue())));
        if (inputs.isEmpty()) {
            nodes.stream().filter(n -> n.op().equals("Placeholder")).forEach(n -> inputs.put(n.name(), n.declaredShape()));
        }
        checkConstants();
    }

    /** Reads {@code model.json} and the shards beside it. */
    public static GraphModel load(Path modelJson) {
        Path folder = modelJson.toAbsolutePath().getParent();
        try (InputStream json = Files.newInputStream(modelJson)) {
            return read(modelJson.toString(), json, path -> Files.newInputStream(folder.resolve(path)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the graph model " + modelJson + ": " + e.getMessage(), e);
        }
    }

    /** Reads a model from streams: {@code json} is model.json, {@code shards} opens the shards it names. */
    public static GraphModel read(String source, InputStream json, ShardSource shards) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (!"graph-model".equals(root.path("format").asText("graph-model"))) {
            throw new IllegalArgumentException(source + " is a '" + root.path("format").asText()
                    + "' model; only TensorFlow.js graph models can be run");
        }
        List<GraphNode> nodes = new ArrayList<>();
        for (JsonNode n : root.path("modelTopology").path("node")) {
            List<String> in = new ArrayList<>();
            n.path("input").forEach(i -> in.add(i.asText()));
            nodes.add(new GraphNode(n.path("name").asText(), n.path("op").asText(), in, n.path("attr")));
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(source + " has no modelTopology nodes");
        }
        Map<String, WeightTensor> weights = new LinkedHashMap<>();
        for (JsonNode group : root.path("weightsManifest")) {
            ByteBuffer bytes = readShards(source, group, shards);
            for (JsonNode spec : group.path("weights")) {
                WeightTensor w = decode(source, spec, bytes);
                weights.put(w.name(), w);
            }
            if (bytes.hasRemaining()) {
                throw new IllegalArgumentException(source + ": the shards hold " + bytes.remaining()
                        + " bytes more than the weights manifest describes");
            }
        }
        return new GraphModel(source, nodes, weights, root.path("signature"));
    }

    private static ByteBuffer readShards(String source, JsonNode group, ShardSource shards) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (JsonNode path : group.path("paths")) {
            try (InputStream in = shards.open(path.asText())) {
                if (in == null) {
                    throw new IOException("missing weight shard " + path.asText());
                }
                in.transferTo(all);
            }
        }
        return ByteBuffer.wrap(all.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static WeightTensor decode(String source, JsonNode spec, ByteBuffer bytes) {
        String name = spec.path("name").asText();
        String dtype = spec.path("dtype").asText();
        long[] shape = longs(spec.path("shape"));
        int count = Math.toIntExact(WeightTensor.size(shape));
        JsonNode quantization = spec.path("quantization");
        String stored = quantization.isMissingNode() ? dtype : quantization.path("dtype").asText();
        int width = switch (stored) {
            case "float32", "int32" -> 4;
            case "float16", "uint16" -> 2;
            case "uint8", "bool" -> 1;
            default -> throw new IllegalArgumentException(source + ": weight " + name + " is stored as '" + stored
                    + "', which the runner cannot read");
        };
        if (bytes.remaining() < (long) count * width) {
            throw new IllegalArgumentException(source + ": weight " + name + Arrays.toString(shape) + " needs "
                    + (long) count * width + " bytes but the shards hold only " + bytes.remaining() + " more");
        }
        if (dtype.equals("int32") || dtype.equals("bool")) {
            int[] ints = new int[count];
            for (int i = 0; i < count; i++) {
                ints[i] = switch (stored) {
                    case "int32" -> bytes.getInt();
                    case "bool", "uint8" -> bytes.get() & 0xFF;
                    default -> throw new IllegalArgumentException(source + ": integer weight " + name + " stored as " + stored);
                };
            }
            return new WeightTensor(name, shape, null, ints);
        }
        if (!dtype.equals("float32")) {
            throw new IllegalArgumentException(source + ": weight " + name + " has dtype '" + dtype + "', which the runner cannot read");
        }
        float scale = (float) quantization.path("scale").asDouble(1);
        float min = (float) quantization.path("min").asDouble(0);
        float[] floats = new float[count];
        for (int i = 0; i < count; i++) {
            floats[i] = switch (stored) {
                case "float32" -> bytes.getFloat();
                case "float16" -> Half.toFloat(bytes.getShort());
                case "uint8" -> (bytes.get() & 0xFF) * scale + min;
                case "uint16" -> (bytes.getShort() & 0xFFFF) * scale + min;
                default -> throw new IllegalArgumentException(source + ": weight " + name + " stored as " + stored);
            };
        }
        return new WeightTensor(name, shape, floats, null);
    }

    private void checkConstants() {
        for (GraphNode node : nodes) {
            if (!node.op().equals("Const")) {
                continue;
            }
            WeightTensor w = weights.get(node.name());
            if (w == null) {
                throw new IllegalArgumentException(source + ": constant " + node.name() + " has no weight in the manifest");
            }
            long[] declared = node.declaredShape();
            if (declared != null && !fits(declared, w.shape())) {
                throw new IllegalArgumentException(source + ": constant " + node.name() + " is declared "
                        + Arrays.toString(declared) + " but its weight is " + Arrays.toString(w.shape()));
            }
        }
    }

    /** True when {@code shape} has {@code declared}'s rank and sizes, where -1 (unknown) takes any size. */
    static boolean fits(long[] declared, long[] shape) {
        if (declared.length != shape.length) {
            return false;
        }
        for (int i = 0; i < declared.length; i++) {
            if (declared[i] >= 0 && declared[i] != shape[i]) {
                return false;
            }
        }
        return true;
    }

    private static long[] dims(JsonNode tensorInfo) {
        JsonNode dims = tensorInfo.path("tensorShape").path("dim");
        long[] out = new long[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dims.get(i).path("size").asLong(-1);
        }
        return out;
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }

    /** Where the model was read from, for messages. */
    public String source() {
        return source;
    }

    /** The nodes in file order. */
    public List<GraphNode> nodes() {
        return nodes;
    }

    /** The node called {@code name}, or null. */
    public GraphNode node(String name) {
        return byName.get(name);
    }

    /** The constant called {@code name}, or null. */
    public WeightTensor weight(String name) {
        return weights.get(name);
    }

    /** The signature's inputs by placeholder name, and their shapes ({@code -1} where any size goes). */
    public Map<String, long[]> inputs() {
        return inputs;
    }

    /** The signature's outputs and their shapes. */
    public Map<String, long[]> outputs() {
        return outputs;
    }

    /** The distinct operations the graph uses, sorted. */
    public List<String> ops() {
        return List.copyOf(new TreeSet<>(nodes.stream().map(GraphNode::op).toList()));
    }
}
