package io.mmstream.models.generative;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * DALL-E's discrete VAE as a block: encoder logits over the code book per grid cell; in training the
 * Gumbel-softmax relaxed one-hot at temperature tau, in inference the hard (argmax) one-hot; the code book
 * embedding (the one-hot times a learned (K, d) table); the decoder back to pixels.
 *
 * <p>Input: pictures (B, 3, S, S) in [0, 1] and tau (1); output: the reconstruction (B, 3, S, S) (in [0, 1]
 * in inference) and the logits (B, K, G, G).
 */
public final class DiscreteVaeNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    private final VaeConfig config;
    private final SequentialBlock encoder;
    private final Parameter codebook;
    private final SequentialBlock decoder;

    public DiscreteVaeNetwork(VaeConfig config) {
        super(VERSION);
        this.config = config;
        encoder = addChildBlock("encoder", VaeEncoder.of(config));
        codebook = addParameter(Parameter.builder().setName("codebook").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.codes(), config.codeWidth())).optInitializer(new NormalInitializer(1f)).build());
        decoder = addChildBlock("decoder", VaeDecoder.of(config));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray pictures = inputs.get(0);
        float tau = inputs.get(1).getFloat(0);
        NDArray logits = logits(store, pictures, training);
        NDArray oneHot = training
                ? GumbelSoftmax.relax(logits, tau, 1)
                : logits.argMax(1).oneHot(config.codes()).transpose(0, 3, 1, 2);
        NDArray embedded = embed(store, oneHot, training);
        return new NDList(draw(store, embedded, training), logits);
    }

    /** The encoder's logits over the code book for pictures (B, 3, S, S) in [0, 1]: (B, K, G, G). */
    NDArray logits(ParameterStore store, NDArray pictures, boolean training) {
        NDArray centred = pictures.sub(0.5f).mul(2f);
        return encoder.forward(store, new NDList(centred), training).singletonOrThrow();
    }

    /** The code book embedding of (relaxed) one-hots (B, K, G, G): (B, d, G, G). */
    NDArray embed(ParameterStore store, NDArray oneHot, boolean training) {
        NDArray table = store.getValue(codebook, oneHot.getDevice(), training);
        Shape s = oneHot.getShape();
        long g = s.get(2);
        NDArray rows = oneHot.transpose(0, 2, 3, 1).reshape(-1, config.codes()).matMul(table);
        return rows.reshape(s.get(0), g, g, config.codeWidth()).transpose(0, 3, 1, 2);
    }

    /** The embedding of hard codes (B, G, G) (int): (B, d, G, G). */
    NDArray embedCodes(ParameterStore store, NDArray codes) {
        return embed(store, codes.oneHot(config.codes()).transpose(0, 3, 1, 2), false);
    }

    /**
     * The decoder's pictures (B, 3, S, S) from embeddings (B, d, G, G): intensities, linear in training (a
     * sigmoid here saturated on white backgrounds within a few Adam steps and stopped all learning),
     * clipped to [0, 1] in inference.
     */
    NDArray draw(ParameterStore store, NDArray embedded, boolean training) {
        NDArray pictures = decoder.forward(store, new NDList(embedded), training).singletonOrThrow().add(0.5f);
        return training ? pictures : pictures.clip(0f, 1f);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        return new Shape[] {inputShapes[0], new Shape(b, config.codes(), config.grid(), config.grid())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        encoder.initialize(manager, dataType, inputShapes[0]);
        decoder.initialize(manager, dataType, new Shape(b, config.codeWidth(), config.grid(), config.grid()));
    }
}
