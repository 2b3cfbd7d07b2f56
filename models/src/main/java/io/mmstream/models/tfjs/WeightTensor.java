package io.mmstream.models.tfjs;

import java.util.Arrays;

/** A constant of the graph as read from the weight shards: float32 values (dequantized) or int32 values. */
public record WeightTensor(String name, long[] shape, float[] floats, int[] ints) {

    /** Number of elements the shape holds. */
    public static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** True for an int32 (or bool) constant. */
    public boolean isInteger() {
        return ints != null;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + (isInteger() ? " int32" : " float32");
    }
}
