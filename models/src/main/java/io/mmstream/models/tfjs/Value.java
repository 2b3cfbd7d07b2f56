package io.mmstream.models.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A tensor as the runner holds it between nodes. TensorFlow's graphs are channels-last (NHWC) while
 * PyTorch convolves channels-first (NCHW), so 4-D activations stay channels-first from one convolution
 * to the next, and are turned back to TensorFlow's layout only where an operation needs it.
 */
public record Value(NDArray array, boolean channelsFirst) {

    /** A tensor in TensorFlow's own layout. */
    public static Value of(NDArray array) {
        return new Value(array, false);
    }

    /** A 4-D tensor in channels-first layout. */
    public static Value channelsFirst(NDArray array) {
        return new Value(array, true);
    }

    /** The tensor in TensorFlow's layout (NHWC for 4-D activations). */
    public NDArray tf() {
        return channelsFirst ? array.transpose(0, 2, 3, 1) : array;
    }

    /** The 4-D tensor channels-first (NCHW), as PyTorch's convolutions want it. */
    public NDArray nchw() {
        if (channelsFirst) {
            return array;
        }
        if (array.getShape().dimension() != 4) {
            throw new IllegalArgumentException("expected a 4-D tensor, got " + array.getShape());
        }
        return array.transpose(0, 3, 1, 2);
    }

    /** The shape in TensorFlow's layout. */
    public Shape tfShape() {
        Shape s = array.getShape();
        return channelsFirst ? new Shape(s.get(0), s.get(2), s.get(3), s.get(1)) : s;
    }

    /** True when the tensor holds a single element, so layout does not matter for broadcasting. */
    public boolean isSingleElement() {
        return array.getShape().size() == 1;
    }

    /** TensorFlow's axis {@code tfAxis} (negative counts from the end) as an axis of {@link #array()}. */
    public int axis(int tfAxis) {
        int rank = array.getShape().dimension();
        int a = tfAxis < 0 ? tfAxis + rank : tfAxis;
        if (!channelsFirst) {
            return a;
        }
        return switch (a) {
            case 0 -> 0;
            case 1 -> 2;
            case 2 -> 3;
            case 3 -> 1;
            default -> throw new IllegalArgumentException("axis " + tfAxis + " of a 4-D tensor");
        };
    }
}
