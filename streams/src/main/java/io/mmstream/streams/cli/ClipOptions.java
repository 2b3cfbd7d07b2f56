package io.mmstream.streams.cli;

import io.mmstream.frames.ClipFeatureExtractors;
import io.mmstream.frames.ClipWindows;
import io.mmstream.ingest.DecodeOptions;
import picocli.CommandLine.Option;

/** How the commands that sample frames ({@code ingest}) cut them into clips and describe each clip. */
final class ClipOptions {

    @Option(names = "--features", paramLabel = "NAME", defaultValue = ClipFeatureExtractors.DEFAULT,
            description = "Clip features: ${DEFAULT-VALUE} (no weights), centernet (a COCO detector's backbone, bundled),"
                    + " or torchscript:PATH[@SIDE] for a TorchScript network fed [frames, 3, SIDE, SIDE] clips (default side 112).")
    String features = ClipFeatureExtractors.DEFAULT;

    @Option(names = "--clip-frames", paramLabel = "N", defaultValue = "30",
            description = "Frames per clip, at the sampling rate (default: ${DEFAULT-VALUE}: 1.5 s at 20 fps, as VideoBERT).")
    int clipFrames = 30;

    @Option(names = "--clip-stride", paramLabel = "N",
            description = "Frames between clip starts (default: the clip length, no overlap).")
    Integer clipStride;

    @Option(names = "--objects", description = "Detect COCO objects (person, dog, bicycle, ...) scored 0.4 or more in each"
            + " clip's middle frame with the bundled CenterNet, and index their names (frames are then sampled at 256 pixels or more).")
    boolean objects;

    /** The frame size a command samples at: {@code requested}, raised to what the detector needs when objects are detected. */
    int frameSide(int requested) {
        return objects ? Math.max(requested, io.mmstream.models.detect.ClipObjects.MIN_FRAME_SIDE) : requested;
    }

    /** A detector per clip task when {@code --objects} is given, else null. */
    java.util.function.Supplier<io.mmstream.models.detect.ClipObjectDetector> objectDetectors() {
        return objects ? () -> new io.mmstream.models.detect.ClipObjects(io.mmstream.models.detect.ClipObjects.MIN_SCORE) : null;
    }

    /** Loads the {@code --features} extractor once and closes it: a model that cannot load fails here, with its reason. */
    void checkFeatures() {
        var extractor = ClipFeatureExtractors.create(features);
        if (extractor instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Clips of {@code --clip-frames} frames every {@code --clip-stride}, counted at the sampling rate. */
    ClipWindows clipWindows(DecodeOptions decode) {
        return new ClipWindows(decode.frameRate(), clipFrames, clipStride == null ? clipFrames : clipStride);
    }

    /**
     * Decode options sampling {@code fps} frames a second with a longer side of {@code frameSize},
     * checked against these clip options; a bad value is a usage error of {@code commandLine}.
     */
    DecodeOptions sampling(double fps, int frameSize, picocli.CommandLine commandLine) {
        try {
            DecodeOptions decode = DecodeOptions.defaults().withFrameRate(fps).withMaxSide(frameSide(frameSize));
            if (decode.frameRate() > 0) {
                clipWindows(decode);
                checkFeatures();
            }
            return decode;
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }
}
