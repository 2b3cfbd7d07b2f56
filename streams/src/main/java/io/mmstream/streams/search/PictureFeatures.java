package io.mmstream.streams.search;

import io.mmstream.frames.ClipFeatureExtractor;
import io.mmstream.frames.ClipFeatureExtractors;
import io.mmstream.frames.RgbFrame;
import io.mmstream.ingest.DecodeOptions;
import io.mmstream.ingest.MediaDecoder;
import io.mmstream.ingest.MediaException;
import io.mmstream.ingest.MediaSink;
import io.mmstream.ingest.SampledFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The features of a picture as the clips of the index have theirs: the picture decoded and scaled as
 * {@code index} does a frame, held still for a clip's length, through the same extractor. Search by picture
 * compares these with the clips'.
 */
public final class PictureFeatures {

    /** Frames in a clip of the default windows (1.5 s at 20 fps). */
    private static final int CLIP_FRAMES = 30;
    /** The longer side of the frames {@code index} samples by default, and of a picture searched for. */
    public static final int INDEX_FRAME_SIZE = 128;

    private PictureFeatures() {}

    /** The features of the picture (or a video's first frame) at {@code file}, by the extractor named {@code extractor}. */
    public static float[] of(Path file, String extractor) throws MediaException {
        List<RgbFrame> frames = new ArrayList<>();
        new MediaDecoder(DecodeOptions.defaults().withMaxSide(INDEX_FRAME_SIZE).withAudio(false), () -> !frames.isEmpty()).decode(file.toString(), new MediaSink() {
            @Override
            public void frame(SampledFrame frame) {
                if (frames.isEmpty()) {
                    frames.add(new RgbFrame(0, frame.width(), frame.height(), frame.rgb()));
                }
            }
        });
        if (frames.isEmpty()) {
            throw new MediaException(file.toString(), "no picture in it");
        }
        ClipFeatureExtractor features = ClipFeatureExtractors.create(extractor);
        try {
            return features.extract(Collections.nCopies(CLIP_FRAMES, frames.get(0)));
        } finally {
            if (features instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // nothing left to release
                }
            }
        }
    }
}
