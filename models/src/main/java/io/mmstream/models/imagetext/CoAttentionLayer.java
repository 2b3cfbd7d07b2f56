package io.mmstream.models.imagetext;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.mmstream.models.videobert.EncoderLayer;
import io.mmstream.models.videobert.VideoBertConfig;

/**
 * ViLBERT's co-attentional transformer layer: each stream's queries attend over the other stream's keys
 * and values, both computed from the layer's inputs (neither stream sees the other's update), each
 * followed by its feed-forward network: two of VideoBERT's {@link EncoderLayer}s in their cross-attention
 * form. LXMERT's cross-modality layer is the same exchange without the feed-forward parts
 * ({@code feedForward} false), followed by each stream's self-attention layer.
 *
 * <p>Input: text (B, T, hidden), regions (B, R, hidden), text-to-region mask (B, T, R), region-to-text
 * mask (B, R, T); output: the new text and regions, same shapes.
 */
public final class CoAttentionLayer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final EncoderLayer textOverRegions;
    private final EncoderLayer regionsOverText;

    public CoAttentionLayer(VideoBertConfig config, boolean feedForward) {
        super(VERSION);
        textOverRegions = addChildBlock("textOverRegions", new EncoderLayer(config, feedForward));
        regionsOverText = addChildBlock("regionsOverText", new EncoderLayer(config, feedForward));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray text = inputs.get(0);
        NDArray regions = inputs.get(1);
        NDArray newText = textOverRegions.forward(store, new NDList(text, regions, inputs.get(2)), training).singletonOrThrow();
        NDArray newRegions = regionsOverText.forward(store, new NDList(regions, text, inputs.get(3)), training).singletonOrThrow();
        return new NDList(newText, newRegions);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0], inputShapes[1]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        textOverRegions.initialize(manager, dataType, inputShapes[0], inputShapes[1], inputShapes[2]);
        regionsOverText.initialize(manager, dataType, inputShapes[1], inputShapes[0], inputShapes[3]);
    }
}
