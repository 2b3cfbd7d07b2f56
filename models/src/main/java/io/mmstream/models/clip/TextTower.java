package io.mmstream.models.clip;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The text tower: a frozen pretrained sentence vector (computed outside, by MiniLM) through a trained
 * two-layer projection into the shared space, L2-normalised. Input (B, textDimension); output (B, embedding).
 */
public final class TextTower extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Linear hidden;
    private final Linear out;

    public TextTower(DualEncoderConfig config) {
        super(VERSION);
        hidden = addChildBlock("hidden", Linear.builder().setUnits(config.hidden()).build());
        out = addChildBlock("out", Linear.builder().setUnits(config.embedding()).build());
    }

    Linear hidden() {
        return hidden;
    }

    Linear out() {
        return out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList h = new NDList(Activation.gelu(hidden.forward(store, inputs, training).singletonOrThrow()));
        return new NDList(DualEncoder.unit(out.forward(store, h, training).singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return out.getOutputShapes(hidden.getOutputShapes(inputShapes));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        hidden.initialize(manager, dataType, inputShapes[0]);
        out.initialize(manager, dataType, hidden.getOutputShapes(new Shape[] {inputShapes[0]})[0]);
    }
}
