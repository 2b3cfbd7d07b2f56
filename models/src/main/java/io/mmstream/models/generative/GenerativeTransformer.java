package io.mmstream.models.generative;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.mmstream.models.videobert.EncoderLayer;
import io.mmstream.models.videobert.MaskedTokenHead;
import java.util.ArrayList;
import java.util.List;

/**
 * The transformer DALL-E and M6 share: {@link GenerativeEmbeddings}, VideoBERT's encoder layers under the
 * mask given (causal for DALL-E, prefix for M6), and two next-token heads (VideoBERT's masked-token head):
 * word pieces, and discrete VAE codes. The output at a position predicts the token at the next one.
 *
 * <p>Input: {@code (text (B, T), codes (B, I), mask)}: outputs the text logits (B, T-1, V) predicting text
 * slots 1..T-1 and the code logits (B, I, K) predicting every code (the first from the last text slot);
 * or {@code (patches (B, P, F), text (B, T), mask)}: outputs the text logits (B, T-1, V).
 */
public final class GenerativeTransformer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final GenerativeConfig config;
    private final GenerativeEmbeddings embeddings;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final MaskedTokenHead textHead;
    private final MaskedTokenHead imageHead;

    public GenerativeTransformer(GenerativeConfig config) {
        super(VERSION);
        this.config = config;
        embeddings = addChildBlock("embeddings", new GenerativeEmbeddings(config));
        for (int i = 0; i < config.encoder().layers(); i++) {
            layers.add(addChildBlock("layer" + i, new EncoderLayer(config.encoder())));
        }
        textHead = addChildBlock("textHead", new MaskedTokenHead(config.encoder().hidden(), config.textVocabulary()));
        imageHead = addChildBlock("imageHead", new MaskedTokenHead(config.encoder().hidden(), config.codes()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray hidden = hidden(store, inputs, training);
        int t = config.textSlots();
        if (inputs.get(0).getDataType() == DataType.FLOAT32) {
            int p = config.patches();
            return new NDList(head(store, textHead, hidden, p, p + t - 1, training));
        }
        int i = config.imageTokens();
        return new NDList(head(store, textHead, hidden, 0, t - 1, training), head(store, imageHead, hidden, t - 1, t - 1 + i, training));
    }

    /** The encoded sequence (B, L, hidden) of the segments and mask (the last input). */
    NDArray hidden(ParameterStore store, NDList inputs, boolean training) {
        NDList segments = new NDList(inputs.subList(0, inputs.size() - 1));
        NDArray mask = inputs.get(inputs.size() - 1);
        NDArray x = embeddings.forward(store, segments, training).singletonOrThrow();
        for (EncoderLayer layer : layers) {
            x = layer.forward(store, new NDList(x, mask), training).singletonOrThrow();
        }
        return x;
    }

    /** The code logits (B, K) predicted at position {@code position} of encoded sequences. */
    NDArray codeLogitsAt(ParameterStore store, NDArray hidden, int position) {
        return head(store, imageHead, hidden, position, position + 1, false).squeeze(1);
    }

    /** The word-piece logits (B, V) predicted at position {@code position} of encoded sequences. */
    NDArray textLogitsAt(ParameterStore store, NDArray hidden, int position) {
        return head(store, textHead, hidden, position, position + 1, false).squeeze(1);
    }

    /** {@code head} applied to positions [from, to) of {@code hidden}: (B, to - from, outputs). */
    private static NDArray head(ParameterStore store, MaskedTokenHead head, NDArray hidden, int from, int to, boolean training) {
        long b = hidden.getShape().get(0);
        NDArray rows = hidden.get(":, " + from + ":" + to + ", :").reshape(-1, hidden.getShape().get(2));
        NDArray logits = head.forward(store, new NDList(rows), training).singletonOrThrow();
        return logits.reshape(b, to - from, -1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        Shape text = new Shape(b, config.textSlots() - 1, config.textVocabulary());
        return inputShapes.length == 3 && inputShapes[0].dimension() == 3 ? new Shape[] {text}
                : new Shape[] {text, new Shape(b, config.imageTokens(), config.codes())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int l = config.longest();
        int h = config.encoder().hidden();
        embeddings.initialize(manager, dataType, new Shape(1, config.textSlots()));
        for (EncoderLayer layer : layers) {
            layer.initialize(manager, dataType, new Shape(1, l, h), new Shape(1, l, l));
        }
        textHead.initialize(manager, dataType, new Shape(1, h));
        imageHead.initialize(manager, dataType, new Shape(1, h));
    }
}
