package io.mmstream.models.videobert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Input embeddings: one table over every token (word pieces, [>], visual words), plus a learned
 * position embedding and a text/video segment embedding, summed, normalised and dropped out.
 *
 * <p>Input: token ids (B, T) and segment types (B, T), both int; output (B, T, hidden).
 */
public final class TokenEmbeddings extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int hidden;
    private final Parameter tokens;
    private final Parameter positions;
    private final Parameter types;
    private final LayerNorm norm;
    private final Dropout dropout;

    public TokenEmbeddings(VideoBertVocabulary vocabulary, VideoBertConfig config) {
        super(VERSION);
        this.hidden = config.hidden();
        this.tokens = addParameter(table("tokens", vocabulary.size()));
        this.positions = addParameter(table("positions", config.maxLength()));
        this.types = addParameter(table("types", 2));
        this.norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
        this.dropout = addChildBlock("dropout", Dropout.builder().optRate(config.dropout()).build());
    }

    private Parameter table(String name, int rows) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(rows, hidden))
                .optInitializer(new NormalInitializer(0.02f))
                .build();
    }

    /** The token table (rows = vocabulary ids): visual-word rows may be set from codebook centroids. */
    public Parameter tokenTable() {
        return tokens;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray segmentTypes = inputs.get(1);
        long length = ids.getShape().get(1);
        NDArray tokenTable = store.getValue(tokens, ids.getDevice(), training);
        NDArray positionTable = store.getValue(positions, ids.getDevice(), training);
        NDArray typeTable = store.getValue(types, ids.getDevice(), training);
        // DJL attaches a result to the manager of the array it is computed from: rows picked out of
        // the tables would land in the model's long-lived manager (and keep their autograd graph
        // there) unless moved to the batch's, which is closed after each step
        NDArray positionRows = positionTable.get("0:" + length).expandDims(0);
        positionRows.attach(ids.getManager());
        NDArray x = lookup(tokenTable, ids)
                .add(positionRows)
                .add(lookup(typeTable, segmentTypes));
        x = norm.forward(store, new NDList(x), training).singletonOrThrow();
        return dropout.forward(store, new NDList(x), training);
    }

    /** Rows of {@code table} picked by {@code ids} (B, T): (B, T, hidden). */
    static NDArray lookup(NDArray table, NDArray ids) {
        Shape shape = ids.getShape();
        NDArray flat = ids.reshape(-1).toType(DataType.INT64, false);
        NDArray rows = table.get(flat);
        rows.attach(ids.getManager());
        return rows.reshape(shape.get(0), shape.get(1), table.getShape().get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1), hidden)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape out = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), hidden);
        norm.initialize(manager, dataType, out);
        dropout.initialize(manager, dataType, out);
    }
}
