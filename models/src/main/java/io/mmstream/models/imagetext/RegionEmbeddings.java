package io.mmstream.models.imagetext;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A picture's regions as encoder input, in the {@link RegionStyle} of an architecture, plus a learned
 * region-segment vector, normalised and dropped out. Regions get no position: their order means nothing.
 *
 * <p>Input: features (B, R, F) and geometry (B, R, 5); output (B, R, hidden).
 */
public final class RegionEmbeddings extends AbstractBlock {

    private static final byte VERSION = 1;

    private final RegionStyle style;
    private final int hidden;
    private final Linear features;
    private final Linear geometry;
    private final Linear geometryIntoFeatures;
    private final LayerNorm featureNorm;
    private final LayerNorm geometryNorm;
    private final Parameter segment;
    private final LayerNorm norm;
    private final Dropout dropout;

    public RegionEmbeddings(RegionStyle style, ImageTextConfig config) {
        super(VERSION);
        this.style = style;
        this.hidden = config.encoder().hidden();
        features = addChildBlock("features", Linear.builder().setUnits(hidden).build());
        geometry = style == RegionStyle.FEATURES_PLUS_GEOMETRY || style == RegionStyle.NORMALISED_SUM
                ? addChildBlock("geometry", Linear.builder().setUnits(hidden).build()) : null;
        geometryIntoFeatures = style == RegionStyle.GEOMETRY_INTO_FEATURES
                ? addChildBlock("geometryIntoFeatures", Linear.builder().setUnits(config.featureDimension()).build()) : null;
        featureNorm = style == RegionStyle.NORMALISED_SUM ? addChildBlock("featureNorm", LayerNorm.builder().axis(2).build()) : null;
        geometryNorm = style == RegionStyle.NORMALISED_SUM ? addChildBlock("geometryNorm", LayerNorm.builder().axis(2).build()) : null;
        segment = addParameter(Parameter.builder().setName("segment").setType(Parameter.Type.WEIGHT).optShape(new Shape(hidden))
                .optInitializer(new NormalInitializer(0.02f)).build());
        norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
        dropout = addChildBlock("dropout", Dropout.builder().optRate(config.encoder().dropout()).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray f = inputs.get(0);
        NDArray g = inputs.get(1);
        NDArray x = switch (style) {
            case FEATURES -> project(store, features, f, training);
            case FEATURES_PLUS_GEOMETRY -> project(store, features, f, training).add(project(store, geometry, g, training));
            case GEOMETRY_INTO_FEATURES -> project(store, features, f.add(project(store, geometryIntoFeatures, g, training)), training);
            case NORMALISED_SUM -> project(store, featureNorm, project(store, features, f, training), training)
                    .add(project(store, geometryNorm, project(store, geometry, g, training), training));
        };
        NDArray segmentVector = store.getValue(segment, f.getDevice(), training).reshape(1, 1, hidden);
        x = x.add(segmentVector);
        x = norm.forward(store, new NDList(x), training).singletonOrThrow();
        return dropout.forward(store, new NDList(x), training);
    }

    /** {@code block} applied to {@code x} (a projection or a normalisation). */
    private static NDArray project(ParameterStore store, ai.djl.nn.Block block, NDArray x, boolean training) {
        return block.forward(store, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1), hidden)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape f = inputShapes[0];
        Shape g = inputShapes[1];
        Shape out = new Shape(f.get(0), f.get(1), hidden);
        features.initialize(manager, dataType, f);
        if (geometry != null) {
            geometry.initialize(manager, dataType, g);
        }
        if (geometryIntoFeatures != null) {
            geometryIntoFeatures.initialize(manager, dataType, g);
        }
        if (featureNorm != null) {
            featureNorm.initialize(manager, dataType, out);
            geometryNorm.initialize(manager, dataType, out);
        }
        norm.initialize(manager, dataType, out);
        dropout.initialize(manager, dataType, out);
    }
}
