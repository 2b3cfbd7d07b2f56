package io.mmstream.models.imagetext;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.mmstream.models.videobert.EncoderLayer;
import io.mmstream.models.videobert.TokenEmbeddings;
import io.mmstream.models.videobert.VideoBertVocabulary;
import java.util.ArrayList;
import java.util.List;

/**
 * The one-stream encoder every single-stream image-text architecture shares: VideoBERT's
 * {@link TokenEmbeddings} over the token part, {@link RegionEmbeddings} over the regions, and a stack
 * of VideoBERT's {@link EncoderLayer}s over both, under an attention mask the caller gives (the
 * bidirectional one, or Unified VLP's left-to-right one). VL-BERT also adds the whole picture's
 * projected features to every token.
 *
 * <p>Input: ids (B, T), types (B, T), attention (B, T + R, T + R), features (B, R, F), geometry
 * (B, R, 5); output (B, T + R, hidden).
 */
public final class ImageTextEncoder extends AbstractBlock {

    private static final byte VERSION = 1;

    private final TokenEmbeddings tokens;
    private final RegionEmbeddings regions;
    private final Linear imageOnWords;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final int hidden;

    public ImageTextEncoder(ImageTextArchitecture architecture, VideoBertVocabulary vocabulary, ImageTextConfig config) {
        super(VERSION);
        hidden = config.encoder().hidden();
        tokens = addChildBlock("tokens", new TokenEmbeddings(vocabulary, config.encoder()));
        regions = addChildBlock("regions", new RegionEmbeddings(architecture.regionStyle(), config));
        imageOnWords = architecture.imageFeatureOnWords() ? addChildBlock("imageOnWords", Linear.builder().setUnits(hidden).build()) : null;
        for (int i = 0; i < config.encoder().layers(); i++) {
            layers.add(addChildBlock("layer" + i, new EncoderLayer(config.encoder())));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray features = inputs.get(3);
        NDArray words = tokens.forward(store, new NDList(inputs.get(0), inputs.get(1)), training).singletonOrThrow();
        if (imageOnWords != null) {
            NDArray whole = features.get(":, 0, :");
            words = words.add(imageOnWords.forward(store, new NDList(whole), training).singletonOrThrow().expandDims(1));
        }
        NDArray pictures = regions.forward(store, new NDList(features, inputs.get(4)), training).singletonOrThrow();
        NDArray x = NDArrays.concat(new NDList(words, pictures), 1);
        NDArray mask = inputs.get(2);
        for (EncoderLayer layer : layers) {
            x = layer.forward(store, new NDList(x, mask), training).singletonOrThrow();
        }
        return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1) + inputShapes[3].get(1), hidden)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        tokens.initialize(manager, dataType, inputShapes[0], inputShapes[1]);
        regions.initialize(manager, dataType, inputShapes[3], inputShapes[4]);
        if (imageOnWords != null) {
            imageOnWords.initialize(manager, dataType, new Shape(inputShapes[3].get(0), inputShapes[3].get(2)));
        }
        Shape x = getOutputShapes(inputShapes)[0];
        Shape mask = new Shape(x.get(0), x.get(1), x.get(1));
        for (EncoderLayer layer : layers) {
            layer.initialize(manager, dataType, x, mask);
        }
    }
}
