package io.mmstream.models.videobert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * VideoBERT's linguistic-visual alignment head: BERT's pooler (a tanh layer over the [CLS] token)
 * and a two-way classifier: does this text go with these visual words? Input (B, T, hidden);
 * output (B, 2) logits, class 1 meaning aligned.
 */
public final class AlignmentHead extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Linear pooler;
    private final Linear classifier;

    public AlignmentHead(VideoBertConfig config) {
        super(VERSION);
        pooler = addChildBlock("pooler", Linear.builder().setUnits(config.hidden()).build());
        classifier = addChildBlock("classifier", Linear.builder().setUnits(2).build());
    }

    /** The pooled [CLS] vector of each segment: (B, hidden). */
    NDArray pool(ParameterStore store, NDArray hidden, boolean training) {
        NDArray cls = hidden.get(":, 0, :");
        return pooler.forward(store, new NDList(cls), training).singletonOrThrow().tanh();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return classifier.forward(store, new NDList(pool(store, inputs.get(0), training)), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 2)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape cls = new Shape(inputShapes[0].get(0), inputShapes[0].get(2));
        pooler.initialize(manager, dataType, cls);
        classifier.initialize(manager, dataType, cls);
    }
}
