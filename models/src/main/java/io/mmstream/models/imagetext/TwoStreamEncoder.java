package io.mmstream.models.imagetext;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.mmstream.models.videobert.EncoderLayer;
import io.mmstream.models.videobert.TokenEmbeddings;
import io.mmstream.models.videobert.VideoBertConfig;
import io.mmstream.models.videobert.VideoBertVocabulary;
import java.util.ArrayList;
import java.util.List;

/**
 * The encoder of the two-stream architectures: VideoBERT's {@link TokenEmbeddings} and
 * {@link EncoderLayer}s over the words, {@link RegionEmbeddings} and layers over the regions, then
 * {@link CoAttentionLayer}s that exchange between the streams, each followed by one layer per stream.
 * ViLBERT's co-attention layers carry their own feed-forward networks; LXMERT's cross-modality layers
 * are the cross-attention sublayers alone, so each is cross-attention, self-attention, feed-forward.
 *
 * <p>Takes the same inputs as {@link ImageTextEncoder} and gives the same output, the words' states then
 * the regions': ids (B, T), types (B, T), attention (B, T + R, T + R), features (B, R, F), geometry
 * (B, R, 5); output (B, T + R, hidden). Each stream's masks are the blocks of the attention mask.
 */
public final class TwoStreamEncoder extends AbstractBlock {

    private static final byte VERSION = 1;

    private final TokenEmbeddings tokens;
    private final RegionEmbeddings regions;
    private final List<EncoderLayer> textLayers = new ArrayList<>();
    private final List<EncoderLayer> regionLayers = new ArrayList<>();
    private final List<CoAttentionLayer> crossLayers = new ArrayList<>();
    private final List<EncoderLayer> textAfterCross = new ArrayList<>();
    private final List<EncoderLayer> regionsAfterCross = new ArrayList<>();
    private final int hidden;

    public TwoStreamEncoder(ImageTextArchitecture architecture, VideoBertVocabulary vocabulary, ImageTextConfig config) {
        super(VERSION);
        VideoBertConfig e = config.encoder();
        hidden = e.hidden();
        StreamLayout.Depths depths = architecture.streams().depths(e);
        tokens = addChildBlock("tokens", new TokenEmbeddings(vocabulary, e));
        regions = addChildBlock("regions", new RegionEmbeddings(architecture.regionStyle(), config));
        for (int i = 0; i < depths.text(); i++) {
            textLayers.add(addChildBlock("text" + i, new EncoderLayer(e)));
        }
        for (int i = 0; i < depths.regions(); i++) {
            regionLayers.add(addChildBlock("regions" + i, new EncoderLayer(e)));
        }
        boolean feedForward = architecture.streams() == StreamLayout.CO_ATTENTION;
        for (int i = 0; i < depths.cross(); i++) {
            crossLayers.add(addChildBlock("cross" + i, new CoAttentionLayer(e, feedForward)));
            textAfterCross.add(addChildBlock("crossText" + i, new EncoderLayer(e)));
            regionsAfterCross.add(addChildBlock("crossRegions" + i, new EncoderLayer(e)));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        long t = inputs.get(0).getShape().get(1);
        NDArray mask = inputs.get(2);
        NDArray textMask = mask.get(":, :" + t + ", :" + t);
        NDArray textToRegions = mask.get(":, :" + t + ", " + t + ":");
        NDArray regionsToText = mask.get(":, " + t + ":, :" + t);
        NDArray regionMask = mask.get(":, " + t + ":, " + t + ":");
        NDArray words = tokens.forward(store, new NDList(inputs.get(0), inputs.get(1)), training).singletonOrThrow();
        NDArray pictures = regions.forward(store, new NDList(inputs.get(3), inputs.get(4)), training).singletonOrThrow();
        for (EncoderLayer layer : textLayers) {
            words = layer.forward(store, new NDList(words, textMask), training).singletonOrThrow();
        }
        for (EncoderLayer layer : regionLayers) {
            pictures = layer.forward(store, new NDList(pictures, regionMask), training).singletonOrThrow();
        }
        for (int i = 0; i < crossLayers.size(); i++) {
            NDList both = crossLayers.get(i).forward(store, new NDList(words, pictures, textToRegions, regionsToText), training);
            words = textAfterCross.get(i).forward(store, new NDList(both.get(0), textMask), training).singletonOrThrow();
            pictures = regionsAfterCross.get(i).forward(store, new NDList(both.get(1), regionMask), training).singletonOrThrow();
        }
        return new NDList(NDArrays.concat(new NDList(words, pictures), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1) + inputShapes[3].get(1), hidden)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        long t = inputShapes[0].get(1);
        long r = inputShapes[3].get(1);
        tokens.initialize(manager, dataType, inputShapes[0], inputShapes[1]);
        regions.initialize(manager, dataType, inputShapes[3], inputShapes[4]);
        Shape words = new Shape(b, t, hidden);
        Shape pictures = new Shape(b, r, hidden);
        for (EncoderLayer layer : textLayers) {
            layer.initialize(manager, dataType, words, new Shape(b, t, t));
        }
        for (EncoderLayer layer : regionLayers) {
            layer.initialize(manager, dataType, pictures, new Shape(b, r, r));
        }
        for (int i = 0; i < crossLayers.size(); i++) {
            crossLayers.get(i).initialize(manager, dataType, words, pictures, new Shape(b, t, r), new Shape(b, r, t));
            textAfterCross.get(i).initialize(manager, dataType, words, new Shape(b, t, t));
            regionsAfterCross.get(i).initialize(manager, dataType, pictures, new Shape(b, r, r));
        }
    }

    /** Layers of each kind, for checking a layout: text, regions, cross. */
    public int[] layerCounts() {
        return new int[] {textLayers.size(), regionLayers.size(), crossLayers.size()};
    }
}
