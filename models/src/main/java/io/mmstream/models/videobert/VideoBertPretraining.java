package io.mmstream.models.videobert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * VideoBERT with its pretraining heads: the {@link VideoBertEncoder}, a {@link MaskedTokenHead}
 * for masked text, video and joint modelling, and an {@link AlignmentHead}.
 *
 * <p>Input: ids (B, T), types (B, T), padding mask (B, T), and the flat indexes (M) into B x T of
 * the masked positions. Output: the encoder's (B, T, hidden), the masked positions' (M, vocabulary)
 * logits, and the (B, 2) alignment logits. Logits are scored only where a token was masked: over a
 * 50,000-token vocabulary, scoring every position would cost most of a step.
 */
public final class VideoBertPretraining extends AbstractBlock {

    private static final byte VERSION = 1;

    private final VideoBertConfig config;
    private final VideoBertEncoder encoder;
    private final MaskedTokenHead maskedTokens;
    private final AlignmentHead alignment;

    public VideoBertPretraining(VideoBertVocabulary vocabulary, VideoBertConfig config) {
        super(VERSION);
        this.config = config;
        encoder = addChildBlock("encoder", new VideoBertEncoder(vocabulary, config));
        maskedTokens = addChildBlock("maskedTokens", new MaskedTokenHead(vocabulary, config));
        alignment = addChildBlock("alignment", new AlignmentHead(config));
    }

    public VideoBertEncoder encoder() {
        return encoder;
    }

    /** The pooled [CLS] vectors (B, hidden) of an encoded batch: the segment embeddings. */
    public NDArray pool(ParameterStore store, NDArray hidden) {
        return alignment.pool(store, hidden, false);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray hidden = encoder.forward(store, new NDList(inputs.get(0), inputs.get(1), inputs.get(2)), training).singletonOrThrow();
        NDArray positions = inputs.get(3).toType(DataType.INT64, false);
        NDArray rows = hidden.reshape(-1, config.hidden()).get(positions);
        NDArray tokenLogits = maskedTokens.forward(store, new NDList(rows), training).singletonOrThrow();
        NDArray alignLogits = alignment.forward(store, new NDList(hidden), training).singletonOrThrow();
        return new NDList(hidden, tokenLogits, alignLogits);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape hidden = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), config.hidden());
        return new Shape[] {hidden, maskedTokens.getOutputShapes(new Shape[] {new Shape(inputShapes[3].get(0), config.hidden())})[0],
                new Shape(inputShapes[0].get(0), 2)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes[0], inputShapes[1], inputShapes[2]);
        maskedTokens.initialize(manager, dataType, new Shape(inputShapes[3].get(0), config.hidden()));
        alignment.initialize(manager, dataType, new Shape(inputShapes[0].get(0), inputShapes[0].get(1), config.hidden()));
    }
}
