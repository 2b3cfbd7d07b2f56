package io.mmstream.models.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/** What an {@link Op} gets: its node (attributes), its input values, and the filter the runner prepared for it. */
public record OpCall(GraphNode node, List<Value> inputs, NDArray preparedFilter, NDManager manager) {

    /** Input {@code i}. */
    public Value input(int i) {
        if (i >= inputs.size()) {
            throw new IllegalArgumentException(node.op() + " node " + node.name() + " needs at least " + (i + 1) + " inputs");
        }
        return inputs.get(i);
    }

    /** Input {@code i} in TensorFlow's layout. */
    public NDArray tf(int i) {
        return input(i).tf();
    }

    /** Input {@code i} read as integers (axes, shapes, sizes, begin/end/strides). */
    public int[] ints(int i) {
        return input(i).tf().toType(DataType.INT32, false).toIntArray();
    }

    /** Input {@code i} as one integer. */
    public int integer(int i) {
        int[] values = ints(i);
        if (values.length != 1) {
            throw new IllegalArgumentException(node.op() + " node " + node.name() + " wants a scalar as input " + i);
        }
        return values[0];
    }
}
