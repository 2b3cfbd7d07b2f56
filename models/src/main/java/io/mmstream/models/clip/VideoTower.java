package io.mmstream.models.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * The video tower: each clip of a segment as its features through a linear layer plus the learned
 * row of its visual word, a GELU, the segment's clips averaged (padding masked out), and a projection
 * into the shared space, L2-normalised. Inputs: features (B, N, F), visual words (B, N) int, mask
 * (B, N) float (1 a clip, 0 padding); output (B, embedding).
 */
public final class VideoTower extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Linear features;
    private final Parameter words;
    private final Linear out;
    private final int hidden;

    public VideoTower(DualEncoderConfig config) {
        super(VERSION);
        this.hidden = config.hidden();
        features = addChildBlock("features", Linear.builder().setUnits(config.hidden()).build());
        words = addParameter(Parameter.builder().setName("words").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.visualWords() + 1, config.hidden())).optInitializer(new NormalInitializer(0.02f)).build());
        out = addChildBlock("out", Linear.builder().setUnits(config.embedding()).build());
    }

    Linear features() {
        return features;
    }

    Parameter words() {
        return words;
    }

    Linear out() {
        return out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray clipFeatures = inputs.get(0);
        NDArray ids = inputs.get(1);
        NDArray mask = inputs.get(2);
        NDArray x = features.forward(store, new NDList(clipFeatures), training).singletonOrThrow();
        NDArray table = store.getValue(words, ids.getDevice(), training);
        Shape shape = ids.getShape();
        NDArray rows = table.get(ids.reshape(-1).toType(DataType.INT64, false));
        // rows of the model's table land in its long-lived manager unless moved to the batch's
        rows.attach(ids.getManager());
        x = Activation.gelu(x.add(rows.reshape(shape.get(0), shape.get(1), hidden)));
        NDArray m = mask.expandDims(2);
        NDArray pooled = x.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}).maximum(1f));
        return new NDList(DualEncoder.unit(out.forward(store, new NDList(pooled), training).singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {out.getOutputShapes(new Shape[] {new Shape(inputShapes[0].get(0), hidden)})[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes[0]);
        out.initialize(manager, dataType, new Shape(inputShapes[0].get(0), hidden));
    }
}
