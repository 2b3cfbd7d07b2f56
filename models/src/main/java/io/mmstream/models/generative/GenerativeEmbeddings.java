package io.mmstream.models.generative;

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
 * The generative transformers' input embeddings: word pieces and discrete VAE codes from tables of their
 * own, picture patches (M6) through a linear layer, each segment with its own learned positions; the
 * segments concatenated in the order given, normalised and dropped out.
 *
 * <p>Input: the segments, each either patches (B, P, 3pp) float, or token ids (B, T) then codes (B, I)
 * int: {@code (text, codes)}, {@code (patches, text)} or {@code (text)}; output (B, L, hidden).
 */
final class GenerativeEmbeddings extends AbstractBlock {

    private static final byte VERSION = 1;

    private final GenerativeConfig config;
    private final int hidden;
    private final Parameter words;
    private final Parameter wordPositions;
    private final Parameter codes;
    private final Parameter codePositions;
    private final Parameter patchPositions;
    private final Linear patchProjection;
    private final LayerNorm norm;
    private final Dropout dropout;

    GenerativeEmbeddings(GenerativeConfig config) {
        super(VERSION);
        this.config = config;
        this.hidden = config.encoder().hidden();
        words = addParameter(table("words", config.textVocabulary()));
        wordPositions = addParameter(table("wordPositions", config.textSlots()));
        codes = addParameter(table("codes", config.codes()));
        codePositions = addParameter(table("codePositions", config.imageTokens()));
        patchPositions = config.patches() > 0 ? addParameter(table("patchPositions", config.patches())) : null;
        patchProjection = config.patches() > 0 ? addChildBlock("patchProjection", Linear.builder().setUnits(hidden).build()) : null;
        norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
        dropout = addChildBlock("dropout", Dropout.builder().optRate(config.encoder().dropout()).build());
    }

    private Parameter table(String name, int rows) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(new Shape(rows, hidden))
                .optInitializer(new NormalInitializer(0.02f)).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList parts = new NDList();
        boolean textSeen = false;
        for (NDArray segment : inputs) {
            if (segment.getDataType() == DataType.FLOAT32) {
                NDArray projected = patchProjection.forward(store, new NDList(segment), training).singletonOrThrow();
                parts.add(projected.add(positions(store, patchPositions, segment, training)));
            } else if (!textSeen) {
                textSeen = true;
                parts.add(lookup(store, words, segment, training).add(positions(store, wordPositions, segment, training)));
            } else {
                parts.add(lookup(store, codes, segment, training).add(positions(store, codePositions, segment, training)));
            }
        }
        NDArray x = parts.size() == 1 ? parts.singletonOrThrow() : ai.djl.ndarray.NDArrays.concat(parts, 1);
        x = norm.forward(store, new NDList(x), training).singletonOrThrow();
        return dropout.forward(store, new NDList(x), training);
    }

    /** The first {@code segment.length} rows of a position table, as (1, length, hidden) in the segment's manager. */
    private static NDArray positions(ParameterStore store, Parameter table, NDArray segment, boolean training) {
        long length = segment.getShape().get(1);
        NDArray rows = store.getValue(table, segment.getDevice(), training).get("0:" + length).expandDims(0);
        // a result lands in the manager of the array it comes from: the table's is the model's, long-lived
        rows.attach(segment.getManager());
        return rows;
    }

    /** Rows of {@code table} picked by {@code ids} (B, T): (B, T, hidden). */
    private NDArray lookup(ParameterStore store, Parameter table, NDArray ids, boolean training) {
        Shape shape = ids.getShape();
        NDArray rows = store.getValue(table, ids.getDevice(), training).get(ids.reshape(-1).toType(DataType.INT64, false));
        rows.attach(ids.getManager());
        return rows.reshape(shape.get(0), shape.get(1), hidden);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long length = 0;
        for (Shape s : inputShapes) {
            length += s.get(1);
        }
        return new Shape[] {new Shape(inputShapes[0].get(0), length, hidden)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (patchProjection != null) {
            patchProjection.initialize(manager, dataType, new Shape(1, config.patches(), config.patchWidth()));
        }
        Shape out = new Shape(1, config.longest(), hidden);
        norm.initialize(manager, dataType, out);
        dropout.initialize(manager, dataType, out);
    }
}
