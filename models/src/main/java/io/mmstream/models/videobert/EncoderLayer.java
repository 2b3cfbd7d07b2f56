package io.mmstream.models.videobert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One BERT encoder layer: multi-head self-attention, then a GELU feed-forward network, each
 * followed by dropout, a residual connection and LayerNorm (post-norm, as in BERT). Built from
 * DJL's attention, Linear and LayerNorm blocks: DJL's own TransformerEncoderBlock normalises with
 * BatchNorm, which BERT does not.
 *
 * <p>Input: (B, T, hidden) and an attention mask (B, T, T) of 1 (attend) and 0 (padding); output
 * (B, T, hidden). Given a second stream, it is a cross-attention layer, as the two-stream models use:
 * input (B, T, hidden), the other stream's (B, S, hidden) and a mask (B, T, S); the queries are this
 * stream's, the keys and values the other's. A layer built without its feed-forward part is the attention
 * sublayer alone (LXMERT's cross-modality layer chains one before a whole layer).
 */
public final class EncoderLayer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ScaledDotProductAttentionBlock attention;
    private final Dropout attentionDropout;
    private final LayerNorm attentionNorm;
    private final Linear expand;
    private final Linear contract;
    private final Dropout outputDropout;
    private final LayerNorm outputNorm;

    public EncoderLayer(VideoBertConfig config) {
        this(config, true);
    }

    /** A layer with ({@code feedForward}) or without its feed-forward sublayer. */
    public EncoderLayer(VideoBertConfig config, boolean feedForward) {
        super(VERSION);
        attention = addChildBlock("attention", ScaledDotProductAttentionBlock.builder()
                .setEmbeddingSize(config.hidden())
                .setHeadCount(config.heads())
                .optAttentionProbsDropoutProb(config.dropout())
                .build());
        attentionDropout = addChildBlock("attentionDropout", Dropout.builder().optRate(config.dropout()).build());
        attentionNorm = addChildBlock("attentionNorm", LayerNorm.builder().axis(2).build());
        if (!feedForward) {
            expand = null;
            contract = null;
            outputDropout = null;
            outputNorm = null;
            return;
        }
        expand = addChildBlock("expand", Linear.builder().setUnits(config.intermediate()).build());
        contract = addChildBlock("contract", Linear.builder().setUnits(config.hidden()).build());
        outputDropout = addChildBlock("outputDropout", Dropout.builder().optRate(config.dropout()).build());
        outputNorm = addChildBlock("outputNorm", LayerNorm.builder().axis(2).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(inputs.size() - 1);
        // DJL's attention takes (keys, queries, values, mask) when given another stream
        NDList attentionInputs = inputs.size() == 3 ? new NDList(inputs.get(1), x, inputs.get(1), mask) : new NDList(x, mask);
        NDArray attended = attention.forward(store, attentionInputs, training).singletonOrThrow();
        attended = attentionDropout.forward(store, new NDList(attended), training).singletonOrThrow();
        NDArray h = attentionNorm.forward(store, new NDList(x.add(attended)), training).singletonOrThrow();
        if (expand == null) {
            return new NDList(h);
        }
        NDArray ff = Activation.gelu(expand.forward(store, new NDList(h), training).singletonOrThrow());
        ff = contract.forward(store, new NDList(ff), training).singletonOrThrow();
        ff = outputDropout.forward(store, new NDList(ff), training).singletonOrThrow();
        return new NDList(outputNorm.forward(store, new NDList(h.add(ff)), training).singletonOrThrow());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        attention.initialize(manager, dataType, x, inputShapes[inputShapes.length - 1]);
        attentionDropout.initialize(manager, dataType, x);
        attentionNorm.initialize(manager, dataType, x);
        if (expand == null) {
            return;
        }
        expand.initialize(manager, dataType, x);
        Shape wide = expand.getOutputShapes(new Shape[] {x})[0];
        contract.initialize(manager, dataType, wide);
        outputDropout.initialize(manager, dataType, x);
        outputNorm.initialize(manager, dataType, x);
    }
}
