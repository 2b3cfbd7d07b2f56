package io.mmstream.models.tfjs;

import static io.mmstream.models.tfjs.TinyGraph.b;
import static io.mmstream.models.tfjs.TinyGraph.f;
import static io.mmstream.models.tfjs.TinyGraph.i;
import static io.mmstream.models.tfjs.TinyGraph.list;
import static io.mmstream.models.tfjs.TinyGraph.range;
import static io.mmstream.models.tfjs.TinyGraph.s;
import static io.mmstream.models.tfjs.TinyGraph.strings;
import static io.mmstream.models.tfjs.TinyGraph.type;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each operation of the graph runner against values computed by hand with TensorFlow's definitions. */
class GraphRunnerIT {

    private static final float EPS = 1e-5f;
    private static final String NHWC = s("data_format", "NHWC");
    private static final String STRIDE_1 = list("strides", 1, 1, 1, 1);
    private static final String STRIDE_2 = list("strides", 1, 2, 2, 1);

    private static float[] ones(int n) {
        float[] v = new float[n];
        Arrays.fill(v, 1);
        return v;
    }

    @Test
    void sameConvolutionAtStrideOnePadsEvenly() throws Exception {
        TinyGraph g = new TinyGraph().input("x", 1, 3, 3, 1).floats("w", new long[] {3, 3, 1, 1}, ones(9))
                .node("y", "Conv2D", List.of("x", "w"), s("padding", "SAME"), STRIDE_1, NHWC);
        assertArrayEquals(new float[] {4, 6, 4, 6, 9, 6, 4, 6, 4}, g.run("y", ones(9)), EPS);
    }

    @Test
    void sameConvolutionAtStrideTwoPadsTheBottomAndRightOnly() throws Exception {
        // 4x4 input 0..15, 3x3 ones, stride 2: TensorFlow pads 0 above/left and 1 below/right
        TinyGraph g = new TinyGraph().input("x", 1, 4, 4, 1).floats("w", new long[] {3, 3, 1, 1}, ones(9))
                .node("y", "Conv2D", List.of("x", "w"), s("padding", "SAME"), STRIDE_2, NHWC);
        assertArrayEquals(new float[] {45, 39, 66, 50}, g.run("y", range(16)), EPS);
    }

    @Test
    void validConvolutionReadsFiltersAsHeightWidthInOut() throws Exception {
        // pixels (channel 0, channel 1): (1,2) (3,4) / (5,6) (7,8); the filter picks 1*1 + 4*1 + 5*2 + 8*(-1)
        TinyGraph g = new TinyGraph().input("x", 1, 2, 2, 2)
                .floats("w", new long[] {2, 2, 2, 1}, 1, 0, 0, 1, 2, 0, 0, -1)
                .node("y", "Conv2D", List.of("x", "w"), s("padding", "VALID"), STRIDE_1, NHWC);
        assertArrayEquals(new float[] {7}, g.run("y", new float[] {1, 2, 3, 4, 5, 6, 7, 8}), EPS);
    }

    @Test
    void depthwiseWithAMultiplierOrdersChannelsInputMajor() throws Exception {
        TinyGraph g = new TinyGraph().input("x", 1, 1, 1, 2)
                .floats("w", new long[] {1, 1, 2, 2}, 1, 10, 100, 1000)
                .node("y", "DepthwiseConv2dNative", List.of("x", "w"), s("padding", "SAME"), STRIDE_1, NHWC);
        assertArrayEquals(new float[] {2, 20, 300, 3000}, g.run("y", new float[] {2, 3}), EPS);
    }

    @Test
    void fusedConvolutionAddsTheBiasThenAppliesTheActivation() throws Exception {
        TinyGraph g = new TinyGraph().input("x", 1, 1, 1, 2)
                .floats("w", new long[] {1, 1, 2, 3}, 1, 0, 4, 0, 1, 0).floats("bias", new long[] {3}, 0.5f, 1, 0)
                .node("relu", "_FusedConv2D", List.of("x", "w", "bias"), s("padding", "SAME"), STRIDE_1, NHWC,
                        strings("fused_ops", "BiasAdd", "Relu"), i("num_args", 1))
                .node("relu6", "_FusedConv2D", List.of("x", "w", "bias"), s("padding", "SAME"), STRIDE_1, NHWC,
                        strings("fused_ops", "BiasAdd", "Relu6"), i("num_args", 1))
                .node("leaky", "FusedDepthwiseConv2dNative", List.of("x", "w2", "b2"), s("padding", "SAME"), STRIDE_1, NHWC,
                        strings("fused_ops", "BiasAdd", "LeakyRelu"), f("leakyrelu_alpha", 0.1f), i("num_args", 1))
                .floats("w2", new long[] {1, 1, 2, 1}, 1, 1).floats("b2", new long[] {2}, 0, 0);
        float[] x = {1, -3};
        // x·w = (1, -3, 4) + bias (0.5, 1, 0) = (1.5, -2, 4)
        assertArrayEquals(new float[] {1.5f, 0, 4}, g.run("relu", x), EPS);
        assertArrayEquals(new float[] {1.5f, 0, 4}, g.run("relu6", new float[] {1, -3}), EPS);
        assertArrayEquals(new float[] {1, -0.3f}, g.run("leaky", x), EPS);
    }

    @Test
    void bilinearResizeFollowsTensorFlowsThreeCoordinateConventions() throws Exception {
        TinyGraph g = new TinyGraph().input("x", 1, 1, 2, 1).ints("size", new long[] {2}, 1, 4).ints("size3", new long[] {2}, 1, 3)
                .node("legacy", "ResizeBilinear", List.of("x", "size"), b("align_corners", false), b("half_pixel_centers", false))
                .node("half", "ResizeBilinear", List.of("x", "size"), b("align_corners", false), b("half_pixel_centers", true))
                .node("corners", "ResizeBilinear", List.of("x", "size3"), b("align_corners", true), b("half_pixel_centers", false));
        float[] x = {0, 1};
        assertArrayEquals(new float[] {0, 0.5f, 1, 1}, g.run("legacy", x), EPS);
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, g.run("half", x), EPS);
        assertArrayEquals(new float[] {0, 0.5f, 1}, g.run("corners", x), EPS);
    }

    @Test
    void maxPoolSameTakesTheLargestNeighbour() throws Exception {
        TinyGraph g = new TinyGraph().input("x", 1, 3, 3, 1)
                .node("y", "MaxPool", List.of("x"), s("padding", "SAME"), STRIDE_1, list("ksize", 1, 3, 3, 1), NHWC);
        assertArrayEquals(new float[] {4, 5, 5, 7, 8, 8, 7, 8, 8}, g.run("y", range(9)), EPS);
    }

    @Test
    void topKGivesTheLargestValuesAndWhereTheyWere() throws Exception {
        TinyGraph g = new TinyGraph().input("x", 5).ints("k", new long[0], 2)
                .node("top", "TopKV2", List.of("x", "k"), b("sorted", true));
        float[] x = {3, 1, 4, 1.5f, 9};
        assertArrayEquals(new float[] {9, 4}, g.run("top", x), EPS);
        assertArrayEquals(new float[] {4, 2}, g.run("top:1", x), EPS);
    }

    @Test
    void floorDivisionAndModuloRoundTowardsMinusInfinity() throws Exception {
        TinyGraph g = new TinyGraph().ints("a", new long[] {2}, -7, 7).ints("b", new long[0], 2)
                .node("div", "FloorDiv", List.of("a", "b")).node("mod", "FloorMod", List.of("a", "b"));
        assertArrayEquals(new float[] {-4, 3}, g.run("div"), EPS);
        assertArrayEquals(new float[] {1, 1}, g.run("mod"), EPS);
    }

    @Test
    void stridedSliceHonoursBeginEndAndShrinkMasks() throws Exception {
        TinyGraph g = new TinyGraph().input("x", 2, 3)
                .ints("b", new long[] {2}, 0, 1).ints("e", new long[] {2}, 2, 3).ints("st", new long[] {2}, 1, 1)
                .ints("b2", new long[] {2}, 5, 2).ints("e2", new long[] {2}, 0, 3)
                .node("plain", "StridedSlice", List.of("x", "b", "e", "st"))
                .node("masked", "StridedSlice", List.of("x", "b2", "e2", "st"), i("begin_mask", 1), i("end_mask", 1),
                        i("shrink_axis_mask", 2));
        assertArrayEquals(new float[] {1, 2, 4, 5}, g.run("plain", range(6)), EPS);
        assertArrayEquals(new float[] {2, 5}, g.run("masked", range(6)), EPS);
    }

    @Test
    void gatherPicksAlongTheAxisPadPadsAndSplitSplits() throws Exception {
        TinyGraph g = new TinyGraph().input("x", 2, 3)
                .ints("idx", new long[] {2}, 2, 0).ints("axis1", new long[0], 1).ints("axis0", new long[0], 0)
                .ints("pads", new long[] {2, 2}, 0, 0, 1, 2).floats("nine", new long[0], 9)
                .ints("sizes", new long[] {2}, 1, -1)
                .node("gather", "GatherV2", List.of("x", "idx", "axis1"), i("batch_dims", 0))
                .node("pad", "Pad", List.of("x", "pads")).node("pad9", "PadV2", List.of("x", "pads", "nine"))
                .node("split", "SplitV", List.of("x", "sizes", "axis1"), i("num_split", 2));
        float[] x = range(6);
        assertArrayEquals(new float[] {2, 0, 5, 3}, g.run("gather", x), EPS);
        assertArrayEquals(new float[] {0, 0, 1, 2, 0, 0, 0, 3, 4, 5, 0, 0}, g.run("pad", x), EPS);
        assertArrayEquals(new float[] {9, 0, 1, 2, 9, 9, 9, 3, 4, 5, 9, 9}, g.run("pad9", x), EPS);
        assertArrayEquals(new float[] {1, 2, 4, 5}, g.run("split:1", x), EPS);
    }

    @Test
    void transposeLeakyReluAndSixCappedReluActOnTensorFlowsLayout() throws Exception {
        TinyGraph g = new TinyGraph().input("x", 2, 3).ints("perm", new long[] {2}, 1, 0)
                .node("t", "Transpose", List.of("x", "perm"))
                .node("leaky", "LeakyRelu", List.of("x"), f("alpha", 0.5f))
                .node("relu6", "Relu6", List.of("x"));
        float[] x = {-2, 0, 3, 7, -4, 1};
        assertArrayEquals(new float[] {-2, 7, 0, -4, 3, 1}, g.run("t", x), EPS);
        assertArrayEquals(new float[] {-1, 0, 3, 7, -2, 1}, g.run("leaky", x), EPS);
        assertArrayEquals(new float[] {0, 0, 3, 6, 0, 1}, g.run("relu6", x), EPS);
    }

    @Test
    void sparseToDenseFillsTheGivenPlaces() throws Exception {
        TinyGraph g = new TinyGraph().ints("where", new long[] {2}, 1, 3).ints("shape", new long[] {1}, 5)
                .floats("values", new long[] {2}, 7, 8).floats("zero", new long[0], 0)
                .node("dense", "SparseToDense", List.of("where", "shape", "values", "zero"));
        assertArrayEquals(new float[] {0, 7, 0, 8, 0}, g.run("dense"), EPS);
    }

    @Test
    void channelsFirstActivationsMeanConcatAndReshapeInTensorFlowsOrder() throws Exception {
        TinyGraph g = new TinyGraph().input("x", 1, 2, 2, 2)
                .floats("eye", new long[] {1, 1, 2, 2}, 1, 0, 0, 1).floats("ten", new long[0], 10)
                .ints("hw", new long[] {2}, 1, 2).ints("c", new long[0], 3).ints("flatShape", new long[] {1}, -1)
                .node("conv", "Conv2D", List.of("x", "eye"), s("padding", "SAME"), STRIDE_1, NHWC)
                .node("scaled", "Mul", List.of("ten", "conv"))
                .node("mean", "Mean", List.of("conv", "hw"), b("keep_dims", true))
                .node("cat", "ConcatV2", List.of("conv", "scaled", "c"))
                .node("flat", "Reshape", List.of("cat", "flatShape"));
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        assertArrayEquals(new float[] {4, 5}, g.run("mean", x), EPS);
        assertArrayEquals(new float[] {1, 2, 10, 20, 3, 4, 30, 40, 5, 6, 50, 60, 7, 8, 70, 80}, g.run("flat", x), EPS);
    }

    @Test
    void castsAndComparisonsGiveTensorFlowsTypes() throws Exception {
        TinyGraph g = new TinyGraph().input("x", 3).floats("two", new long[0], 2)
                .node("eq", "Equal", List.of("x", "two")).node("cast", "Cast", List.of("eq"), type("DstT", "DT_FLOAT"))
                .ints("one", new long[0], 1).node("expanded", "ExpandDims", List.of("cast", "one"));
        assertArrayEquals(new float[] {0, 1, 0}, g.run("expanded", new float[] {1, 2, 3}), EPS);
        assertArrayEquals(new long[] {3, 1}, g.runArray("expanded", new float[] {1, 2, 3}).getShape().getShape());
    }

    @Test
    void aGraphWithAnOperationTheRunnerLacksIsRefusedByName() throws Exception {
        TinyGraph g = new TinyGraph().input("x", 3).node("probabilities", "Softmax", List.of("x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GraphRunner(g.model()));
        assertTrue(e.getMessage().contains("Softmax (node probabilities)"), e.getMessage());
    }

    @Test
    void weightsThatDoNotMatchTheManifestAreRefused() throws Exception {
        TinyGraph g = new TinyGraph().input("x", 3).floats("w", new long[] {3}, 1, 2, 3).node("y", "Mul", List.of("x", "w"));
        byte[] short_ = Arrays.copyOf(g.weights(), 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GraphModel.read("tiny.json",
                new ByteArrayInputStream(g.json().getBytes(StandardCharsets.UTF_8)), path -> new ByteArrayInputStream(short_)));
        assertTrue(e.getMessage().contains("weight w[3] needs 12 bytes"), e.getMessage());
        byte[] long_ = Arrays.copyOf(g.weights(), 16);
        e = assertThrows(IllegalArgumentException.class, () -> GraphModel.read("tiny.json",
                new ByteArrayInputStream(g.json().getBytes(StandardCharsets.UTF_8)), path -> new ByteArrayInputStream(long_)));
        assertTrue(e.getMessage().contains("4 bytes more"), e.getMessage());
    }

    @Test
    void anInputOfTheWrongShapeIsRefusedBeforeRunning() throws Exception {
        String json = new TinyGraph().input("x", 3).node("y", "Relu", List.of("x")).json()
                .replace("\"modelTopology\"", "\"signature\":{\"inputs\":{\"x\":{\"tensorShape\":{\"dim\":[{\"size\":\"3\"}]}}}},\"modelTopology\"");
        GraphModel model = GraphModel.read("tiny.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                path -> new ByteArrayInputStream(new byte[0]));
        try (GraphRunner runner = new GraphRunner(model);
                ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> runner.run(m, java.util.Map.of("x", m.create(new float[4])), List.of("y")));
            assertTrue(e.getMessage().contains("input x must be [3], got [4]"), e.getMessage());
        }
    }
}
