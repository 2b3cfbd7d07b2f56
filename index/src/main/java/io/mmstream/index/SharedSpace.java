package io.mmstream.index;

/**
 * A trained text-video space (a CLIP dual encoder's) as search uses it: a query's sentence vector
 * mapped into the space where the index keeps its clips' {@link Entry.Shared} vectors.
 */
public interface SharedSpace {

    /** The space's name, as the clips' vectors carry it. */
    String name();

    /** The sentence vector of a query (the search's {@link io.mmstream.index.text.TextEncoder}'s) in this space, unit length. */
    float[] fromSentence(float[] sentenceVector);
}
