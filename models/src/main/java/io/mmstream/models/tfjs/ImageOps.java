package io.mmstream.models.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Bilinear resizing with TensorFlow's coordinate conventions, and top-k selection. */
public final class ImageOps {

    private ImageOps() {}

    /**
     * ResizeBilinear as TensorFlow computes it: source coordinate {@code dst * in/out} (legacy),
     * {@code (dst + 0.5) * in/out - 0.5} with half-pixel centres, {@code dst * (in-1)/(out-1)} with
     * aligned corners; each axis is one matrix product with an interpolation matrix.
     */
    static List<Value> resizeBilinear(OpCall call) {
        int[] size = call.ints(1);
        return List.of(Value.channelsFirst(resize(call.manager(), call.input(0).nchw(), size[0], size[1],
                call.node().bool("align_corners", false), call.node().bool("half_pixel_centers", false))));
    }

    /** Resizes an NCHW float tensor to {@code height x width} as TensorFlow's ResizeBilinear does. */
    public static NDArray resize(NDManager manager, NDArray nchw, int height, int width, boolean alignCorners, boolean halfPixel) {
        NDArray x = nchw.toType(DataType.FLOAT32, false);
        Shape s = x.getShape();
        NDArray columns = interpolation(manager, (int) s.get(3), width, alignCorners, halfPixel);
        NDArray rows = interpolation(manager, (int) s.get(2), height, alignCorners, halfPixel);
        NDArray y = x.matMul(columns);
        return y.transpose(0, 1, 3, 2).matMul(rows).transpose(0, 1, 3, 2);
    }

    /** The {@code [in, out]} matrix whose column {@code j} holds the weights of output pixel {@code j}. */
    static NDArray interpolation(NDManager manager, int in, int out, boolean alignCorners, boolean halfPixel) {
        float scale = alignCorners && out > 1 ? (in - 1f) / (out - 1f) : (float) in / out;
        float[] m = new float[in * out];
        for (int j = 0; j < out; j++) {
            float source = halfPixel ? (j + 0.5f) * scale - 0.5f : j * scale;
            float floor = (float) Math.floor(source);
            int lower = Math.max((int) floor, 0);
            int upper = Math.min((int) Math.ceil(source), in - 1);
            float lerp = source - floor;
            m[lower * out + j] += 1 - lerp;
            m[upper * out + j] += lerp;
        }
        return manager.create(m, new Shape(in, out));
    }

    /** TopKV2 on the last axis: the k largest values, then their int32 indices (equal values in the order PyTorch picks). */
    static List<Value> topK(OpCall call) {
        NDArray x = call.tf(0);
        int k = call.integer(1);
        NDList r = x.topK(k, -1, true, true);
        return List.of(Value.of(r.get(0)), Value.of(r.get(1).toType(DataType.INT32, false)));
    }
}
