package io.mmstream.models.tfjs;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Executes a {@link GraphModel} on DJL's PyTorch engine (the GPU when there is one). Constants are
 * loaded once, convolution filters are laid out for PyTorch once; each {@link #run} evaluates only
 * the nodes its outputs need, in dependency order, and frees every intermediate array before it returns.
 *
 * <p>A graph that uses an operation the runner lacks is refused when the runner is made, naming the
 * operation and a node that uses it. One run at a time: {@link #run} is synchronized.
 */
public final class GraphRunner implements AutoCloseable {

    private final GraphModel model;
    private final NDManager manager;
    private final Map<String, NDArray> constants = new HashMap<>();
    private final Map<String, NDArray> filters = new HashMap<>();
    private final Map<List<String>, List<GraphNode>> plans = new HashMap<>();

    /** A runner on the engine's default device. */
    public GraphRunner(GraphModel model) {
        this(model, Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu() : Device.cpu());
    }

    /** A runner on {@code device}; refuses a graph with an operation the runner lacks. */
    public GraphRunner(GraphModel model, Device device) {
        this.model = model;
        Map<String, String> missing = new TreeMap<>();
        for (GraphNode node : model.nodes()) {
            if (!node.op().equals("Const") && !node.op().equals("Placeholder") && Ops.get(node.op()) == null) {
                missing.putIfAbsent(node.op(), node.name());
            }
        }
        if (!missing.isEmpty()) {
            StringBuilder s = new StringBuilder();
            missing.forEach((op, node) -> s.append(s.length() == 0 ? "" : ", ").append(op).append(" (node ").append(node).append(')'));
            throw new IllegalArgumentException(model.source() + " uses operations the runner lacks: " + s);
        }
        this.manager = Engine.getEngine("PyTorch").newBaseManager(device);
        for (GraphNode node : model.nodes()) {
            if (node.op().equals("Const")) {
                WeightTensor w = model.weight(node.name());
                Shape shape = new Shape(w.shape());
                constants.put(node.name(), w.isInteger() ? manager.create(w.ints(), shape) : manager.create(w.floats(), shape));
            }
        }
        for (GraphNode node : model.nodes()) {
            boolean conv = node.op().equals("Conv2D") || node.op().equals("_FusedConv2D");
            boolean depthwise = node.op().startsWith("DepthwiseConv2d") || node.op().equals("FusedDepthwiseConv2dNative");
            if (conv || depthwise) {
                NDArray filter = constants.get(producer(node.inputs().get(1)));
                if (filter == null || filter.getShape().dimension() != 4) {
                    throw new IllegalArgumentException(model.source() + ": " + node.op() + " node " + node.name()
                            + " needs a constant 4-D filter");
                }
                filters.put(node.name(), conv ? ConvolutionOps.convFilter(filter) : ConvolutionOps.depthwiseFilter(filter));
            }
        }
    }

    /** The device the graph runs on: inputs are best created there. */
    public Device device() {
        return manager.getDevice();
    }

    /** The model this runner executes. */
    public GraphModel model() {
        return model;
    }

    /**
     * Runs the graph on {@code inputs} (TensorFlow layout, by placeholder name) and returns {@code outputs}
     * (node names, {@code name:k} for a node's k-th output) in TensorFlow's layout, attached to {@code out}.
     */
    public synchronized Map<String, NDArray> run(NDManager out, Map<String, NDArray> inputs, List<String> outputs) {
        checkInputs(inputs);
        List<GraphNode> plan = plans.computeIfAbsent(List.copyOf(outputs), this::plan);
        try (NDManager scope = manager.newSubManager()) {
            // arrays made from a constant belong to the constant's manager: lend the constants to this run
            constants.values().forEach(c -> c.tempAttach(scope));
            filters.values().forEach(f -> f.tempAttach(scope));
            Map<String, List<Value>> values = new HashMap<>();
            for (GraphNode node : plan) {
                values.put(node.name(), evaluate(node, values, inputs, scope));
            }
            Map<String, NDArray> result = new LinkedHashMap<>();
            for (String name : outputs) {
                NDArray array = value(name, values).tf();
                // an output that is a constant or an input itself is copied, not taken from its owner
                // (by identity: DJL's equals compares contents)
                boolean owned = constants.values().stream().anyMatch(c -> c == array)
                        || inputs.values().stream().anyMatch(i -> i == array);
                NDArray kept = owned ? array.duplicate() : array;
                kept.attach(out);
                result.put(name, kept);
            }
            return result;
        }
    }

    private List<Value> evaluate(GraphNode node, Map<String, List<Value>> values, Map<String, NDArray> inputs, NDManager scope) {
        switch (node.op()) {
            case "Const":
                return List.of(Value.of(constants.get(node.name())));
            case "Placeholder": {
                NDArray input = inputs.get(node.name());
                input.tempAttach(scope);
                return List.of(Value.of(input));
            }
            default:
                List<Value> in = new ArrayList<>();
                for (String name : node.inputs()) {
                    if (!name.startsWith("^")) {
                        in.add(value(name, values));
                    }
                }
                try {
                    return Ops.get(node.op()).apply(new OpCall(node, in, filters.get(node.name()), scope));
                } catch (EngineException | IllegalArgumentException | UnsupportedOperationException e) {
                    List<String> shapes = in.stream().map(v -> v.tfShape().toString()).toList();
                    throw new IllegalStateException(model.source() + ": " + node.op() + " node " + node.name()
                            + " failed on inputs " + shapes + ": " + e.getMessage(), e);
                }
        }
    }

    private static Value value(String reference, Map<String, List<Value>> values) {
        String name = producer(reference);
        int colon = reference.lastIndexOf(':');
        int index = colon > 0 && reference.substring(colon + 1).matches("\\d+") ? Integer.parseInt(reference.substring(colon + 1)) : 0;
        List<Value> produced = values.get(name);
        if (produced == null || index >= produced.size()) {
            throw new IllegalStateException("no value for " + reference);
        }
        return produced.get(index);
    }

    private static String producer(String reference) {
        String name = reference.startsWith("^") ? reference.substring(1) : reference;
        int colon = name.lastIndexOf(':');
        return colon > 0 && name.substring(colon + 1).matches("\\d+") ? name.substring(0, colon) : name;
    }

    /** The nodes {@code outputs} depend on, each after its inputs. */
    private List<GraphNode> plan(List<String> outputs) {
        List<GraphNode> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> visiting = new HashSet<>();
        for (String output : outputs) {
            visit(producer(output), order, done, visiting);
        }
        return order;
    }

    private void visit(String name, List<GraphNode> order, Set<String> done, Set<String> visiting) {
        if (done.contains(name)) {
            return;
        }
        GraphNode node = model.node(name);
        if (node == null) {
            throw new IllegalArgumentException(model.source() + " has no node " + name);
        }
        if (!visiting.add(name)) {
            throw new IllegalArgumentException(model.source() + " has a cycle through " + name);
        }
        for (String input : node.inputs()) {
            visit(producer(input), order, done, visiting);
        }
        visiting.remove(name);
        done.add(name);
        order.add(node);
    }

    private void checkInputs(Map<String, NDArray> inputs) {
        for (Map.Entry<String, long[]> e : model.inputs().entrySet()) {
            NDArray input = inputs.get(e.getKey());
            if (input == null) {
                throw new IllegalArgumentException(model.source() + " needs the input " + e.getKey());
            }
            long[] want = e.getValue();
            long[] got = input.getShape().getShape();
            if (want != null && !GraphModel.fits(want, got)) {
                throw new IllegalArgumentException(model.source() + ": input " + e.getKey() + " must be "
                        + Arrays.toString(want) + ", got " + Arrays.toString(got));
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
