package io.mmstream.models.videobert;

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
 * BERT's masked-token head: a GELU transform with LayerNorm, then scores over the whole vocabulary
 * (word pieces and visual words alike). Input: the (M, hidden) rows of the masked positions only;
 * output (M, vocabulary) logits.
 */
public final class MaskedTokenHead extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Linear transform;
    private final LayerNorm norm;
    private final Linear scores;

    public MaskedTokenHead(VideoBertVocabulary vocabulary, VideoBertConfig config) {
        this(config.hidden(), vocabulary.size());
    }

    /**
     * The same head with {@code units} outputs: the image-text models' masked-region heads use it for
     * region-class logits and for regressed region features.
     */
    public MaskedTokenHead(int hidden, int units) {
        super(VERSION);
        transform = addChildBlock("transform", Linear.builder().setUnits(hidden).build());
        norm = addChildBlock("norm", LayerNorm.builder().axis(1).build());
        scores = addChildBlock("scores", Linear.builder().setUnits(units).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = Activation.gelu(transform.forward(store, inputs, training).singletonOrThrow());
        h = norm.forward(store, new NDList(h), training).singletonOrThrow();
        return scores.forward(store, new NDList(h), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return scores.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        transform.initialize(manager, dataType, inputShapes);
        norm.initialize(manager, dataType, inputShapes);
        scores.initialize(manager, dataType, inputShapes);
    }
}
