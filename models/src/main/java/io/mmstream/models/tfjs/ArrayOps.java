package io.mmstream.models.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/** Element-wise arithmetic with broadcasting, activations, casts and the mean reduction. */
public final class ArrayOps {

    private ArrayOps() {}

    /** An element-wise binary operation: both operands channels-first when one is, unless the other is a scalar. */
    static Op binary(BinaryOperator<NDArray> f) {
        return call -> {
            Value a = call.input(0);
            Value b = call.input(1);
            if (a.channelsFirst() == b.channelsFirst() || a.isSingleElement() || b.isSingleElement()) {
                NDArray r = f.apply(a.array(), b.array());
                return List.of(a.channelsFirst() || b.channelsFirst() ? Value.channelsFirst(r) : Value.of(r));
            }
            Value other = a.channelsFirst() ? b : a;
            if (other.array().getShape().dimension() == 4) {
                NDArray r = a.channelsFirst() ? f.apply(a.array(), b.nchw()) : f.apply(a.nchw(), b.array());
                return List.of(Value.channelsFirst(r));
            }
            return List.of(Value.of(f.apply(a.tf(), b.tf())));
        };
    }

    /** An element-wise unary operation, which keeps the layout. */
    static Op unary(UnaryOperator<NDArray> f) {
        return call -> {
            Value v = call.input(0);
            return List.of(new Value(f.apply(v.array()), v.channelsFirst()));
        };
    }

    static NDArray floorDiv(NDArray a, NDArray b) {
        if (a.getDataType().isInteger() && b.getDataType().isInteger()) {
            return a.toType(DataType.FLOAT64, false).div(b.toType(DataType.FLOAT64, false)).floor()
                    .toType(a.getDataType(), false);
        }
        return a.div(b).floor();
    }

    static NDArray floorMod(NDArray a, NDArray b) {
        return a.sub(floorDiv(a, b).mul(b));
    }

    static List<Value> leakyRelu(OpCall call) {
        Value v = call.input(0);
        return List.of(new Value(Activation.leakyRelu(v.array(), call.node().real("alpha", 0.2f)), v.channelsFirst()));
    }

    static List<Value> cast(OpCall call) {
        Value v = call.input(0);
        return List.of(new Value(v.array().toType(dataType(call.node(), call.node().type("DstT", "DT_FLOAT")), false),
                v.channelsFirst()));
    }

    static DataType dataType(GraphNode node, String tfType) {
        return switch (tfType) {
            case "DT_FLOAT" -> DataType.FLOAT32;
            case "DT_INT32" -> DataType.INT32;
            case "DT_INT64" -> DataType.INT64;
            case "DT_BOOL" -> DataType.BOOLEAN;
            default -> throw new UnsupportedOperationException(node.op() + " node " + node.name() + " casts to " + tfType);
        };
    }

    static List<Value> mean(OpCall call) {
        Value v = call.input(0);
        int[] axes = call.ints(1);
        boolean keep = call.node().bool("keep_dims", false);
        if (axes.length == 0) {
            return List.of(v);
        }
        if (v.channelsFirst() && keep) {
            int[] mapped = new int[axes.length];
            for (int i = 0; i < axes.length; i++) {
                mapped[i] = v.axis(axes[i]);
            }
            return List.of(Value.channelsFirst(meanOver(v.array(), mapped, true)));
        }
        NDArray x = v.tf();
        int rank = x.getShape().dimension();
        int[] normalized = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            normalized[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
        }
        return List.of(Value.of(meanOver(x, normalized, keep)));
    }

    /** The mean over several axes, one axis at a time (PyTorch's engine in DJL reduces one axis per call). */
    public static NDArray meanOver(NDArray x, int[] axes, boolean keepDims) {
        int[] sorted = axes.clone();
        java.util.Arrays.sort(sorted);
        NDArray r = x;
        for (int i = sorted.length - 1; i >= 0; i--) {
            r = r.mean(new int[] {sorted[i]}, keepDims);
        }
        return r;
    }
}
