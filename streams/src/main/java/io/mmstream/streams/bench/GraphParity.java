package io.mmstream.streams.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mmstream.models.tfjs.GraphModel;
import io.mmstream.models.tfjs.GraphRunner;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs any TensorFlow.js graph model on mmstream's runner with a deterministic input, for
 * bench/tfjs-parity.sh, which runs TensorFlow.js on the same model and input and compares the outputs.
 *
 * <p>Usage: {@code GraphParity MODEL_JSON INPUT DIMS OUTPUT...}, DIMS like {@code 1x512x512x3}. Input
 * element {@code i} is {@code (i * 37 mod 256) * SCALE} with SCALE from {@code -Dparity.scale} (default 1).
 * Prints per output its shape, sum, sum of absolute values and first values.
 */
public final class GraphParity {

    private GraphParity() {}

    public static void main(String[] args) throws Exception {
        GraphModel model = GraphModel.load(Path.of(args[0]));
        long[] dims = Arrays.stream(args[2].split("x")).mapToLong(Long::parseLong).toArray();
        List<String> outputs = List.of(args).subList(3, args.length);
        float scale = Float.parseFloat(System.getProperty("parity.scale", "1"));
        int n = Math.toIntExact(new Shape(dims).size());
        float[] input = new float[n];
        for (int i = 0; i < n; i++) {
            input[i] = (float) ((i * 37L) % 256) * scale;
        }
        try (GraphRunner runner = new GraphRunner(model); NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> out = runner.run(manager, Map.of(args[1], manager.create(input, new Shape(dims))), outputs);
            for (String name : outputs) {
                float[] v = out.get(name).toType(DataType.FLOAT32, false).toFloatArray();
                double sum = 0;
                double abs = 0;
                for (float x : v) {
                    sum += x;
                    abs += Math.abs(x);
                }
                System.out.printf(Locale.ROOT, "%s %s sum %.3f abs %.3f first %.4f %.4f%n", name,
                        Arrays.toString(out.get(name).getShape().getShape()).replace(" ", ""), sum, abs, v[0], v[1]);
            }
        }
    }
}
