package io.mmstream.index.text;

import java.util.List;

/** Turns sentences into unit vectors whose dot product says how close their meanings are. */
public interface TextEncoder extends AutoCloseable {

    /** The encoder's name and version, kept with the vectors it made. */
    String name();

    /** The length of its vectors. */
    int dimension();

    /** One L2-normalised vector per text, in order. */
    List<float[]> encode(List<String> texts);

    /** The vector of one text. */
    default float[] encode(String text) {
        return encode(List.of(text)).get(0);
    }

    @Override
    default void close() {}
}
