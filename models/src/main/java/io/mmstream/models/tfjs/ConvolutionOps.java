package io.mmstream.models.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/** Convolutions (plain, depthwise, fused with bias and activation) and max pooling, with TensorFlow's padding rules. */
final class ConvolutionOps {

    private ConvolutionOps() {}

    /** A TensorFlow conv filter {@code [kh, kw, in, out]} as PyTorch's {@code [out, in, kh, kw]}. */
    static NDArray convFilter(NDArray hwio) {
        return hwio.transpose(3, 2, 0, 1);
    }

    /** A TensorFlow depthwise filter {@code [kh, kw, in, multiplier]} as PyTorch's grouped {@code [in * multiplier, 1, kh, kw]}. */
    static NDArray depthwiseFilter(NDArray hwim) {
        Shape s = hwim.getShape();
        return hwim.reshape(s.get(0), s.get(1), s.get(2) * s.get(3), 1).transpose(2, 3, 0, 1);
    }

    static List<Value> conv2d(OpCall call) {
        return List.of(convolve(call, false));
    }

    static List<Value> depthwise(OpCall call) {
        return List.of(convolve(call, true));
    }

    private static Value convolve(OpCall call, boolean depthwise) {
        GraphNode node = call.node();
        requireNhwc(node);
        NDArray x = call.input(0).nchw();
        NDArray filter = call.preparedFilter();
        int[] strides = node.ints("strides", 1, 1, 1, 1);
        int[] dilations = node.ints("dilations", 1, 1, 1, 1);
        Padding padding = Padding.of(node, x.getShape(), filter.getShape().get(2), filter.getShape().get(3),
                strides, dilations);
        x = padding.applyExplicit(x, 0);
        List<String> fused = node.strings("fused_ops");
        NDArray bias = null;
        if (!fused.isEmpty()) {
            if (!fused.get(0).equals("BiasAdd") || node.integer("num_args", 1) != 1) {
                throw new UnsupportedOperationException(node.op() + " node " + node.name() + " fuses " + fused
                        + "; the runner supports BiasAdd followed by an activation");
            }
            bias = call.tf(2);
        }
        int groups = depthwise ? (int) x.getShape().get(1) : 1;
        NDArray y = Conv2d.conv2d(x, filter, bias, new Shape(strides[1], strides[2]), padding.symmetric(),
                new Shape(dilations[1], dilations[2]), groups).singletonOrThrow();
        for (String op : fused.subList(Math.min(1, fused.size()), fused.size())) {
            y = activation(node, op, y);
        }
        return Value.channelsFirst(y);
    }

    private static NDArray activation(GraphNode node, String op, NDArray y) {
        return switch (op) {
            case "Relu" -> Activation.relu(y);
            case "Relu6" -> Activation.relu6(y);
            case "Sigmoid" -> Activation.sigmoid(y);
            case "LeakyRelu" -> Activation.leakyRelu(y, node.real("leakyrelu_alpha", 0.2f));
            default -> throw new UnsupportedOperationException(node.op() + " node " + node.name()
                    + " fuses the activation '" + op + "', which the runner lacks");
        };
    }

    static List<Value> maxPool(OpCall call) {
        GraphNode node = call.node();
        requireNhwc(node);
        NDArray x = call.input(0).nchw();
        int[] ksize = node.ints("ksize", 1, 1, 1, 1);
        int[] strides = node.ints("strides", 1, 1, 1, 1);
        Padding padding = Padding.of(node, x.getShape(), ksize[1], ksize[2], strides, new int[] {1, 1, 1, 1});
        x = padding.applyExplicit(x, Double.NEGATIVE_INFINITY);
        NDArray y = Pool.maxPool2d(x, new Shape(ksize[1], ksize[2]), new Shape(strides[1], strides[2]),
                padding.symmetric(), false);
        return List.of(Value.channelsFirst(y));
    }

    private static void requireNhwc(GraphNode node) {
        String format = node.string("data_format", "NHWC");
        if (!format.equals("NHWC")) {
            throw new UnsupportedOperationException(node.op() + " node " + node.name() + " uses data_format "
                    + format + "; the runner supports NHWC graphs");
        }
    }

    /**
     * TensorFlow's padding of one convolution or pool: SAME pads {@code total / 2} before and the rest
     * after (so stride-2 layers pad more at the bottom and right), VALID pads nothing, EXPLICIT gives
     * the amounts. PyTorch pads both sides alike, so uneven padding is applied beforehand.
     */
    record Padding(long top, long bottom, long left, long right) {

        static Padding of(GraphNode node, Shape nchw, long kh, long kw, int[] strides, int[] dilations) {
            String mode = node.string("padding", "VALID");
            switch (mode) {
                case "VALID":
                    return new Padding(0, 0, 0, 0);
                case "SAME": {
                    long h = same(nchw.get(2), kh, strides[1], dilations[1]);
                    long w = same(nchw.get(3), kw, strides[2], dilations[2]);
                    return new Padding(h / 2, h - h / 2, w / 2, w - w / 2);
                }
                case "EXPLICIT": {
                    int[] p = node.ints("explicit_paddings");
                    return new Padding(p[2], p[3], p[4], p[5]);
                }
                default:
                    throw new UnsupportedOperationException(node.op() + " node " + node.name() + " has padding " + mode);
            }
        }

        private static long same(long in, long k, long stride, long dilation) {
            long out = (in + stride - 1) / stride;
            return Math.max((out - 1) * stride + (k - 1) * dilation + 1 - in, 0);
        }

        boolean isSymmetric() {
            return top == bottom && left == right;
        }

        /** The padding PyTorch applies itself: both sides alike, or none when it was applied beforehand. */
        Shape symmetric() {
            return isSymmetric() ? new Shape(top, left) : new Shape(0, 0);
        }

        /** Pads {@code nchw} with {@code value} when the padding is uneven; otherwise returns it as is. */
        NDArray applyExplicit(NDArray nchw, double value) {
            return isSymmetric() ? nchw : nchw.pad(new Shape(left, right, top, bottom), value);
        }
    }
}
