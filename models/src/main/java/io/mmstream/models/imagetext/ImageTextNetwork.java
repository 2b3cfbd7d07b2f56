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
 * An image-text architecture with its heads: the shared {@link ImageTextEncoder} (or {@link TwoStreamEncoder}), VideoBERT's
 * {@link MaskedTokenHead} (words, and Oscar's tags), and the heads its objectives need: VideoBERT's
 * {@link AlignmentHead} for matching (or Oscar's polluted tags), and masked-token heads of other widths
 * for region classes and region features; and the heads of the tasks it trains beside pretraining
 * (question answering, referring expressions, verification).
 *
 * <p>Input: the encoder's five arrays, then the flat indexes into B x (T + R) of the masked tokens (M)
 * and of the masked regions (N). Output, in order: the encoder's (B, T + R, hidden), the (M, vocabulary)
 * token logits, then when present the (B, 2) matching logits, the (N, classes) region-class logits and
 * the (N, F) regressed features ({@link Outputs} names them).
 */
public final class ImageTextNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int hidden;
    private final int tokenLength;
    private final boolean jointPooling;
    private final AbstractBlock encoder;
    private final MaskedTokenHead maskedTokens;
    private final AlignmentHead matching;
    private final MaskedTokenHead regionClasses;
    private final MaskedTokenHead regionFeatures;
    private final MaskedTokenHead answers;
    private final MaskedTokenHead referring;
    private final AlignmentHead verification;

    public ImageTextNetwork(ImageTextArchitecture architecture, VideoBertVocabulary vocabulary, ImageTextConfig config) {
        super(VERSION);
        Objectives o = architecture.objectives();
        hidden = config.encoder().hidden();
        tokenLength = config.tokenLength(architecture);
        jointPooling = architecture.streams() == StreamLayout.CO_ATTENTION;
        encoder = addChildBlock("encoder", architecture.streams() == StreamLayout.SINGLE
                ? new ImageTextEncoder(architecture, vocabulary, config) : new TwoStreamEncoder(architecture, vocabulary, config));
        maskedTokens = addChildBlock("maskedTokens", new MaskedTokenHead(vocabulary, config.encoder()));
        matching = o.matching() ? addChildBlock("matching", new AlignmentHead(config.encoder())) : null;
        regionClasses = o.regionClassification() || o.regionClassKl()
                ? addChildBlock("regionClasses", new MaskedTokenHead(hidden, config.regionClasses())) : null;
        regionFeatures = o.regionFeatureRegression()
                ? addChildBlock("regionFeatures", new MaskedTokenHead(hidden, config.featureDimension())) : null;
        answers = o.has(Task.QUESTION_ANSWERING)
                ? addChildBlock("answers", new MaskedTokenHead(hidden, SceneTasks.ANSWERS.size())) : null;
        referring = o.has(Task.REFERRING) ? addChildBlock("referring", new MaskedTokenHead(hidden, 1)) : null;
        verification = o.has(Task.VERIFICATION) ? addChildBlock("verification", new AlignmentHead(config.encoder())) : null;
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

    /** The encoder's (B, T + R, hidden) states of a batch: its first five inputs. */
    public NDArray encode(ParameterStore store, ImageTextBatch batch, boolean training) {
        return encoder.forward(store, new NDList(batch.inputs().subNDList(0, 5)), training).singletonOrThrow();
    }

    /** The matching head's (B, 2) logits of an encoded batch (class 1: the pair goes together); null when there is none. */
    public NDArray match(ParameterStore store, NDArray hidden) {
        return matching == null ? null : matching.forward(store, new NDList(joint(hidden)), false).singletonOrThrow();
    }

    /**
     * What the pooled heads read at position 0: the [CLS] state, or for ViLBERT the elementwise product of the
     * [CLS] state and the whole picture's region state (its multimodal alignment reads both streams).
     */
    private NDArray joint(NDArray hidden) {
        if (!jointPooling) {
            return hidden;
        }
        return hidden.get(":, 0, :").mul(hidden.get(":, " + tokenLength + ", :")).expandDims(1);
    }

    /** The (B, answers) logits of the question answering head. */
    public NDArray answerLogits(ParameterStore store, NDArray hidden, boolean training) {
        return answers.forward(store, new NDList(joint(hidden).get(":, 0, :")), training).singletonOrThrow();
    }

    /** The (B, regions) logits of which region a referring phrase names. */
    public NDArray referringLogits(ParameterStore store, NDArray hidden, boolean training) {
        NDArray regions = hidden.get(":, " + tokenLength + ":, :");
        long b = regions.getShape().get(0);
        long r = regions.getShape().get(1);
        return referring.forward(store, new NDList(regions.reshape(b * r, hidden.getShape().get(2))), training).singletonOrThrow()
                .reshape(b, r);
    }

    /** The (B, 2) logits of the verification head (class 1: the statement is true of the picture). */
    public NDArray verificationLogits(ParameterStore store, NDArray hidden, boolean training) {
        return verification.forward(store, new NDList(joint(hidden)), training).singletonOrThrow();
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
            out.add(matching.forward(store, new NDList(joint(h)), training).singletonOrThrow());
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
        Shape pooled = new Shape(h.get(0), hidden);
        if (answers != null) {
            answers.initialize(manager, dataType, pooled);
        }
        if (referring != null) {
            referring.initialize(manager, dataType, pooled);
        }
        if (verification != null) {
            verification.initialize(manager, dataType, new Shape(h.get(0), 1, hidden));
        }
    }
}
