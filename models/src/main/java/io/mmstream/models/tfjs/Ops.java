package io.mmstream.models.tfjs;

import ai.djl.nn.Activation;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The TensorFlow operations the runner executes, by name ({@code Const} and {@code Placeholder} are the runner's own). */
public final class Ops {

    private static final Map<String, Op> OPS = new TreeMap<>();

    static {
        OPS.put("Conv2D", ConvolutionOps::conv2d);
        OPS.put("_FusedConv2D", ConvolutionOps::conv2d);
        OPS.put("DepthwiseConv2dNative", ConvolutionOps::depthwise);
        OPS.put("FusedDepthwiseConv2dNative", ConvolutionOps::depthwise);
        OPS.put("MaxPool", ConvolutionOps::maxPool);
        OPS.put("Add", ArrayOps.binary((a, b) -> a.add(b)));
        OPS.put("AddV2", ArrayOps.binary((a, b) -> a.add(b)));
        OPS.put("Sub", ArrayOps.binary((a, b) -> a.sub(b)));
        OPS.put("Mul", ArrayOps.binary((a, b) -> a.mul(b)));
        OPS.put("Equal", ArrayOps.binary((a, b) -> a.eq(b)));
        OPS.put("FloorDiv", ArrayOps.binary(ArrayOps::floorDiv));
        OPS.put("FloorMod", ArrayOps.binary(ArrayOps::floorMod));
        OPS.put("Relu", ArrayOps.unary(Activation::relu));
        OPS.put("Relu6", ArrayOps.unary(Activation::relu6));
        OPS.put("Sigmoid", ArrayOps.unary(Activation::sigmoid));
        OPS.put("LeakyRelu", ArrayOps::leakyRelu);
        OPS.put("Identity", call -> List.of(call.input(0)));
        OPS.put("Cast", ArrayOps::cast);
        OPS.put("Mean", ArrayOps::mean);
        OPS.put("Reshape", ShapeOps::reshape);
        OPS.put("Transpose", ShapeOps::transpose);
        OPS.put("ExpandDims", ShapeOps::expandDims);
        OPS.put("ConcatV2", ShapeOps::concat);
        OPS.put("StridedSlice", ShapeOps::stridedSlice);
        OPS.put("GatherV2", ShapeOps::gather);
        OPS.put("Pad", ShapeOps::pad);
        OPS.put("PadV2", ShapeOps::pad);
        OPS.put("SplitV", ShapeOps::splitV);
        OPS.put("SparseToDense", ShapeOps::sparseToDense);
        OPS.put("ResizeBilinear", ImageOps::resizeBilinear);
        OPS.put("TopKV2", ImageOps::topK);
    }

    private Ops() {}

    /** The operation called {@code name}, or null when the runner lacks it. */
    public static Op get(String name) {
        return OPS.get(name);
    }

    /** Every operation the runner executes, sorted, with the two it handles itself. */
    public static List<String> supported() {
        TreeMap<String, Op> all = new TreeMap<>(OPS);
        all.put("Const", null);
        all.put("Placeholder", null);
        return List.copyOf(all.keySet());
    }
}
