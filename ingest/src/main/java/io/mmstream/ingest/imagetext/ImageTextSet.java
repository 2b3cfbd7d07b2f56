package io.mmstream.ingest.imagetext;

import java.io.IOException;

/** An open image-caption set read as a stream of items, one at a time, never held whole. */
public interface ImageTextSet extends AutoCloseable {

    /** The set as the user named it (the folder, manifest or shard given). */
    String input();

    /**
     * The next item, good or a problem; null once the set has ended. An {@link IOException} means the
     * set itself cannot be read further (a truncated shard, a folder gone): the items so far stand.
     */
    ImageTextItem next() throws IOException;

    @Override
    void close() throws IOException;
}
