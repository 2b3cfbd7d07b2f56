/**
 * A runner for TensorFlow.js graph models ({@code model.json} plus weight shards) on DJL's PyTorch
 * engine: {@link io.mmstream.models.tfjs.GraphModel} reads the files, {@link io.mmstream.models.tfjs.GraphRunner}
 * executes the graph, {@link io.mmstream.models.tfjs.Ops} holds the operations it knows.
 */
package io.mmstream.models.tfjs;
