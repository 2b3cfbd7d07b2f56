package io.mmstream.models.tfjs;

import java.util.List;

/** One TensorFlow operation on DJL arrays; returns the node's outputs in order ({@code name:0}, {@code name:1}, ...). */
@FunctionalInterface
public interface Op {

    List<Value> apply(OpCall call);
}
