package io.mmstream.models.imagetext;

/** How an architecture turns a region's features and its 5-d geometry into the encoder's input. */
public enum RegionStyle {
    /** VisualBERT: the projected features only (no geometry). */
    FEATURES,
    /** VL-BERT: projected features plus projected geometry; every region gets the same position (no order). */
    FEATURES_PLUS_GEOMETRY,
    /** Unicoder-VL: the geometry through a linear layer into the feature space, added to the features, then projected. */
    GEOMETRY_INTO_FEATURES,
    /** UNITER: features and geometry each projected and normalised, then summed. */
    NORMALISED_SUM
}
