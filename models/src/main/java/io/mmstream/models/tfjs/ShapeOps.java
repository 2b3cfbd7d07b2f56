package io.mmstream.models.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/** Operations that move, select or rearrange elements: reshape, transpose, concat, slices, gathers, pads, splits. */
final class ShapeOps {

    private ShapeOps() {}

    static List<Value> reshape(OpCall call) {
        int[] dims = call.ints(1);
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[i];
        }
        return List.of(Value.of(call.tf(0).reshape(new Shape(shape))));
    }

    static List<Value> transpose(OpCall call) {
        return List.of(Value.of(call.tf(0).transpose(call.ints(1))));
    }

    static List<Value> expandDims(OpCall call) {
        NDArray x = call.tf(0);
        int axis = call.integer(1);
        return List.of(Value.of(x.expandDims(axis < 0 ? axis + x.getShape().dimension() + 1 : axis)));
    }

    static List<Value> concat(OpCall call) {
        List<Value> parts = call.inputs().subList(0, call.inputs().size() - 1);
        int axis = call.integer(call.inputs().size() - 1);
        boolean allChannelsFirst = parts.stream().allMatch(Value::channelsFirst);
        NDList arrays = new NDList();
        for (Value part : parts) {
            arrays.add(allChannelsFirst ? part.array() : part.tf());
        }
        int rank = arrays.get(0).getShape().dimension();
        int a = allChannelsFirst ? parts.get(0).axis(axis) : (axis < 0 ? axis + rank : axis);
        NDArray r = NDArrays.concat(arrays, a);
        return List.of(allChannelsFirst ? Value.channelsFirst(r) : Value.of(r));
    }

    /** TensorFlow's strided slice with begin, end and shrink-axis masks (positive strides). */
    static List<Value> stridedSlice(OpCall call) {
        GraphNode node = call.node();
        if (node.integer("ellipsis_mask", 0) != 0 || node.integer("new_axis_mask", 0) != 0) {
            throw new UnsupportedOperationException("StridedSlice node " + node.name()
                    + " uses an ellipsis or new-axis mask, which the runner lacks");
        }
        NDArray x = call.tf(0);
        int[] begin = call.ints(1);
        int[] end = call.ints(2);
        int[] strides = call.ints(3);
        int beginMask = node.integer("begin_mask", 0);
        int endMask = node.integer("end_mask", 0);
        int shrinkMask = node.integer("shrink_axis_mask", 0);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < begin.length; i++) {
            if (strides[i] <= 0) {
                throw new UnsupportedOperationException("StridedSlice node " + node.name() + " has stride " + strides[i]
                        + "; the runner supports positive strides");
            }
            if ((shrinkMask & (1 << i)) != 0) {
                parts.add(String.valueOf(begin[i]));
                continue;
            }
            String from = (beginMask & (1 << i)) != 0 ? "" : String.valueOf(begin[i]);
            String to = (endMask & (1 << i)) != 0 ? "" : String.valueOf(end[i]);
            parts.add(from + ":" + to + ":" + strides[i]);
        }
        return List.of(Value.of(x.get(new NDIndex(String.join(",", parts)))));
    }

    /** TensorFlow's GatherV2 (batch_dims 0): {@code params[:axis] + indices.shape + params[axis+1:]}. */
    static List<Value> gather(OpCall call) {
        GraphNode node = call.node();
        if (node.integer("batch_dims", 0) != 0) {
            throw new UnsupportedOperationException("GatherV2 node " + node.name() + " uses batch_dims, which the runner lacks");
        }
        NDArray params = call.tf(0);
        NDArray indices = call.tf(1).toType(DataType.INT64, false);
        int rank = params.getShape().dimension();
        int axis = call.integer(2);
        axis = axis < 0 ? axis + rank : axis;
        int[] toFront = new int[rank];
        toFront[0] = axis;
        for (int i = 0, j = 1; i < rank; i++) {
            if (i != axis) {
                toFront[j++] = i;
            }
        }
        NDArray front = params.transpose(toFront);
        long n = front.getShape().get(0);
        long rest = front.getShape().size() / Math.max(n, 1);
        long m = indices.getShape().size();
        NDArray index = indices.reshape(m, 1).broadcast(m, rest);
        NDArray gathered = front.reshape(n, rest).gather(index, 0);
        Shape indexShape = indices.getShape();
        Shape tail = front.getShape().slice(1);
        NDArray shaped = gathered.reshape(indexShape.addAll(tail));
        // now [indices..., params[:axis]..., params[axis+1:]...]; TensorFlow wants params[:axis] first
        int k = indexShape.dimension();
        int[] order = new int[k + rank - 1];
        int o = 0;
        for (int i = 0; i < axis; i++) {
            order[o++] = k + i;
        }
        for (int i = 0; i < k; i++) {
            order[o++] = i;
        }
        for (int i = k + axis; i < k + rank - 1; i++) {
            order[o++] = i;
        }
        return List.of(Value.of(order.length == 0 ? shaped : shaped.transpose(order)));
    }

    /** Pad and PadV2: {@code paddings[rank][2]} before and after each axis, with zeros or the given value. */
    static List<Value> pad(OpCall call) {
        NDArray x = call.tf(0);
        int[] p = call.ints(1);
        double value = call.inputs().size() > 2 ? call.tf(2).toType(DataType.FLOAT64, false).getDouble() : 0;
        int rank = x.getShape().dimension();
        long[] torchOrder = new long[2 * rank];
        for (int d = 0; d < rank; d++) {
            torchOrder[2 * d] = p[2 * (rank - 1 - d)];
            torchOrder[2 * d + 1] = p[2 * (rank - 1 - d) + 1];
        }
        return List.of(Value.of(x.pad(new Shape(torchOrder), value)));
    }

    /** SplitV: pieces of the given sizes (one may be -1, the rest) along an axis. */
    static List<Value> splitV(OpCall call) {
        NDArray x = call.tf(0);
        int[] sizes = call.ints(1);
        int rank = x.getShape().dimension();
        int axis = call.integer(2);
        axis = axis < 0 ? axis + rank : axis;
        long total = x.getShape().get(axis);
        long known = 0;
        for (int s : sizes) {
            known += s >= 0 ? s : 0;
        }
        long[] cuts = new long[sizes.length - 1];
        long at = 0;
        for (int i = 0; i < cuts.length; i++) {
            at += sizes[i] >= 0 ? sizes[i] : total - known;
            cuts[i] = at;
        }
        List<Value> out = new ArrayList<>();
        for (NDArray piece : x.split(cuts, axis)) {
            out.add(Value.of(piece));
        }
        return out;
    }

    /** SparseToDense: {@code default_value} everywhere but at {@code sparse_indices}, which get {@code sparse_values}. */
    static List<Value> sparseToDense(OpCall call) {
        NDArray indices = call.tf(0).toType(DataType.INT64, false);
        int[] outShape = call.ints(1);
        NDArray values = call.tf(2).toType(DataType.FLOAT32, false);
        float fill = call.tf(3).toType(DataType.FLOAT32, false).getFloat();
        long[] shape = new long[outShape.length];
        long[] strides = new long[outShape.length];
        long size = 1;
        for (int d = outShape.length - 1; d >= 0; d--) {
            shape[d] = outShape[d];
            strides[d] = size;
            size *= outShape[d];
        }
        float[] dense = new float[Math.toIntExact(size)];
        java.util.Arrays.fill(dense, fill);
        long[] idx = indices.toLongArray();
        float[] v = values.toFloatArray();
        int per = indices.getShape().dimension() < 2 ? 1 : (int) indices.getShape().get(1);
        for (int i = 0; i < idx.length / per; i++) {
            long flat = 0;
            for (int d = 0; d < per; d++) {
                flat += idx[i * per + d] * strides[d];
            }
            dense[(int) flat] = v.length == 1 ? v[0] : v[i];
        }
        DataType type = call.tf(2).getDataType();
        return List.of(Value.of(call.manager().create(dense, new Shape(shape)).toType(type, false)));
    }
}
