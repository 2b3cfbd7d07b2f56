package io.mmstream.models.videobert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * VideoBERT's encoder: {@link TokenEmbeddings} then a stack of {@link EncoderLayer}s.
 *
 * <p>Input: token ids (B, T), segment types (B, T) and a padding mask (B, T) of 1 for real tokens
 * and 0 for padding; output the last layer's (B, T, hidden).
 */
public final class VideoBertEncoder extends AbstractBlock {

    private static final byte VERSION = 1;

    private final TokenEmbeddings embeddings;
    private final List<EncoderLayer> layers = new ArrayList<>();

    public VideoBertEncoder(VideoBertVocabulary vocabulary, VideoBertConfig config) {
        super(VERSION);
        embeddings = addChildBlock("embeddings", new TokenEmbeddings(vocabulary, config));
        for (int i = 0; i < config.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new EncoderLayer(config)));
        }
    }

    public TokenEmbeddings embeddings() {
        return embeddings;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray padding = inputs.get(2).toType(DataType.FLOAT32, false);
        // every position may attend to the real tokens of its segment: (B, 1, T) broadcast to (B, T, T)
        long length = padding.getShape().get(1);
        NDArray mask = padding.expandDims(1).repeat(1, length);
        NDArray x = embeddings.forward(store, new NDList(inputs.get(0), inputs.get(1)), training).singletonOrThrow();
        for (EncoderLayer layer : layers) {
            x = layer.forward(store, new NDList(x, mask), training).singletonOrThrow();
        }
        return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return embeddings.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        embeddings.initialize(manager, dataType, inputShapes[0], inputShapes[1]);
        Shape x = embeddings.getOutputShapes(inputShapes)[0];
        Shape mask = new Shape(x.get(0), x.get(1), x.get(1));
        for (EncoderLayer layer : layers) {
            layer.initialize(manager, dataType, x, mask);
        }
    }
}
