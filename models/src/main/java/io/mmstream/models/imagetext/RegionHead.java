package io.mmstream.models.imagetext;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A masked-region head: a GELU transform with LayerNorm, then {@code units} outputs: region-class
 * logits, or the regressed feature vector. Input the (N, hidden) rows of the masked regions.
 */
public final class RegionHead extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Linear transform;
    private final LayerNorm norm;
    private final Linear output;

    public RegionHead(int hidden, int units) {
        super(VERSION);
        transform = addChildBlock("transform", Linear.builder().setUnits(hidden).build());
        norm = addChildBlock("norm", LayerNorm.builder().axis(1).build());
        output = addChildBlock("output", Linear.builder().setUnits(units).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = Activation.gelu(transform.forward(store, inputs, training).singletonOrThrow());
        h = norm.forward(store, new NDList(h), training).singletonOrThrow();
        return output.forward(store, new NDList(h), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return output.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        transform.initialize(manager, dataType, inputShapes);
        norm.initialize(manager, dataType, inputShapes);
        output.initialize(manager, dataType, inputShapes);
    }
}
