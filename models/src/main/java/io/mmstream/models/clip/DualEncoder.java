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
 * Supervision", 2021): a text tower and a visual tower into one space, and a learned temperature. The
 * visual tower is either the {@link VideoTower} (segments' clip features, for search) or the
 * {@link ImageTower} (pictures, a small ViT); the text tower, the temperature, the loss and the trainer
 * are the same for both. Trained contrastively ({@link ContrastiveLoss}): in a batch of (text, video) pairs, each
 * text's own video is to score above the others, and each video's own text.
 *
 * <p>Inputs: sentence vectors (B, textDimension), then the visual tower's: clip features (B, N, F), visual
 * words (B, N), clip mask (B, N) for video; patches (B, patches, patchLength) for pictures. Outputs: text
 * embeddings (B, E), visual embeddings (B, E), the logit scale (1). The video model's parameters keep
 * their order and names from before pictures were added, so saved video models still load.
 */
public final class DualEncoder extends AbstractBlock {

    private static final byte VERSION = 1;
    /** CLIP's initial temperature: 0.07, kept as log(1/0.07) so it stays positive. */
    static final float INITIAL_LOGIT_SCALE = (float) Math.log(1 / 0.07);

    private final TextTower text;
    private final AbstractBlock visual;
    private final Parameter logitScale;

    /** A dual encoder of text and video (segments' clips). */
    public DualEncoder(DualEncoderConfig config) {
        this(config, "video", new VideoTower(config));
    }

    /** A dual encoder of text and pictures, through an image tower of {@code image}. */
    public DualEncoder(DualEncoderConfig config, ImageTowerConfig image) {
        this(config, "image", new ImageTower(image, config.embedding()));
    }

    private DualEncoder(DualEncoderConfig config, String visualName, AbstractBlock visualTower) {
        super(VERSION);
        text = addChildBlock("text", new TextTower(config));
        visual = addChildBlock(visualName, visualTower);
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

    /** The video tower; {@link IllegalStateException} for a picture model. */
    VideoTower videoTower() {
        if (visual instanceof VideoTower v) {
            return v;
        }
        throw new IllegalStateException("a CLIP model of pictures has no video tower");
    }

    /** The image tower; {@link IllegalStateException} for a video model. */
    ImageTower imageTower() {
        if (visual instanceof ImageTower i) {
            return i;
        }
        throw new IllegalStateException("a CLIP model of video has no image tower");
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray t = text.forward(store, new NDList(inputs.get(0)), training).singletonOrThrow();
        NDArray v = visual.forward(store, new NDList(inputs.subList(1, inputs.size())), training).singletonOrThrow();
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
        visual.initialize(manager, dataType, java.util.Arrays.copyOfRange(inputShapes, 1, inputShapes.length));
    }
}
