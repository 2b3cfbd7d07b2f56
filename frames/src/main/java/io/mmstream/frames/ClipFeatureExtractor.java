package io.mmstream.frames;

import java.util.List;

/** Turns the frames of one clip into a feature vector of fixed dimension, for the visual tokenizer. */
public interface ClipFeatureExtractor {

    /** Name and version, recorded with every clip and codebook (features of different extractors never mix). */
    String name();

    /** Length of every vector this extractor returns. */
    int dimension();

    /** The features of a clip's frames, in time order; at least one frame. */
    float[] extract(List<RgbFrame> frames);
}
