package io.mmstream.models.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * CLIP's dual encoder (Radford et al., "Learning Transferable Visual Models From Natural Language
 * Supervision", 2021) for text and video: a text tower and a video tower into one space, and a learned
 * temperature. Trained contrastively ({@link ContrastiveLoss}): in a batch of (text, video) pairs, each
 * text's own video is to score above the others, and each video's own text.
 *
 * <p>Inputs: sentence vectors (B, textDimension), clip features (B, N, F), visual words (B, N), clip mask
 * (B, N). Outputs: text embeddings (B, E), video embeddings (B, E), the logit scale (1), all on unit length.
 */
public final class DualEncoder extends AbstractBlock {

    private static final byte VERSION = 1;
    /** CLIP's initial temperature: 0.07, kept as log(1/0.07) so it stays positive. */
    static final float INITIAL_LOGIT_SCALE = (float) Math.log(1 / 0.07);

    private final TextTower text;
    private final VideoTower video;
    private final Parameter logitScale;

    public DualEncoder(DualEncoderConfig config) {
        super(VERSION);
        text = addChildBlock("text", new TextTower(config));
        video = addChildBlock("video", new VideoTower(config));
        logitScale = addParameter(Parameter.builder().setName("logitScale").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1)).optInitializer(new ConstantInitializer(INITIAL_LOGIT_SCALE)).build());
    }

    /** {@code x} scaled to unit length along its last axis. */
    static NDArray unit(NDArray x) {
        return x.div(x.norm(new int[] {-1}, true).maximum(1e-6f));
    }

    TextTower textTower() {
        return text;
    }

    VideoTower videoTower() {
        return video;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray t = text.forward(store, new NDList(inputs.get(0)), training).singletonOrThrow();
        NDArray v = video.forward(store, new NDList(inputs.get(1), inputs.get(2), inputs.get(3)), training).singletonOrThrow();
        NDArray scale = store.getValue(logitScale, t.getDevice(), training);
        return new NDList(t, v, scale);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape t = text.getOutputShapes(new Shape[] {inputShapes[0]})[0];
        return new Shape[] {t, t, new Shape(1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        text.initialize(manager, dataType, inputShapes[0]);
        video.initialize(manager, dataType, inputShapes[1], inputShapes[2], inputShapes[3]);
    }
}
