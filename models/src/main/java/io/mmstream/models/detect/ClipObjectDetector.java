package io.mmstream.models.detect;

import io.mmstream.frames.RgbFrame;
import java.util.List;

/** Finds the objects of one clip for the stream and the index; {@link ClipObjects} is the bundled detector's. */
public interface ClipObjectDetector extends AutoCloseable {

    /** The objects seen in the clip, best first. */
    List<Detection> detect(List<RgbFrame> frames);

    @Override
    void close();
}
