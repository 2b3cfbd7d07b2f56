package io.mmstream.models.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.mmstream.models.videobert.EncoderLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * The image tower: a small Vision Transformer (Dosovitskiy et al., "An Image is Worth 16x16 Words", 2021),
 * as CLIP's ViT image encoders are built. Each patch of the picture ({@link PicturePixels}) through a
 * linear patch embedding, a learned [CLS] row before them, learned position embeddings added, a stack of
 * the shared BERT {@link EncoderLayer}s, LayerNorm, and the [CLS] row projected into the shared space,
 * L2-normalised. Input: patches (B, patches, patchLength); output (B, embedding).
 */
public final class ImageTower extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ImageTowerConfig config;
    private final Linear patchEmbedding;
    private final Parameter cls;
    private final Parameter positions;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final LayerNorm norm;
    private final Linear out;

    public ImageTower(ImageTowerConfig config, int embedding) {
        super(VERSION);
        this.config = config;
        patchEmbedding = addChildBlock("patchEmbedding", Linear.builder().setUnits(config.width()).build());
        cls = addParameter(Parameter.builder().setName("cls").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, config.width())).optInitializer(new NormalInitializer(0.02f)).build());
        positions = addParameter(Parameter.builder().setName("positions").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.patches() + 1, config.width())).optInitializer(new NormalInitializer(0.02f)).build());
        for (int i = 0; i < config.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new EncoderLayer(config.layerConfig())));
        }
        norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
        out = addChildBlock("out", Linear.builder().setUnits(embedding).build());
    }

    public ImageTowerConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray patches = inputs.get(0);
        NDManager batch = patches.getManager();
        long b = patches.getShape().get(0);
        int tokens = config.patches() + 1;
        NDArray x = patchEmbedding.forward(store, new NDList(patches), training).singletonOrThrow();
        // the batch's arrays first: an operation on a parameter first would put its result in the model's long-lived manager
        NDArray clsRows = batch.zeros(new Shape(b, 1, config.width())).add(store.getValue(cls, patches.getDevice(), training));
        x = clsRows.concat(x, 1).add(store.getValue(positions, patches.getDevice(), training));
        NDArray mask = batch.ones(new Shape(b, tokens, tokens));
        for (EncoderLayer layer : layers) {
            x = layer.forward(store, new NDList(x, mask), training).singletonOrThrow();
        }
        x = norm.forward(store, new NDList(x), training).singletonOrThrow();
        NDArray first = x.get(":, 0, :");
        return new NDList(DualEncoder.unit(out.forward(store, new NDList(first), training).singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return out.getOutputShapes(new Shape[] {new Shape(inputShapes[0].get(0), config.width())});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        int tokens = config.patches() + 1;
        patchEmbedding.initialize(manager, dataType, inputShapes[0]);
        Shape x = new Shape(b, tokens, config.width());
        for (EncoderLayer layer : layers) {
            layer.initialize(manager, dataType, x, new Shape(b, tokens, tokens));
        }
        norm.initialize(manager, dataType, x);
        out.initialize(manager, dataType, new Shape(b, config.width()));
    }
}
