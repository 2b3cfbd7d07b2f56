package io.mmstream.models.imagetext;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.mmstream.models.videobert.AlignmentHead;
import io.mmstream.models.videobert.MaskedTokenHead;
import io.mmstream.models.videobert.VideoBertVocabulary;

/**
 * An image-text architecture with its pretraining heads: the shared {@link ImageTextEncoder}, VideoBERT's
 * {@link MaskedTokenHead} (words, and Oscar's tags), and the heads its objectives need: VideoBERT's
 * {@link AlignmentHead} for matching (or Oscar's polluted tags), and masked-token heads of other widths
 * for region classes and region features.
 *
 * <p>Input: the encoder's five arrays, then the flat indexes into B x (T + R) of the masked tokens (M)
 * and of the masked regions (N). Output, in order: the encoder's (B, T + R, hidden), the (M, vocabulary)
 * token logits, then when present the (B, 2) matching logits, the (N, classes) region-class logits and
 * the (N, F) regressed features ({@link Outputs} names them).
 */
public final class ImageTextNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int hidden;
    private final ImageTextEncoder encoder;
    private final MaskedTokenHead maskedTokens;
    private final AlignmentHead matching;
    private final MaskedTokenHead regionClasses;
    private final MaskedTokenHead regionFeatures;

    public ImageTextNetwork(ImageTextArchitecture architecture, VideoBertVocabulary vocabulary, ImageTextConfig config) {
        super(VERSION);
        Objectives o = architecture.objectives();
        hidden = config.encoder().hidden();
        encoder = addChildBlock("encoder", new ImageTextEncoder(architecture, vocabulary, config));
        maskedTokens = addChildBlock("maskedTokens", new MaskedTokenHead(vocabulary, config.encoder()));
        matching = o.matching() ? addChildBlock("matching", new AlignmentHead(config.encoder())) : null;
        regionClasses = o.regionClassification() || o.regionClassKl()
                ? addChildBlock("regionClasses", new MaskedTokenHead(hidden, config.regionClasses())) : null;
        regionFeatures = o.regionFeatureRegression()
                ? addChildBlock("regionFeatures", new MaskedTokenHead(hidden, config.featureDimension())) : null;
    }

    /** The outputs of a forward pass, by name. */
    public record Outputs(NDArray hidden, NDArray tokenLogits, NDArray matchLogits, NDArray regionClassLogits,
            NDArray regionFeatures) {

        /** Names the arrays of {@code list}, in the order {@link ImageTextNetwork} returns them. */
        public static Outputs of(NDList list, ImageTextArchitecture architecture) {
            Objectives o = architecture.objectives();
            int i = 2;
            NDArray match = o.matching() ? list.get(i++) : null;
            NDArray classes = o.regionClassification() || o.regionClassKl() ? list.get(i++) : null;
            NDArray features = o.regionFeatureRegression() ? list.get(i) : null;
            return new Outputs(list.get(0), list.get(1), match, classes, features);
        }
    }

    public ImageTextEncoder encoder() {
        return encoder;
    }

    /** The matching head's (B, 2) logits of an encoded batch (class 1: the pair goes together); null when there is none. */
    public NDArray match(ParameterStore store, NDArray hidden) {
        return matching == null ? null : matching.forward(store, new NDList(hidden), false).singletonOrThrow();
    }

    /** The token logits of the rows of {@code hidden} at {@code flatPositions}. */
    public NDArray tokenLogits(ParameterStore store, NDArray hidden, NDArray flatPositions, boolean training) {
        NDArray rows = hidden.reshape(-1, hidden.getShape().get(2)).get(flatPositions.toType(DataType.INT64, false));
        return maskedTokens.forward(store, new NDList(rows), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = encoder.forward(store, new NDList(inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(3), inputs.get(4)),
                training).singletonOrThrow();
        NDList out = new NDList(h, tokenLogits(store, h, inputs.get(5), training));
        if (matching != null) {
            out.add(matching.forward(store, new NDList(h), training).singletonOrThrow());
        }
        if (regionClasses != null || regionFeatures != null) {
            NDArray rows = h.reshape(-1, hidden).get(inputs.get(6).toType(DataType.INT64, false));
            if (regionClasses != null) {
                out.add(regionClasses.forward(store, new NDList(rows), training).singletonOrThrow());
            }
            if (regionFeatures != null) {
                out.add(regionFeatures.forward(store, new NDList(rows), training).singletonOrThrow());
            }
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape h = encoder.getOutputShapes(inputShapes)[0];
        java.util.List<Shape> shapes = new java.util.ArrayList<>();
        shapes.add(h);
        shapes.add(maskedTokens.getOutputShapes(new Shape[] {new Shape(inputShapes[5].get(0), hidden)})[0]);
        if (matching != null) {
            shapes.add(new Shape(h.get(0), 2));
        }
        Shape rows = new Shape(inputShapes[6].get(0), hidden);
        if (regionClasses != null) {
            shapes.add(regionClasses.getOutputShapes(new Shape[] {rows})[0]);
        }
        if (regionFeatures != null) {
            shapes.add(regionFeatures.getOutputShapes(new Shape[] {rows})[0]);
        }
        return shapes.toArray(new Shape[0]);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes[0], inputShapes[1], inputShapes[2], inputShapes[3], inputShapes[4]);
        Shape h = encoder.getOutputShapes(inputShapes)[0];
        maskedTokens.initialize(manager, dataType, new Shape(inputShapes[5].get(0), hidden));
        if (matching != null) {
            matching.initialize(manager, dataType, h);
        }
        Shape rows = new Shape(inputShapes[6].get(0), hidden);
        if (regionClasses != null) {
            regionClasses.initialize(manager, dataType, rows);
        }
        if (regionFeatures != null) {
            regionFeatures.initialize(manager, dataType, rows);
        }
    }
}
